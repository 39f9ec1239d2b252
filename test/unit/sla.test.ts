import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import type { Contract } from '../../lib/contracts/model';
import { computeSla, isResolvedStatus, type SlaOptions } from '../../lib/sla';
import type { Clock, SlaResult } from '../../lib/sla/types';

const ZONE = 'Europe/Berlin';
/** Berlin wall-clock time → instant. */
const b = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const MON_FRI = [['09:00', '18:00']] as [string, string][];

function contract(extra: Partial<Contract> = {}): Contract {
  return {
    id: 'acme',
    customer: { name: 'Acme GmbH' },
    tier: 'Enterprise',
    term: { start: '2025-01-01', end: '2025-12-31' },
    calendar: { timezone: ZONE, weekly: { mon: MON_FRI, tue: MON_FRI, wed: MON_FRI, thu: MON_FRI, fri: MON_FRI } },
    channels: ['email'],
    targets: {
      sev1: { firstResponse: { minutes: 60, basis: '24x7' }, updateCadence: { minutes: 120, basis: '24x7' }, resolution: { minutes: 480, basis: '24x7' } },
      sev2: { firstResponse: { minutes: 120, basis: 'business' }, updateCadence: { minutes: 240, basis: 'business' }, resolution: { minutes: 1080, basis: 'business' } },
      sev3: { firstResponse: { minutes: 240, basis: 'business' }, resolution: { minutes: 2700, basis: 'business' } },
    },
    internalTargets: { sev2: { firstResponse: { minutes: 60, basis: 'business' } } },
    ...extra,
  };
}

function ticket(extra: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return { helpdesk: 'zendesk', ticketId: '42', priority: 'high', status: 'open', createdAt: b('2025-03-03T09:00'), ...extra };
}

function clock(r: SlaResult, kind: Clock['kind']): Clock {
  const c = r.clocks.find((x) => x.kind === kind);
  if (!c) throw new Error(`no ${kind} clock; notes: ${r.notes.join(' | ')}`);
  return c;
}

const sla = (t: Partial<TicketSnapshot>, now: Date, c = contract(), opts?: SlaOptions) => computeSla(ticket(t), c, now, opts);

describe('business vs 24x7 targets in one contract', () => {
  const created = b('2025-03-07T17:30'); // Friday, 30 minutes before closing

  it('Sev1 counts wall-clock minutes through the evening', () => {
    const r = sla({ priority: 'urgent', createdAt: created }, b('2025-03-07T18:40'));
    expect(r.severity).toBe('sev1');
    const fr = clock(r, 'firstResponse').contractual;
    expect(fr.dueAt).toEqual(b('2025-03-07T18:30'));
    expect(fr.minutesLeft).toBeCloseTo(-10, 6);
    expect(fr.state).toBe('breached');
    expect(clock(r, 'resolution').contractual.dueAt).toEqual(b('2025-03-08T01:30'));
  });

  it('Sev3 counts only coverage hours: 30 minutes on Friday, the rest on Monday', () => {
    const r = sla({ priority: 'normal', createdAt: created }, b('2025-03-07T18:40'));
    expect(r.severity).toBe('sev3');
    const fr = clock(r, 'firstResponse').contractual;
    expect(fr.minutesLeft).toBeCloseTo(210, 6);
    expect(fr.dueAt).toEqual(b('2025-03-10T12:30'));
    expect(fr.state).toBe('running');
    expect(fr.elapsedFraction).toBeCloseTo(30 / 240, 9);
    // Sev3 has no update cadence target: no clock for it.
    expect(r.clocks.map((c) => c.kind)).toEqual(['firstResponse', 'resolution']);
  });
});

describe('calendar edge cases', () => {
  it('a Friday-evening ticket is due Monday morning, with nothing used over the weekend', () => {
    const r = sla({ createdAt: b('2025-03-07T19:00') }, b('2025-03-08T12:00'));
    const fr = clock(r, 'firstResponse').contractual;
    expect(fr.dueAt).toEqual(b('2025-03-10T11:00'));
    expect(fr.minutesLeft).toBe(120);
    expect(fr.elapsedFraction).toBe(0);
  });

  it('skips the customer’s holidays', () => {
    const c = contract();
    c.calendar = { ...c.calendar, holidays: ['2025-03-10'] };
    const r = sla({ createdAt: b('2025-03-07T19:00') }, b('2025-03-08T12:00'), c);
    expect(clock(r, 'firstResponse').contractual.dueAt).toEqual(b('2025-03-11T11:00'));
  });

  it('counts business time across the spring-forward weekend', () => {
    // Fri 28 Mar 17:00 CET: 60 min Friday, 540 Monday (CEST), 480 Tuesday → Tue 17:00 CEST.
    const r = sla({ createdAt: b('2025-03-28T17:00') }, b('2025-03-31T10:00'));
    const res = clock(r, 'resolution').contractual;
    expect(res.dueAt?.toISOString()).toBe('2025-04-01T15:00:00.000Z');
    expect(res.minutesLeft).toBeCloseTo(1080 - 120, 6);
  });

  it('a 24x7 target across the DST switch is 8 real hours, not 8 wall-clock hours', () => {
    const r = sla({ priority: 'urgent', createdAt: b('2025-03-29T22:00') }, b('2025-03-30T01:00'));
    const due = clock(r, 'resolution').contractual.dueAt!;
    expect(due.toISOString()).toBe('2025-03-30T05:00:00.000Z');
    expect(DateTime.fromJSDate(due, { zone: ZONE }).toFormat('HH:mm')).toBe('07:00');
  });

  it('a target that runs out exactly at closing time is due at closing', () => {
    const r = sla({ createdAt: b('2025-03-03T09:00') }, b('2025-03-03T10:00'));
    // 1080 business minutes = two full 9-hour days: Tue 18:00, not Wed 09:00.
    expect(clock(r, 'resolution').contractual.dueAt).toEqual(b('2025-03-04T18:00'));
  });
});

describe('pauses', () => {
  const history = [
    { status: 'new', at: b('2025-03-03T09:00') },
    { status: 'pending', at: b('2025-03-03T10:00') },
    { status: 'open', at: b('2025-03-04T10:00') },
  ];

  it('subtracts waiting spans from history in business minutes', () => {
    const r = sla({ statusHistory: history, firstAgentReplyAt: b('2025-03-03T09:30') }, b('2025-03-04T12:00'));
    const res = clock(r, 'resolution');
    // Elapsed business time Mon 09:00 → Tue 12:00 is 720; pending Mon 10:00 → Tue 10:00 holds 540 of it.
    expect(res.contractual.minutesLeft).toBeCloseTo(1080 - 180, 6);
    expect(res.contractual.dueAt).toEqual(b('2025-03-05T18:00'));
    expect(res.contractual.state).toBe('running');
    expect(res.paused).toBe(false);
    // First response never pauses.
    expect(clock(r, 'firstResponse').contractual).toMatchObject({ state: 'met', stoppedAt: b('2025-03-03T09:30') });
  });

  it('history order does not matter and adjacent waiting statuses merge', () => {
    const shuffled = [history[2]!, { status: 'on-hold', at: b('2025-03-03T15:00') }, history[0]!, history[1]!];
    const r = sla({ statusHistory: shuffled }, b('2025-03-04T12:00'));
    expect(clock(r, 'resolution').contractual.minutesLeft).toBeCloseTo(900, 6);
  });

  it('a ticket waiting now is paused since the last transition, its time left frozen', () => {
    const h = [...history, { status: 'pending', at: b('2025-03-04T11:00') }];
    const at = (now: Date) => clock(sla({ status: 'pending', statusHistory: h }, now), 'resolution');
    const later = at(b('2025-03-06T16:00'));
    const res = at(b('2025-03-04T15:00'));
    // Active: Mon 09–10 (60) + Tue 10–11 (60).
    expect(res.contractual.minutesLeft).toBeCloseTo(960, 6);
    expect(res.contractual.state).toBe('paused');
    expect(res.contractual.dueAt).toBeNull();
    expect(res.paused).toBe(true);
    expect(res.pausedSince).toEqual(b('2025-03-04T11:00'));
    expect(later.contractual.minutesLeft).toBeCloseTo(960, 6);
  });

  it('also pauses the update cadence, but not the first response', () => {
    const r = sla({ status: 'pending', statusHistory: [{ status: 'pending', at: b('2025-03-03T10:00') }], lastAgentReplyAt: b('2025-03-03T09:45') }, b('2025-03-03T16:00'));
    const upd = clock(r, 'updateCadence');
    expect(upd.startedAt).toEqual(b('2025-03-03T09:45'));
    expect(upd.contractual).toMatchObject({ state: 'paused', dueAt: null });
    expect(upd.contractual.minutesLeft).toBeCloseTo(225, 6);
    expect(clock(r, 'firstResponse').paused).toBe(false);
  });

  it('without any history, a waiting ticket is paused now and counted up to now', () => {
    const r = sla({ status: 'Pending' }, b('2025-03-03T15:00'));
    const res = clock(r, 'resolution');
    expect(r.pausedNow).toBe(true);
    expect(res.contractual).toMatchObject({ state: 'paused', dueAt: null });
    expect(res.contractual.minutesLeft).toBeCloseTo(1080 - 360, 6);
    expect(res.pausedSince).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/unknown time: time left is frozen at now/);
  });

  it('uses observed transitions when the helpdesk gives no history, and prefers the helpdesk history', () => {
    const observed = [
      { status: 'open', at: b('2025-03-03T09:05') },
      { status: 'pending', at: b('2025-03-03T12:00') },
    ];
    const r = sla({ status: 'pending' }, b('2025-03-03T17:00'), contract(), { observedHistory: observed });
    expect(clock(r, 'resolution').pausedSince).toEqual(b('2025-03-03T12:00'));
    expect(clock(r, 'resolution').contractual.minutesLeft).toBeCloseTo(1080 - 180, 6);

    const withHistory = sla({ status: 'pending', statusHistory: [{ status: 'pending', at: b('2025-03-03T10:00') }] }, b('2025-03-03T17:00'), contract(), { observedHistory: observed });
    expect(clock(withHistory, 'resolution').pausedSince).toEqual(b('2025-03-03T10:00'));
  });

  it('treats a status that the history does not show yet as changed now, and says so', () => {
    const r = sla({ status: 'pending', statusHistory: [{ status: 'open', at: b('2025-03-03T09:00') }] }, b('2025-03-03T12:00'));
    const res = clock(r, 'resolution');
    expect(res.contractual.state).toBe('paused');
    expect(res.contractual.minutesLeft).toBeCloseTo(1080 - 180, 6);
    expect(r.notes.join(' ')).toMatch(/history ends with “open” but the ticket is “pending”/);
  });

  it('uses the contract’s own pausing statuses for the helpdesk', () => {
    const c = contract({ pausingStatuses: { zendesk: ['waiting on vendor'] } });
    expect(sla({ status: 'Waiting on Vendor' }, b('2025-03-03T12:00'), c).pausedNow).toBe(true);
    expect(sla({ status: 'pending' }, b('2025-03-03T12:00'), c).pausedNow).toBe(false);
  });

  it('a breach is not hidden by a later pause, and its due stays known', () => {
    const r = sla(
      { priority: 'urgent', status: 'pending', statusHistory: [{ status: 'open', at: b('2025-03-03T09:00') }, { status: 'pending', at: b('2025-03-03T18:00') }] },
      b('2025-03-03T20:00'),
    );
    const res = clock(r, 'resolution');
    expect(res.paused).toBe(true);
    expect(res.contractual.state).toBe('breached');
    expect(res.contractual.minutesLeft).toBeCloseTo(-60, 6);
    expect(res.contractual.dueAt).toEqual(b('2025-03-03T17:00'));
  });

  it('24x7 targets subtract the whole wall-clock length of a pause', () => {
    const r = sla(
      { priority: 'urgent', statusHistory: [{ status: 'pending', at: b('2025-03-03T10:00') }, { status: 'open', at: b('2025-03-03T22:00') }] },
      b('2025-03-03T23:00'),
    );
    // Active: 09–10 and 22–23 → 120 of 480 used; due 6h after now.
    const res = clock(r, 'resolution').contractual;
    expect(res.minutesLeft).toBeCloseTo(360, 6);
    expect(res.dueAt).toEqual(b('2025-03-04T05:00'));
  });
});

describe('met and missed', () => {
  it('first response is met up to and including the due instant, missed after', () => {
    const at = (reply: string) => clock(sla({ firstAgentReplyAt: b(reply) }, b('2025-03-05T12:00')), 'firstResponse').contractual;
    expect(at('2025-03-03T11:00')).toMatchObject({ state: 'met', minutesLeft: 0 });
    const missed = at('2025-03-03T11:01');
    expect(missed.state).toBe('missed');
    expect(missed.minutesLeft).toBeCloseTo(-1, 6);
    expect(missed.dueAt).toEqual(b('2025-03-03T11:00'));
    expect(missed.stoppedAt).toEqual(b('2025-03-03T11:01'));
  });

  it('resolution stops at the first of the trailing resolved statuses (solved → closed keeps the solve time)', () => {
    const history = [
      { status: 'open', at: b('2025-03-03T09:00') },
      { status: 'solved', at: b('2025-03-04T11:00') },
      { status: 'closed', at: b('2025-03-08T11:00') },
    ];
    const r = sla({ status: 'closed', statusHistory: history }, b('2025-03-10T09:00'));
    const res = clock(r, 'resolution').contractual;
    expect(res).toMatchObject({ state: 'met', stoppedAt: b('2025-03-04T11:00') });
    expect(res.minutesLeft).toBeCloseTo(1080 - 660, 6);
    expect(r.pausedNow).toBe(false);
  });

  it('a reopened ticket runs again; a late resolution is missed', () => {
    const history = [
      { status: 'solved', at: b('2025-03-03T12:00') },
      { status: 'open', at: b('2025-03-04T09:00') },
      { status: 'resolved', at: b('2025-03-05T12:00') },
    ];
    const res = clock(sla({ status: 'Resolved', statusHistory: history }, b('2025-03-06T09:00')), 'resolution').contractual;
    expect(res.state).toBe('missed');
    expect(res.stoppedAt).toEqual(b('2025-03-05T12:00'));
    expect(res.minutesLeft).toBeCloseTo(1080 - (9 + 9 + 3) * 60, 6);
  });

  it('with an unknown resolution time, clocks stop at now and a note says so', () => {
    const now = b('2025-03-03T12:00');
    const r = sla({ status: 'Closed' }, now);
    expect(clock(r, 'resolution').contractual).toMatchObject({ state: 'met', stoppedAt: now });
    expect(r.notes.join(' ')).toMatch(/resolved is unknown/);
    // No reply before the (unknown) resolution: 180 of 120 first-response minutes.
    expect(clock(r, 'firstResponse').contractual).toMatchObject({ state: 'missed', stoppedAt: now });
    expect(r.notes.join(' ')).toMatch(/without a recorded agent reply/);
  });

  it('recognises resolved labels by their first word', () => {
    for (const s of ['Solved', 'closed', 'Closed Complete', 'Closed – no reply', 'Done', 'Cancelled', 'canceled', 'resolved', 'Rejected']) expect(isResolvedStatus(s), s).toBe(true);
    for (const s of ['Open', 'Reopened', 'Pending', 'Not resolved', 'In progress', '', undefined]) expect(isResolvedStatus(s), String(s)).toBe(false);
  });
});

describe('severity change recomputes from creation', () => {
  it('a ticket raised from normal to urgent keeps its start and gets the Sev1 targets', () => {
    const now = b('2025-03-03T13:00');
    const before = sla({ priority: 'normal' }, now);
    const after = sla({ priority: 'urgent' }, now);
    expect(before.severity).toBe('sev3');
    expect(after.severity).toBe('sev1');
    const res = clock(after, 'resolution');
    expect(res.startedAt).toEqual(b('2025-03-03T09:00'));
    expect(res.contractual.minutesLeft).toBeCloseTo(240, 6);
    expect(res.contractual.dueAt).toEqual(b('2025-03-03T17:00'));
    expect(clock(before, 'resolution').contractual.minutesLeft).toBeCloseTo(2700 - 240, 6);
    // The Sev1 first response (60 min, 24x7) was already overdue at the change.
    expect(clock(after, 'firstResponse').contractual.state).toBe('breached');
  });

  it('uses the contract’s severity map before the defaults', () => {
    const c = contract({ severityMap: { '*': { high: 'sev1' }, zendesk: { 'p-crit': 'sev1' } } });
    expect(sla({ priority: 'High' }, b('2025-03-03T10:00'), c)).toMatchObject({ severity: 'sev1', severitySource: 'contract' });
    expect(sla({ priority: 'P-CRIT' }, b('2025-03-03T10:00'), c)).toMatchObject({ severity: 'sev1', severitySource: 'contract' });
    expect(sla({ priority: 'low' }, b('2025-03-03T10:00'), c)).toMatchObject({ severity: 'sev4', severitySource: 'default' });
  });
});

describe('internal targets and warn thresholds', () => {
  it('shows the stricter internal target beside the contractual one', () => {
    const r = sla({}, b('2025-03-03T10:30'));
    const fr = clock(r, 'firstResponse');
    expect(fr.internal).toBeDefined();
    expect(fr.internal!.state).toBe('breached');
    expect(fr.internal!.minutesLeft).toBeCloseTo(-30, 6);
    expect(fr.internal!.dueAt).toEqual(b('2025-03-03T10:00'));
    expect(fr.contractual.state).toBe('atRisk');
    expect(fr.contractual.elapsedFraction).toBeCloseTo(0.75, 9);
    expect(clock(r, 'resolution').internal).toBeUndefined();
  });

  it('at-risk threshold: option, then contract, then 75 %', () => {
    const now = b('2025-03-03T10:00'); // 60 of 120 first-response minutes = 50 %
    const state = (c: Contract, opts?: SlaOptions) => clock(sla({}, now, c, opts), 'firstResponse').contractual.state;
    expect(state(contract())).toBe('running');
    expect(state(contract({ warnPercent: 50 }))).toBe('atRisk');
    expect(state(contract({ warnPercent: 50 }), { warnPercent: 60 })).toBe('running');
    expect(state(contract(), { warnPercent: 40 })).toBe('atRisk');
    expect(state(contract(), { warnPercent: Number.NaN })).toBe('running');
  });
});

describe('update cadence', () => {
  it('runs from the last agent reply and is due again after the target', () => {
    const r = sla({ firstAgentReplyAt: b('2025-03-03T09:20'), lastAgentReplyAt: b('2025-03-03T14:00') }, b('2025-03-03T17:00'));
    const upd = clock(r, 'updateCadence');
    expect(upd.startedAt).toEqual(b('2025-03-03T14:00'));
    expect(upd.contractual.minutesLeft).toBeCloseTo(60, 6);
    expect(upd.contractual.dueAt).toEqual(b('2025-03-03T18:00'));
    expect(upd.contractual.state).toBe('atRisk');
  });

  it('runs from creation before any reply, and stops at the resolution', () => {
    const r = sla({ status: 'solved', statusHistory: [{ status: 'solved', at: b('2025-03-03T15:00') }] }, b('2025-03-04T15:00'));
    expect(clock(r, 'updateCadence').contractual).toMatchObject({ state: 'missed', stoppedAt: b('2025-03-03T15:00') });
    expect(clock(r, 'updateCadence').startedAt).toEqual(b('2025-03-03T09:00'));
  });
});

describe('missing or odd data', () => {
  const now = b('2025-03-03T12:00');

  it('no priority or an unmapped one: no clocks, a note, coverage still shown', () => {
    const none = sla({ priority: undefined }, now);
    expect(none).toMatchObject({ severity: null, severitySource: 'none', clocks: [] });
    expect(none.notes[0]).toMatch(/no priority/);
    expect(none.coverage.open).toBe(true);
    expect(sla({ priority: 'Whenever' }, now).notes[0]).toMatch(/“Whenever” maps to no severity/);
  });

  it('no creation time: no clocks, unless a first-seen time is given', () => {
    const r = sla({ createdAt: undefined }, now);
    expect(r.clocks).toEqual([]);
    expect(r.severity).toBe('sev2');
    expect(r.notes.join(' ')).toMatch(/creation time is unknown/);
    expect(sla({ createdAt: new Date(Number.NaN) }, now).clocks).toEqual([]);

    const seen = sla({ createdAt: undefined }, now, contract(), { firstSeenAt: b('2025-03-03T11:00') });
    expect(clock(seen, 'resolution').startedAt).toEqual(b('2025-03-03T11:00'));
    expect(clock(seen, 'resolution').contractual.minutesLeft).toBeCloseTo(1020, 6);
    expect(seen.notes.join(' ')).toMatch(/first seen/);
  });

  it('no targets for the severity: no clocks and a note', () => {
    const r = sla({ priority: 'low' }, now);
    expect(r).toMatchObject({ severity: 'sev4', clocks: [] });
    expect(r.notes[0]).toMatch(/no targets for SEV4/);
  });

  it('invalid coverage hours: business targets are skipped with a note, 24x7 ones still count', () => {
    const c = contract();
    c.calendar = { timezone: 'Mars/Olympus', weekly: { mon: [['09:00', '18:00']] } };
    const sev2 = sla({}, now, c);
    expect(sev2.clocks).toEqual([]);
    expect(sev2.notes.join(' ')).toMatch(/coverage hours are invalid/);
    expect(sev2.coverage).toMatchObject({ timezone: 'UTC', label: 'coverage hours invalid' });
    expect(sla({ priority: 'urgent' }, now, c).clocks).toHaveLength(3);
  });

  it('only a last reply known: it stands in for the first reply, with a note', () => {
    const r = sla({ lastAgentReplyAt: b('2025-03-03T10:00') }, now);
    expect(clock(r, 'firstResponse').contractual).toMatchObject({ state: 'met', stoppedAt: b('2025-03-03T10:00') });
    expect(r.notes.join(' ')).toMatch(/latest agent reply stands in/);
  });

  it('a creation time after now (clock skew) leaves the whole target', () => {
    const r = sla({ createdAt: b('2025-03-03T12:05') }, now);
    expect(clock(r, 'resolution').contractual).toMatchObject({ minutesLeft: 1080, elapsedFraction: 0, state: 'running' });
  });

  it('ignores history entries from the future or with invalid dates', () => {
    const r = sla({ status: 'open', statusHistory: [{ status: 'pending', at: new Date(Number.NaN) }, { status: 'pending', at: b('2025-03-03T13:00') }, { status: 'open', at: b('2025-03-03T09:00') }] }, now);
    expect(clock(r, 'resolution').contractual.minutesLeft).toBeCloseTo(1080 - 180, 6);
  });

  it('a malformed target is skipped with a note instead of throwing', () => {
    const c = contract();
    c.targets.sev2!.resolution = { minutes: Number.NaN, basis: 'business' };
    const r = sla({}, now, c);
    expect(r.clocks.map((k) => k.kind)).toEqual(['firstResponse', 'updateCadence']);
    expect(r.notes.join(' ')).toMatch(/Resolution: the target is malformed/);
  });
});

describe('coverage now', () => {
  it('closed on a Friday evening: next opening Monday', () => {
    const cov = sla({}, b('2025-03-07T18:40')).coverage;
    expect(cov).toMatchObject({ timezone: ZONE, localTime: 'Fri 18:40', open: false, closesAt: null, label: 'opens Mon 09:00' });
    expect(cov.nextOpen).toEqual(b('2025-03-10T09:00'));
  });

  it('open: closes today', () => {
    const cov = sla({}, b('2025-03-04T14:05')).coverage;
    expect(cov).toMatchObject({ localTime: 'Tue 14:05', open: true, nextOpen: null, label: 'open until 18:00' });
    expect(cov.closesAt).toEqual(b('2025-03-04T18:00'));
  });

  it('lunch breaks, holidays and round-the-clock cover', () => {
    const c = contract();
    c.calendar = { timezone: 'America/New_York', weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [['09:00', '17:00']] }, holidays: ['2025-03-04'] };
    const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toJSDate();
    expect(computeSla(ticket(), c, ny('2025-03-03T12:30')).coverage.label).toBe('opens 13:00');
    // Tuesday is a holiday: the next opening is a week away, so the date is shown.
    expect(computeSla(ticket(), c, ny('2025-03-03T18:00')).coverage.label).toBe('opens Mon 10 Mar 09:00');
    expect(computeSla(ticket(), c, ny('2025-03-08T10:00')).coverage.label).toBe('opens Mon 09:00');
    expect(computeSla(ticket(), c, ny('2025-02-24T10:00')).coverage.label).toBe('open until 12:00');
    const always = contract();
    always.calendar = { timezone: 'Asia/Kolkata', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) };
    expect(computeSla(ticket(), always, b('2025-03-07T18:40')).coverage).toMatchObject({ open: true, closesAt: null, label: 'open 24×7', localTime: 'Fri 23:10' });
  });

  it('says "until 24:00" for cover ending at midnight', () => {
    const c = contract();
    c.calendar = { timezone: ZONE, weekly: { mon: [['18:00', '24:00']] } };
    expect(computeSla(ticket(), c, b('2025-03-03T20:00')).coverage.label).toBe('open until 24:00');
  });
});

describe('a target that runs out exactly at closing time', () => {
  // Sev2 first response = 120 business minutes: created Friday 16:00 → due Friday 18:00 (closing).
  const created = b('2025-03-07T16:00');

  it('is breached after closing although no business minute has passed since', () => {
    const fr = clock(sla({ createdAt: created }, b('2025-03-07T19:15')), 'firstResponse').contractual;
    expect(fr.dueAt).toEqual(b('2025-03-07T18:00'));
    expect(fr.minutesLeft).toBeCloseTo(0, 6);
    expect(fr.state).toBe('breached');
  });

  it('is still running (due now) at closing time itself', () => {
    const fr = clock(sla({ createdAt: created }, b('2025-03-07T18:00')), 'firstResponse').contractual;
    expect(fr.state).toBe('atRisk');
  });

  it('a reply during the closed evening misses it; a reply at closing meets it', () => {
    const late = clock(sla({ createdAt: created, firstAgentReplyAt: b('2025-03-07T18:30') }, b('2025-03-10T10:00')), 'firstResponse').contractual;
    expect(late.state).toBe('missed');
    const onTime = clock(sla({ createdAt: created, firstAgentReplyAt: b('2025-03-07T18:00') }, b('2025-03-10T10:00')), 'firstResponse').contractual;
    expect(onTime.state).toBe('met');
  });
});
