import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import { computeSla } from '../../lib/sla';
import { watchSignature, watchUpdateFromSla } from '../../lib/watch/from-sla';
import { badgeFor, BADGE_AMBER, BADGE_RED, nextAlarmAt, nextThresholds, passedThresholds, targetStateAt, thresholdsOf, urgencyList } from '../../lib/watch/schedule';
import { forgetWatched, markNotified, pruneWatched, setPinned, upsertWatched } from '../../lib/watch/store';
import { watchKey, type WatchedTicket } from '../../lib/watch/types';
import { at, clock, contract, plus, update, watched } from './watch-fixtures';

const T0 = '2026-11-20T10:00:00.000Z';

describe('watchUpdateFromSla', () => {
  const snap = (over: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
    helpdesk: 'zendesk',
    ticketId: '1001',
    subject: 'Printer on fire',
    priority: 'Urgent',
    status: 'open',
    createdAt: at(T0),
    ...over,
  });
  const build = (s: TicketSnapshot, contractId: string, now: Date, warnPercent = 75) => {
    const c = contract(contractId);
    const sla = computeSla(s, c, now, { warnPercent });
    return watchUpdateFromSla({ snapshot: s, contract: c, sla, url: 'https://acme.zendesk.com/agent/tickets/1001', now, warnPercent });
  };

  it('gives 24x7 targets their due and at-risk instants, internal targets included', () => {
    const u = build(snap(), 'contoso-premium', at('2026-11-20T10:20:00Z'))!;
    expect(u.severity).toBe('sev1');
    expect(u.customer).toBe('Contoso Ltd');
    const fr = u.clocks.find((c) => c.kind === 'firstResponse')!;
    // 60 min target: due at +60, at risk at 75 % = +45; internal 30 min: due +30, at risk +22.5.
    expect(fr.contractual).toMatchObject({ state: 'running', dueAt: '2026-11-20T11:00:00.000Z', warnAt: '2026-11-20T10:45:00.000Z' });
    expect(fr.internal).toMatchObject({ state: 'running', dueAt: '2026-11-20T10:30:00.000Z', warnAt: '2026-11-20T10:22:30.000Z' });
    const res = u.clocks.find((c) => c.kind === 'resolution')!;
    expect(res.contractual).toMatchObject({ dueAt: '2026-11-20T18:00:00.000Z', warnAt: '2026-11-20T16:00:00.000Z' });
  });

  it('counts the at-risk instant of a business-hours target on the contract calendar, across the weekend', () => {
    // Globex: Mon–Fri 09:00–18:00 New York. Sev2 first response 120 business minutes, created Fri 17:00 EST.
    const s = snap({ priority: 'High', createdAt: at('2026-11-20T22:00:00Z') });
    const u = build(s, 'globex-standard', at('2026-11-20T22:30:00Z'))!;
    const fr = u.clocks.find((c) => c.kind === 'firstResponse')!.contractual;
    // 30 minutes used, 90 to the 75 % mark: 30 on Friday, 60 on Monday from 09:00 → Mon 09:30 EST.
    expect(fr.warnAt).toBe('2026-11-23T14:30:00.000Z');
    expect(fr.dueAt).toBe('2026-11-23T15:00:00.000Z');
    expect(fr.basis).toBe('business');
  });

  it('has no at-risk instant for a clock already at risk, and marks a solved ticket resolved with stopped clocks', () => {
    const risky = build(snap(), 'contoso-premium', at('2026-11-20T10:50:00Z'))!;
    expect(risky.clocks.find((c) => c.kind === 'firstResponse')!.contractual).toMatchObject({ state: 'atRisk', warnAt: null });

    const solved = build(snap({ status: 'solved', firstAgentReplyAt: at('2026-11-20T10:40:00Z'), statusHistory: [{ status: 'solved', at: at('2026-11-20T12:00:00Z') }] }), 'contoso-premium', at('2026-11-20T13:00:00Z'))!;
    expect(solved.resolved).toBe(true);
    const fr = solved.clocks.find((c) => c.kind === 'firstResponse')!;
    expect(fr.contractual).toMatchObject({ state: 'met', stoppedAt: '2026-11-20T10:40:00.000Z', warnAt: null, minutesLeft: 20 });
    expect(fr.internal).toMatchObject({ state: 'missed', minutesLeft: -10 });
  });

  it('refuses pages that are not http(s) and changes its signature only with what matters', () => {
    const c = contract('contoso-premium');
    const s = snap();
    const sla = computeSla(s, c, at(T0), { warnPercent: 75 });
    expect(watchUpdateFromSla({ snapshot: s, contract: c, sla, url: 'file:///tmp/x.html', now: at(T0), warnPercent: 75 })).toBeNull();
    const a = build(s, 'contoso-premium', at('2026-11-20T10:20:00Z'))!;
    const b = build(s, 'contoso-premium', at('2026-11-20T10:21:00Z'))!;
    const c2 = build(s, 'contoso-premium', at('2026-11-20T10:50:00Z'))!;
    expect(watchSignature(a)).toBe(watchSignature(b));
    expect(watchSignature(a)).not.toBe(watchSignature(c2));
  });
});

describe('watchKey', () => {
  it('keys by helpdesk, host and ticket id, and refuses other schemes', () => {
    expect(watchKey('zendesk', 'https://acme.zendesk.com/agent/tickets/7', '7')).toBe('zendesk:acme.zendesk.com:7');
    expect(watchKey('zendesk', 'https://other.zendesk.com/agent/tickets/7', '7')).not.toBe(watchKey('zendesk', 'https://acme.zendesk.com/agent/tickets/7', '7'));
    expect(watchKey('rt', 'javascript:alert(1)', '7')).toBeNull();
    expect(watchKey('rt', 'not a url', '7')).toBeNull();
  });
});

describe('thresholds', () => {
  const running = watched({
    clocks: [
      clock('firstResponse', T0, { dueAt: plus(T0, 60), warnAt: plus(T0, 45) }, { dueAt: plus(T0, 30), warnAt: plus(T0, 22) }),
      clock('updateCadence', T0, { dueAt: plus(T0, 120), warnAt: plus(T0, 90) }),
      clock('resolution', T0, { state: 'paused', dueAt: null, warnAt: null }),
    ],
  });

  it('lists warn, breach, update-due and internal instants of live targets; none for paused ones', () => {
    const types = thresholdsOf(running).map((t) => `${t.kind}:${t.type}@${(t.at - Date.parse(T0)) / 60_000}`);
    expect(types.sort()).toEqual(['firstResponse:breach@60', 'firstResponse:internal@30', 'firstResponse:warn@45', 'updateCadence:updateDue@120', 'updateCadence:warn@90']);
    expect(thresholdsOf({ ...running, resolved: true })).toEqual([]);
  });

  it('schedules the earliest upcoming threshold across tickets, skipping passed ones', () => {
    const other = watched({ ticketId: '2002', url: 'https://acme.zendesk.com/agent/tickets/2002', clocks: [clock('resolution', T0, { state: 'atRisk', dueAt: plus(T0, 25) })] });
    expect(nextAlarmAt([running, other], at(T0))).toBe(Date.parse(plus(T0, 25)));
    expect(nextAlarmAt([running, other], at(plus(T0, 26)))).toBe(Date.parse(plus(T0, 30)));
    const order = nextThresholds([running, other], at(plus(T0, 26))).map((t) => t.at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(nextAlarmAt([running], at(plus(T0, 121)))).toBeNull();
  });

  it('reports passed thresholds once they are recorded as announced', () => {
    const passed = passedThresholds(running, at(plus(T0, 50)));
    expect(passed.map((t) => t.type).sort()).toEqual(['internal', 'warn']);
    const [marked] = markNotified([running], new Map([[running.key, passed.map((t) => t.id)]]));
    expect(passedThresholds(marked!, at(plus(T0, 50)))).toEqual([]);
    expect(passedThresholds(marked!, at(plus(T0, 61))).map((t) => t.type)).toEqual(['breach']);
  });

  it('moves a target from running to at risk to breached by its instants alone', () => {
    const t = running.clocks[0]!.contractual;
    expect(targetStateAt(t, at(plus(T0, 10)))).toBe('running');
    expect(targetStateAt(t, at(plus(T0, 45)))).toBe('atRisk');
    expect(targetStateAt(t, at(plus(T0, 60)))).toBe('breached');
    expect(targetStateAt({ ...t, state: 'met' }, at(plus(T0, 90)))).toBe('met');
  });
});

describe('badge and popup order', () => {
  const mk = (id: string, dueMin: number, warnMin: number, extra: Partial<WatchedTicket> = {}) =>
    watched({ ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, clocks: [clock('resolution', T0, { dueAt: plus(T0, dueMin), warnAt: plus(T0, warnMin) })], ...extra });

  it('counts tickets at risk or breached, red when any is breached', () => {
    const list = [mk('1', 30, 20), mk('2', 100, 50), mk('3', 300, 200)];
    expect(badgeFor(list, at(plus(T0, 10)))).toMatchObject({ count: 0, text: '' });
    expect(badgeFor(list, at(plus(T0, 60)))).toMatchObject({ count: 2, breached: 1, atRisk: 1, text: '2', color: BADGE_RED });
    expect(badgeFor(list.slice(1), at(plus(T0, 60)))).toMatchObject({ count: 1, color: BADGE_AMBER });
    const closed = mk('4', 30, 20, { resolved: true });
    expect(badgeFor([closed], at(plus(T0, 60))).count).toBe(0);
    const many = Array.from({ length: 120 }, (_, i) => mk(String(i), 5, 1));
    expect(badgeFor(many, at(plus(T0, 60))).text).toBe('99+');
  });

  it('lists breached first (longest overdue first), then at risk and running by due, then paused and closed', () => {
    const paused = watched({ ticketId: 'p', url: 'https://acme.zendesk.com/agent/tickets/p', clocks: [clock('resolution', T0, { state: 'paused' })] });
    const closed = mk('c', 10, 5, { resolved: true });
    const list = [closed, mk('run-late', 500, 400), paused, mk('b-recent', 50, 40), mk('risk', 90, 60), mk('b-old', 20, 10), mk('run-soon', 200, 150)];
    const order = urgencyList(list, at(plus(T0, 70))).map((i) => `${i.ticketId}:${i.urgency}`);
    expect(order).toEqual(['b-old:breached', 'b-recent:breached', 'risk:atRisk', 'run-soon:running', 'run-late:running', 'p:paused', 'c:closed']);
  });
});

describe('the watch list', () => {
  const now = at('2026-11-20T10:05:00Z');
  const base = update({
    computedAt: '2026-11-20T10:05:00.000Z',
    // The first-response warn instant is exactly the overlay's `now`; the due instants are ahead.
    clocks: [clock('firstResponse', T0, { dueAt: plus(T0, 10), warnAt: plus(T0, 5) }, { dueAt: plus(T0, 8), warnAt: plus(T0, 6) }), clock('resolution', T0, { dueAt: plus(T0, 480), warnAt: plus(T0, 360) })],
  });

  it('adds a ticket, counts thresholds the agent already saw as announced, and keeps the pin and first-seen time', () => {
    const first = upsertWatched([], base, now)!;
    expect(first.previous).toBeUndefined();
    expect(first.ticket.key).toBe('zendesk:acme.zendesk.com:1001');
    // What had passed when the overlay computed the figures was on screen: not announced again.
    expect(first.ticket.notified).toEqual([`${first.ticket.key}|firstResponse|warn|${Date.parse(plus(T0, 5))}`]);
    const pinned = setPinned(first.list, first.ticket.key, true);
    expect(pinned.found).toBe(true);
    const later = at('2026-11-20T11:00:00Z');
    const second = upsertWatched(pinned.list, { ...base, computedAt: later.toISOString() }, later)!;
    expect(second.list).toHaveLength(1);
    expect(second.ticket).toMatchObject({ pinned: true, firstSeenAt: now.toISOString(), lastSeenAt: later.toISOString() });
    expect(second.previous?.lastSeenAt).toBe(now.toISOString());
    expect(setPinned(second.list, 'zendesk:other:1', true).found).toBe(false);
    expect(forgetWatched(second.list, second.ticket.key)).toEqual([]);
  });

  it('drops announced ids whose instant moved (a pause moved the due), so the new instant is announced', () => {
    const first = upsertWatched([], base, now)!;
    const dueId = `${first.ticket.key}|resolution|breach|${Date.parse(plus(T0, 480))}`;
    const marked = markNotified(first.list, new Map([[first.ticket.key, [dueId]]]));
    const moved = update({ ...base, clocks: [base.clocks[0]!, clock('resolution', T0, { dueAt: plus(T0, 600), warnAt: plus(T0, 400) })] });
    const second = upsertWatched(marked, moved, now)!;
    expect(second.ticket.notified).not.toContain(dueId);
  });

  it('records when a ticket is first seen closed', () => {
    const closedAt = at('2026-11-21T09:00:00Z');
    const done = upsertWatched([], { ...base, resolved: true, status: 'solved' }, closedAt)!;
    expect(done.ticket.closedAt).toBe(closedAt.toISOString());
    const again = upsertWatched(done.list, { ...base, resolved: true, status: 'solved' }, at('2026-11-22T09:00:00Z'))!;
    expect(again.ticket.closedAt).toBe(closedAt.toISOString());
    const reopened = upsertWatched(again.list, base, at('2026-11-23T09:00:00Z'))!;
    expect(reopened.ticket.closedAt).toBeNull();
  });

  it('prunes closed (7 days) and unseen (14 days) tickets unless pinned, then the least recently seen beyond the cap', () => {
    const n = at('2026-12-20T00:00:00Z');
    const day = (d: number) => new Date(n.getTime() - d * 86_400_000).toISOString();
    const t = (id: string, over: Partial<WatchedTicket>) => watched({ ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, ...over });
    const list = [
      t('closed-old', { closedAt: day(8), lastSeenAt: day(8) }),
      t('closed-new', { closedAt: day(6), lastSeenAt: day(6) }),
      t('closed-viewed', { closedAt: day(30), lastSeenAt: day(1) }),
      t('closed-pinned', { closedAt: day(30), lastSeenAt: day(30), pinned: true }),
      t('unseen', { lastSeenAt: day(15) }),
      t('seen', { lastSeenAt: day(13) }),
    ];
    const r = pruneWatched(list, n);
    expect(r.removed.map((x) => x.ticketId).sort()).toEqual(['closed-old', 'unseen']);
    expect(r.list.map((x) => x.ticketId)).toEqual(['closed-new', 'closed-viewed', 'closed-pinned', 'seen']);

    const capped = pruneWatched(r.list.filter((x) => x.ticketId !== 'closed-viewed'), n, 2);
    // closed-pinned is the least recently seen but pinned: the least recently seen unpinned goes instead.
    expect(capped.removed.map((x) => x.ticketId)).toEqual(['seen']);
    expect(capped.list.map((x) => x.ticketId)).toEqual(['closed-new', 'closed-pinned']);
  });
});
