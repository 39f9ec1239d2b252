// Matching benchmark: index build for 10,000 contracts and the median cost of one lookup, against a
// naive linear scan over the same pre-normalised data (what a "just loop over the contracts" version does).
import type { Contract } from '../../lib/contracts/model';
import {
  buildMatchIndex,
  isFreeMailDomain,
  matchTicket,
  normalizeOrgName,
  requesterDomain,
  type MatchInput,
} from '../../lib/match';

type Row = { name: string; value: number; unit: string; note?: string };

const N = 10_000;
const NOW = new Date('2025-06-10T12:00:00Z');
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Müller', 'Société', 'Zürich'];
const SUFFIX = ['GmbH', 'Inc.', 'Ltd', 'S.A.', 'B.V.', 'LLC', 'AG', 'Pty Ltd', ''];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeContracts(): Contract[] {
  const r = rng(42);
  return Array.from({ length: N }, (_, i) => {
    const w = WORDS[Math.floor(r() * WORDS.length)] ?? 'Acme';
    const sfx = SUFFIX[i % SUFFIX.length] ?? '';
    return {
      id: `c${i}`,
      customer: {
        name: `${w} ${i} ${sfx}`.trim(),
        aliases: [`${w}${i} Group`],
        domains: [`${w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}${i}.com`, `c${i}.example.net`],
        contacts: [`cto@c${i}.example.net`, `ops${i}@partner.org`],
        externalIds: [`zendesk:${100000 + i}`],
      },
      tier: 'Enterprise',
      term: { start: '2025-01-01', end: '2025-12-31' },
      calendar: { timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '18:00']] } },
      channels: ['email'],
      targets: {},
    } satisfies Contract;
  });
}

type Lookup = { kind: 'email' | 'domain' | 'subdomain' | 'name' | 'miss'; input: MatchInput; expect?: string };

function makeLookups(contracts: Contract[]): Lookup[] {
  const r = rng(7);
  const out: Lookup[] = [];
  for (let k = 0; k < 5000; k++) {
    const c = contracts[Math.floor(r() * contracts.length)];
    if (!c) continue;
    const i = c.id.slice(1);
    const base = { helpdesk: 'zendesk' };
    switch (k % 5) {
      case 0: out.push({ kind: 'email', input: { ...base, requesterEmail: `ops${i}@partner.org` }, expect: c.id }); break;
      case 1: out.push({ kind: 'domain', input: { ...base, requesterEmail: `jane@c${i}.example.net` }, expect: c.id }); break;
      case 2: out.push({ kind: 'subdomain', input: { ...base, requesterEmail: `jane@eu.support.c${i}.example.net` }, expect: c.id }); break;
      case 3: out.push({ kind: 'name', input: { ...base, requesterEmail: `x${i}@gmail.com`, organization: c.customer.name.toUpperCase() }, expect: c.id }); break;
      default: out.push({ kind: 'miss', input: { ...base, requesterEmail: `x@nobody${i}.io`, organization: `Nobody ${i} Ltd` } });
    }
  }
  return out;
}

/** The naive peer: same rules and the same pre-normalised keys, but a scan over every contract per rule. */
function makeLinear(contracts: Contract[]) {
  const rows = contracts.map((c) => ({
    c,
    emails: (c.customer.contacts ?? []).map((e) => e.toLowerCase()),
    domains: c.customer.domains ?? [],
    names: [c.customer.name, ...(c.customer.aliases ?? [])].map(normalizeOrgName),
  }));
  return (t: MatchInput): Contract[] => {
    const email = t.requesterEmail?.toLowerCase();
    const domain = requesterDomain(email);
    let hits = rows.filter((r) => email !== undefined && r.emails.includes(email));
    if (hits.length) return hits.map((r) => r.c);
    if (domain && !isFreeMailDomain(domain)) {
      let best = 0;
      hits = [];
      for (const r of rows) {
        for (const d of r.domains) {
          if ((domain === d || domain.endsWith(`.${d}`)) && d.length >= best) {
            if (d.length > best) hits = [];
            best = d.length;
            hits.push(r);
          }
        }
      }
      if (hits.length) return hits.map((r) => r.c);
    }
    const key = t.organization ? normalizeOrgName(t.organization) : '';
    return key ? rows.filter((r) => r.names.includes(key)).map((r) => r.c) : [];
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Median over batches of the mean ns per call (a single call is below the timer's resolution). */
function nsPerCall(items: Lookup[], fn: (l: Lookup) => unknown, batch: number, rounds: number): number {
  const per: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (let off = 0; off + batch <= items.length; off += batch) {
      const t0 = process.hrtime.bigint();
      for (let i = off; i < off + batch; i++) if (fn(items[i] as Lookup)) sink++;
      per.push(Number(process.hrtime.bigint() - t0) / batch);
    }
  }
  if (sink < 0) throw new Error('unreachable');
  return median(per);
}

export async function run(): Promise<Row[]> {
  const contracts = makeContracts();
  const builds: number[] = [];
  let index = buildMatchIndex(contracts);
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    index = buildMatchIndex(contracts);
    builds.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  const lookups = makeLookups(contracts);
  // Correctness guard: a benchmark of wrong answers is worthless.
  for (const l of lookups) {
    const r = matchTicket(index, l.input, NOW);
    const got = r.kind === 'matched' ? r.contract.id : r.kind;
    if (got !== (l.expect ?? 'none')) throw new Error(`${l.kind} lookup for ${JSON.stringify(l.input)} gave ${got}`);
  }

  const rows: Row[] = [{ name: 'match.build.10k', value: median(builds), unit: 'ms', note: `${N} contracts, median of ${builds.length}` }];
  const indexed = nsPerCall(lookups, (l) => matchTicket(index, l.input, NOW), 100, 20);
  rows.push({ name: 'match.lookup.mixed', value: indexed, unit: 'ns', note: 'median ns/lookup: email, domain, subdomain, org name, miss (budget 10,000)' });
  for (const kind of ['email', 'domain', 'subdomain', 'name', 'miss'] as const) {
    const subset = lookups.filter((l) => l.kind === kind);
    rows.push({ name: `match.lookup.${kind}`, value: nsPerCall(subset, (l) => matchTicket(index, l.input, NOW), 50, 20), unit: 'ns' });
  }

  const linear = makeLinear(contracts);
  const sample = lookups.slice(0, 250);
  for (const l of sample) {
    const got = linear(l.input).map((c) => c.id);
    if ((got[0] ?? 'none') !== (l.expect ?? 'none') || got.length > 1) throw new Error(`linear peer disagrees on ${JSON.stringify(l.input)}`);
  }
  const naive = nsPerCall(sample, (l) => linear(l.input), 25, 2);
  rows.push({ name: 'match.linear.mixed', value: naive, unit: 'ns', note: 'naive scan over pre-normalised contracts' });
  rows.push({ name: 'match.speedup', value: naive / indexed, unit: 'x', note: 'linear / indexed' });
  return rows;
}
