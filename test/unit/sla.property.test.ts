// Invariants between the two ways the engine measures a clock: time left (sums over active segments)
// and the due instant (walking those segments, then addBusinessMinutes). They must agree on any history.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessMinutesBetween } from '../../lib/business-time';
import type { TicketSnapshot } from '../../lib/adapters/types';
import type { Contract } from '../../lib/contracts/model';
import { computeSla } from '../../lib/sla';

const DAY = [['08:00', '12:00'], ['13:00', '17:30']] as [string, string][];
const CONTRACT: Contract = {
  id: 'p',
  customer: { name: 'P' },
  tier: 'Gold',
  term: { start: '2020-01-01', end: '2030-12-31' },
  calendar: { timezone: 'America/New_York', weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: [['08:00', '15:00']] }, holidays: ['2025-03-10', '2025-11-27'] },
  channels: ['email'],
  targets: {
    sev1: { firstResponse: { minutes: 30, basis: '24x7' }, updateCadence: { minutes: 90, basis: '24x7' }, resolution: { minutes: 600, basis: '24x7' } },
    sev2: { firstResponse: { minutes: 90, basis: 'business' }, updateCadence: { minutes: 300, basis: 'business' }, resolution: { minutes: 1500, basis: 'business' } },
  },
  internalTargets: { sev2: { resolution: { minutes: 900, basis: 'business' } } },
};

const T0 = Date.UTC(2025, 2, 1); // spans the US DST switch on 9 March
const H = 3_600_000;
const STATUSES = ['open', 'pending', 'on-hold', 'open', 'solved', 'new'];

const arbTicket = fc.record({
  created: fc.integer({ min: 0, max: 20 * 24 }),
  age: fc.integer({ min: 0, max: 10 * 24 * 60 }),
  priority: fc.constantFrom('urgent', 'high'),
  history: fc.array(fc.record({ status: fc.constantFrom(...STATUSES), minutes: fc.integer({ min: 0, max: 10 * 24 * 60 }) }), { maxLength: 8 }),
  current: fc.constantFrom(...STATUSES),
  reply: fc.option(fc.integer({ min: 0, max: 3 * 24 * 60 }), { nil: undefined }),
});

type Gen = typeof arbTicket extends fc.Arbitrary<infer T> ? T : never;

function build(a: Gen) {
  const created = T0 + a.created * H;
  const now = new Date(created + a.age * 60_000);
  const history = a.history.map((h) => ({ status: h.status, at: new Date(created + h.minutes * 60_000) }));
  const reply = a.reply === undefined ? undefined : new Date(created + a.reply * 60_000);
  const t: TicketSnapshot = {
    helpdesk: 'zendesk', ticketId: '1', priority: a.priority, status: a.current, createdAt: new Date(created), statusHistory: history,
    ...(reply && reply <= now ? { firstAgentReplyAt: reply, lastAgentReplyAt: reply } : {}),
  };
  return { t, now };
}

describe('SLA engine invariants', () => {
  it('time left, due instant and state agree for any status history', () => {
    fc.assert(
      fc.property(arbTicket, (a) => {
        const { t, now } = build(a);
        const r = computeSla(t, CONTRACT, now);
        for (const c of r.clocks) {
          for (const tc of [c.contractual, c.internal]) {
            if (!tc) continue;
            expect(tc.elapsedFraction).toBeGreaterThanOrEqual(0);
            expect(tc.minutesLeft).toBeCloseTo(tc.target.minutes * (1 - tc.elapsedFraction), 6);
            switch (tc.state) {
              case 'running':
              case 'atRisk':
                expect(tc.dueAt!.getTime()).toBeGreaterThanOrEqual(now.getTime());
                expect(tc.state === 'atRisk').toBe(tc.elapsedFraction >= 0.75);
                break;
              case 'breached':
                expect(tc.dueAt!.getTime()).toBeLessThanOrEqual(now.getTime());
                break;
              case 'paused':
                expect(c.paused).toBe(true);
                expect(tc.dueAt).toBeNull();
                break;
              case 'missed':
                expect(tc.dueAt!.getTime()).toBeLessThan(tc.stoppedAt!.getTime());
                break;
              case 'met':
                expect(tc.minutesLeft).toBeGreaterThanOrEqual(0);
                break;
            }
            // With no waiting in between, the due instant is exactly the target's length after the start.
            if (!r.clocks.some((k) => k.paused) && tc.dueAt && (c.kind === 'firstResponse' || !t.statusHistory!.some((h) => /pending|hold/.test(h.status)))) {
              const len = tc.target.basis === 'business'
                ? businessMinutesBetween(c.startedAt, tc.dueAt, CONTRACT.calendar)
                : (tc.dueAt.getTime() - c.startedAt.getTime()) / 60_000;
              if (c.startedAt <= now) expect(len).toBeCloseTo(tc.target.minutes, 6);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an unresolved clock never gains time as now moves on', () => {
    fc.assert(
      fc.property(arbTicket, fc.integer({ min: 1, max: 3 * 24 * 60 }), (a, later) => {
        const { t, now } = build({ ...a, current: 'open', history: a.history.filter((h) => h.status !== 'solved') });
        const r1 = computeSla(t, CONTRACT, now);
        const r2 = computeSla(t, CONTRACT, new Date(now.getTime() + later * 60_000));
        for (const c1 of r1.clocks) {
          const c2 = r2.clocks.find((c) => c.kind === c1.kind)!;
          expect(c2.contractual.minutesLeft).toBeLessThanOrEqual(c1.contractual.minutesLeft + 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  });
});
