// Contract factories for the options/popup/search tests (not a test file itself).
import type { Contract } from '../../lib/contracts/model';

export function makeContract(over: Partial<Contract> & { name?: string; id?: string } = {}): Contract {
  const { name = 'Acme Corp', id, customer, ...rest } = over;
  return {
    id: id ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    customer: customer ?? { name },
    tier: 'Enterprise',
    term: { start: '2025-01-01', end: '2026-12-31' },
    calendar: {
      timezone: 'Europe/Berlin',
      weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
    },
    channels: ['email', 'phone'],
    targets: {
      sev1: { firstResponse: { minutes: 30, basis: '24x7' }, resolution: { minutes: 240, basis: '24x7' } },
      sev2: { firstResponse: { minutes: 120, basis: 'business' } },
    },
    ...rest,
  };
}

const WORDS = ['North', 'Blue', 'Delta', 'Quantum', 'Silver', 'Harbor', 'Vertex', 'Nimbus', 'Granite', 'Aurora', 'Cobalt', 'Maple',
  'Orbit', 'Summit', 'Falcon', 'Lumen', 'Pioneer', 'Cedar', 'Atlas', 'Zephyr'];
const KINDS = ['Systems', 'Logistics', 'Health', 'Bank', 'Foods', 'Energy', 'Media', 'Labs', 'Retail', 'Insurance'];
const TIERS = ['Enterprise', 'Premium', 'Standard'];

/** n distinct, deterministic contracts ("North Blue Systems 17"), spread over tiers and term ends. */
export function generateContracts(n: number): Contract[] {
  return Array.from({ length: n }, (_, i) => {
    const a = WORDS[i % WORDS.length]!;
    const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length]!;
    const k = KINDS[Math.floor(i / 400) % KINDS.length]!;
    const name = `${a} ${b} ${k} ${i}`;
    const slug = `${a}${b}${i}`.toLowerCase();
    const endMonth = String((i % 12) + 1).padStart(2, '0');
    return makeContract({
      id: `c-${i}`,
      customer: { name, domains: [`${slug}.example`], contacts: [`ops@${slug}.example`], aliases: [`${a.slice(0, 3)}${b.slice(0, 3)}${i}`] },
      tier: TIERS[i % TIERS.length]!,
      term: { start: '2024-01-01', end: `${2025 + (i % 3)}-${endMonth}-28` },
    });
  });
}
