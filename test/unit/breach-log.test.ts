import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appendOutcomes, loadBreachLog, outcomesFromUpdate, outcomesOnDrop, saveBreachLog, type BreachLogEntry } from '../../lib/breach-log';
import { businessMinutesBetween } from '../../lib/business-time';
import { at, clock, contract, plus, watched } from './watch-fixtures';

const T0 = '2026-11-20T10:00:00.000Z';
const now = at('2026-11-20T13:00:00Z');

beforeEach(() => {
  fakeBrowser.reset();
});

describe('outcomes from an overlay update', () => {
  it('logs each stopped target with its exact margin, contractual and internal separately', () => {
    const t = watched({
      clocks: [
        clock('firstResponse', T0, { state: 'met', stoppedAt: plus(T0, 40), minutesLeft: 20, dueAt: plus(T0, 60) }, { minutes: 30, state: 'missed', stoppedAt: plus(T0, 40), minutesLeft: -10, dueAt: plus(T0, 30) }),
        clock('resolution', T0, { state: 'running', dueAt: plus(T0, 480) }),
      ],
    });
    const out = outcomesFromUpdate(undefined, t, now);
    expect(out.map((e) => [e.kind, e.tier, e.outcome, e.marginMinutes])).toEqual([
      ['firstResponse', 'contractual', 'met', 20],
      ['firstResponse', 'internal', 'missed', -10],
    ]);
    // Reported again unchanged by the next view: already logged.
    expect(outcomesFromUpdate(t, t, now)).toEqual([]);
    expect(out[0]).toMatchObject({ id: `${t.key}|firstResponse|contractual|${T0}`, customer: 'Contoso Ltd', contractId: 'contoso-premium', severity: 'sev1', url: t.url, at: plus(T0, 40), stoppedAt: plus(T0, 40), loggedAt: now.toISOString() });
  });

  it('logs an update-cadence cycle that a newer public update ended: met before its due, missed after', () => {
    const prev = watched({ clocks: [clock('updateCadence', T0, { minutes: 30, dueAt: plus(T0, 30) })] });
    const onTime = watched({ clocks: [clock('updateCadence', plus(T0, 25), { minutes: 30, dueAt: plus(T0, 55) })] });
    const [met] = outcomesFromUpdate(prev, onTime, now);
    expect(met).toMatchObject({ kind: 'updateCadence', outcome: 'met', marginMinutes: 5, startedAt: T0, stoppedAt: plus(T0, 25) });
    expect(met!.approximate).toBeUndefined();

    const late = watched({ clocks: [clock('updateCadence', plus(T0, 42), { minutes: 30, dueAt: plus(T0, 72) })] });
    expect(outcomesFromUpdate(prev, late, now)[0]).toMatchObject({ outcome: 'missed', marginMinutes: -12 });
    // Same cycle as before: nothing ended.
    expect(outcomesFromUpdate(prev, prev, now)).toEqual([]);
  });

  it('counts a business-hours cycle on the calendar when given, else wall-clock time marked approximate', () => {
    // Globex, New York business hours: due Fri 17:30 EST, the update came Mon 09:30 EST.
    const cal = contract('globex-standard').calendar;
    const due = '2026-11-20T22:30:00.000Z';
    const end = '2026-11-23T14:30:00.000Z';
    const prev = watched({ clocks: [clock('updateCadence', '2026-11-20T20:30:00.000Z', { basis: 'business', minutes: 120, dueAt: due })] });
    const next = watched({ clocks: [clock('updateCadence', end, { basis: 'business', minutes: 120, dueAt: null })] });
    const measure = (basis: string, a: number, b: number) => (basis === '24x7' ? (b - a) / 60_000 : businessMinutesBetween(new Date(a), new Date(b), cal));
    expect(outcomesFromUpdate(prev, next, now, measure)[0]).toMatchObject({ outcome: 'missed', marginMinutes: -60 });
    const rough = outcomesFromUpdate(prev, next, now)[0]!;
    expect(rough).toMatchObject({ outcome: 'missed', approximate: true });
    expect(rough.marginMinutes).toBe(-(Date.parse(end) - Date.parse(due)) / 60_000);
  });

  it('logs, when a ticket leaves the list, only targets seen breached, as missed by at least what was overdue', () => {
    const t = watched({
      lastSeenAt: plus(T0, 90),
      clocks: [
        clock('firstResponse', T0, { state: 'breached', dueAt: plus(T0, 60), minutesLeft: -30 }),
        clock('resolution', T0, { state: 'running', dueAt: plus(T0, 480) }),
      ],
    });
    const out = outcomesOnDrop(t, now);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'firstResponse', outcome: 'missed', marginMinutes: -30, lowerBound: true, stoppedAt: null, at: plus(T0, 60) });
  });
});

describe('the log', () => {
  const entry = (id: string, over: Partial<BreachLogEntry> = {}): BreachLogEntry => ({
    id, ticketKey: 'k', helpdesk: 'zendesk', ticketId: '1', url: 'https://acme.zendesk.com/agent/tickets/1', customer: 'C', contractId: 'c',
    severity: 'sev1', kind: 'resolution', tier: 'contractual', basis: '24x7', targetMinutes: 60, startedAt: T0, dueAt: plus(T0, 60),
    stoppedAt: plus(T0, 30), at: plus(T0, 30), outcome: 'met', marginMinutes: 30, loggedAt: T0, ...over,
  });

  it('keeps one entry per cycle; an exact outcome replaces a lower bound', () => {
    let r = appendOutcomes([], [entry('a'), entry('b', { outcome: 'missed', marginMinutes: -5, lowerBound: true })]);
    expect(r.added).toBe(2);
    r = appendOutcomes(r.log, [entry('a', { marginMinutes: 1 }), entry('b', { outcome: 'missed', marginMinutes: -42 })]);
    expect(r.added).toBe(1);
    expect(r.log.find((e) => e.id === 'a')!.marginMinutes).toBe(30);
    expect(r.log.find((e) => e.id === 'b')).toMatchObject({ marginMinutes: -42 });
    expect(r.log.find((e) => e.id === 'b')!.lowerBound).toBeUndefined();
  });

  it('drops the oldest entries beyond the cap', () => {
    const r = appendOutcomes([entry('1'), entry('2')], [entry('3'), entry('4')], 3);
    expect(r.log.map((e) => e.id)).toEqual(['2', '3', '4']);
  });

  it('round-trips through local storage and ignores malformed stored entries', async () => {
    await saveBreachLog([entry('x')]);
    expect((await loadBreachLog()).map((e) => e.id)).toEqual(['x']);
    await fakeBrowser.storage.local.set({ 'breach-log': [entry('y'), { nope: 1 }, null] });
    expect((await loadBreachLog()).map((e) => e.id)).toEqual(['y']);
  });
});
