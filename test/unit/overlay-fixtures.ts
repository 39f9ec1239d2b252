// Constructed engine results for the overlay and runtime tests: the views are tested on these, not on
// the engines' outputs, so a change in an engine cannot hide a view bug (or the reverse).
import { signal } from '@preact/signals';
import type { TicketSnapshot } from '../../lib/adapters/types';
import type { Contract } from '../../lib/contracts/model';
import type { TermStatus } from '../../lib/contracts/status';
import type { EscalationSuggestion } from '../../lib/escalation';
import type { MatchResult } from '../../lib/match';
import type { Clock, SlaResult, TargetClock } from '../../lib/sla/types';
import type { Engines } from '../../lib/runtime/state';

export const NOW = new Date('2025-03-04T10:00:00Z'); // Tue 10:00 UTC

export const contract = (over: Partial<Contract> = {}): Contract => ({
  id: 'acme',
  customer: { name: 'Acme Corp', domains: ['acme.com'], contacts: ['ops@acme.com'] },
  tier: 'Enterprise',
  term: { start: '2024-01-01', end: '2025-12-31' },
  calendar: { timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] } },
  channels: ['email', 'phone'],
  primaryChannel: 'phone',
  targets: { sev2: { firstResponse: { minutes: 60, basis: 'business' }, resolution: { minutes: 960, basis: 'business' } } },
  entitlements: { tam: { name: 'Tina Tam', email: 'tina@vendor.example', side: 'internal' } },
  ...over,
});

export const snapshot = (over: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  helpdesk: 'zendesk',
  ticketId: '101',
  requesterEmail: 'ops@acme.com',
  organization: 'Acme Corp',
  priority: 'High',
  status: 'Open',
  createdAt: new Date('2025-03-04T08:00:00Z'),
  sources: { ticketId: 'url', requesterEmail: 'api', priority: 'dom', status: 'dom' },
  ...over,
});

export const target = (over: Partial<TargetClock> = {}): TargetClock => ({
  target: { minutes: 60, basis: 'business' },
  dueAt: new Date('2025-03-04T11:00:00Z'),
  minutesLeft: 60,
  elapsedFraction: 0,
  state: 'running',
  ...over,
});

export const clock = (kind: Clock['kind'], contractual: Partial<TargetClock> = {}, over: Partial<Clock> = {}): Clock => ({
  kind,
  startedAt: new Date('2025-03-04T08:00:00Z'),
  contractual: target(contractual),
  paused: false,
  ...over,
});

export const sla = (clocks: Clock[], over: Partial<SlaResult> = {}): SlaResult => ({
  severity: 'sev2',
  severitySource: 'default',
  clocks,
  coverage: { timezone: 'Europe/Berlin', localTime: 'Tue 11:00', open: true, nextOpen: null, closesAt: new Date('2025-03-04T17:00:00Z'), label: 'open until 18:00' },
  pausedNow: false,
  notes: [],
  ...over,
});

export const term = (over: Partial<TermStatus> = {}): TermStatus => ({ state: 'active', daysLeft: 300, onboarding: false, today: '2025-03-04', ...over });

export interface FakeEngineResults {
  match?: (s: TicketSnapshot, contracts: readonly Contract[]) => MatchResult;
  sla?: SlaResult | (() => SlaResult);
  escalation?: EscalationSuggestion;
  term?: TermStatus;
}

/** Engines returning the given results; counts index builds. */
export function fakeEngines(r: FakeEngineResults = {}) {
  const calls = { buildIndex: 0, sla: 0, match: 0 };
  const engines: Engines = {
    buildIndex: (contracts) => {
      calls.buildIndex++;
      return { size: contracts.length, contracts } as unknown as ReturnType<Engines['buildIndex']>;
    },
    match: (index, s) => {
      calls.match++;
      const contracts = (index as unknown as { contracts: Contract[] }).contracts;
      if (r.match) return r.match(s, contracts);
      const c = contracts[0];
      return c ? { kind: 'matched', contract: c, by: 'domain', key: 'acme.com', term: 'active' } : { kind: 'none', domain: 'acme.com' };
    },
    sla: () => {
      calls.sla++;
      const v = r.sla ?? sla([clock('firstResponse'), clock('resolution', { minutesLeft: 900, dueAt: new Date('2025-03-05T10:00:00Z') })]);
      return typeof v === 'function' ? v() : v;
    },
    escalate: () => r.escalation ?? { current: null, next: null, note: 'note' },
    term: () => r.term ?? term(),
  };
  return { engines, calls };
}

export const fixedNow = (d = NOW) => signal(d);
