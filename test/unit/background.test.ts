// The background module with fakeBrowser: overlay updates → one threshold alarm → notifications,
// badge, breach log; notification clicks; quiet hours; the message protocol.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ALARMS, startBackground, SWEEP_MINUTES, type BackgroundHandle } from '../../lib/background';
import { ask } from '../../lib/background/messages';
import { inQuietHours, planNotifications, notificationText, type NotifyPrefs } from '../../lib/background/notify';
import { loadBreachLog } from '../../lib/breach-log';
import { computeSla } from '../../lib/sla';
import { watchUpdateFromSla } from '../../lib/watch/from-sla';
import { BADGE_AMBER, BADGE_RED, thresholdsOf } from '../../lib/watch/schedule';
import { loadWatched } from '../../lib/watch/store';
import type { WatchUpdate } from '../../lib/watch/types';
import { at, clock, contract, plus, update, watched } from './watch-fixtures';

const T0 = '2026-11-20T10:00:00.000Z';
const URL1 = 'https://acme.zendesk.com/agent/tickets/1001';
let clockNow = new Date(T0);
const setNow = (iso: string) => void (clockNow = new Date(iso));

/** What the overlay would send for a Contoso Sev 1 ticket created at T0. */
function overlayUpdate(nowIso: string, over: Partial<Parameters<typeof computeSla>[0]> = {}): WatchUpdate {
  const c = contract('contoso-premium');
  const snapshot = { helpdesk: 'zendesk', ticketId: '1001', subject: 'Printer on fire', priority: 'Urgent', status: 'open', createdAt: at(T0), ...over };
  const now = at(nowIso);
  return watchUpdateFromSla({ snapshot, contract: c, sla: computeSla(snapshot, c, now, { warnPercent: 75 }), url: URL1, now, warnPercent: 75 })!;
}

const send = (msg: unknown) => fakeBrowser.runtime.sendMessage(msg);
const fire = (name: string) => fakeBrowser.alarms.onAlarm.trigger({ name, scheduledTime: clockNow.getTime() });
const notes = async () => Object.values((await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>);
const extensionPage = () => ({ url: fakeBrowser.runtime.getURL('/popup.html') });

let bg: BackgroundHandle;
async function start(): Promise<BackgroundHandle> {
  bg = startBackground(fakeBrowser, { now: () => clockNow, timeZone: 'UTC', locale: 'en-GB', fetch: vi.fn() });
  await bg.ready;
  return bg;
}

beforeEach(() => {
  fakeBrowser.reset();
  setNow(T0);
});

describe('watched tickets in the background', () => {
  it('schedules one alarm at the next threshold and moves it on as thresholds pass', async () => {
    await start();
    expect(await fakeBrowser.alarms.get(ALARMS.sweep)).toMatchObject({ periodInMinutes: SWEEP_MINUTES });
    expect(await fakeBrowser.alarms.get(ALARMS.threshold)).toBeUndefined();

    setNow('2026-11-20T10:20:00Z');
    const r = await ask(send, { type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:20:00Z') });
    expect(r).toEqual({ ok: true, key: 'zendesk:acme.zendesk.com:1001', pinned: false });
    // Contoso Sev 1: internal first response due 10:30 is the earliest threshold.
    expect((await fakeBrowser.alarms.get(ALARMS.threshold))?.scheduledTime).toBe(Date.parse('2026-11-20T10:30:00Z'));

    setNow('2026-11-20T10:31:00Z');
    await fire(ALARMS.threshold);
    expect((await fakeBrowser.alarms.get(ALARMS.threshold))?.scheduledTime).toBe(Date.parse('2026-11-20T10:45:00Z'));
    // At-risk and internal thresholds are not announced by default.
    expect(await notes()).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');

    setNow('2026-11-20T10:46:00Z');
    await fire(ALARMS.threshold);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0x8a, 0x4b, 0x00, 255]);
    expect(BADGE_AMBER).toBe('#8A4B00');
    expect(await notes()).toEqual([]);

    setNow('2026-11-20T11:01:00Z');
    await fire(ALARMS.threshold);
    const shown = await notes();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'Breached: First response · Contoso Ltd', message: '#1001 Printer on fire\nSEV1 · was due 11:00' });
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xb3, 0x26, 0x1e, 255]);
    expect(BADGE_RED).toBe('#B3261E');
    expect((await fakeBrowser.action.getTitle({}))).toBe('SLA Lens: 1 breached');

    // Announced once: a sweep later does not repeat it.
    await fakeBrowser.notifications.clear(Object.keys(await fakeBrowser.notifications.getAll())[0]!);
    setNow('2026-11-20T11:05:00Z');
    await fire(ALARMS.sweep);
    expect(await notes()).toEqual([]);
  });

  it('announces at once a breach that happened between the overlay’s computation and the update’s arrival', async () => {
    await start();
    setNow('2026-11-20T11:00:30Z');
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:59:00Z') });
    expect((await notes()).map((n) => n.title)).toEqual(['Breached: First response · Contoso Ltd']);
  });

  it('announces at-risk thresholds when the setting asks for them, and nothing when notifications are off', async () => {
    await fakeBrowser.storage.sync.set({ settings: { notifications: { enabled: true, atRisk: true } } });
    await start();
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:20:00Z') });
    setNow('2026-11-20T10:46:00Z');
    await fire(ALARMS.threshold);
    // Internal due (10:30) and at risk (10:45) passed together: one notification, the more serious one.
    expect((await notes()).map((n) => n.title)).toEqual(['Internal target passed: First response · Contoso Ltd']);

    await fakeBrowser.notifications.clear(Object.keys(await fakeBrowser.notifications.getAll())[0]!);
    await fakeBrowser.storage.sync.set({ settings: { notifications: { enabled: false, atRisk: true } } });
    setNow('2026-11-20T11:01:00Z');
    await fire(ALARMS.threshold);
    expect(await notes()).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('mutes thresholds that pass in quiet hours (the policy can set them) instead of saving them for the morning', async () => {
    await fakeBrowser.storage.managed.set({ settings: { notifications: { quietHours: { enabled: true, start: '22:00', end: '07:00' } } } });
    await start();
    const late = '2026-11-20T22:10:00.000Z';
    setNow(late);
    await send({
      type: 'watch:update',
      ticket: update({ computedAt: late, clocks: [clock('resolution', T0, { dueAt: plus(late, 20), warnAt: plus(late, 5) })] }),
    });
    setNow(plus(late, 21));
    await fire(ALARMS.threshold);
    expect(await notes()).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    setNow('2026-11-21T07:30:00Z');
    await fire(ALARMS.sweep);
    expect(await notes()).toEqual([]);
  });

  it('focuses the ticket’s open tab when its notification is clicked, or opens it', async () => {
    await start();
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:20:00Z') });
    setNow('2026-11-20T11:01:00Z');
    await fire(ALARMS.threshold);
    const [id] = Object.keys(await fakeBrowser.notifications.getAll());

    const other = await fakeBrowser.tabs.create({ url: 'https://example.com/' });
    const ticketTab = await fakeBrowser.tabs.create({ url: `${URL1}#comment-7` });
    await fakeBrowser.tabs.update(other.id!, { active: true });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger(id!);
    expect(update).toHaveBeenCalledWith(ticketTab.id, { active: true });
    expect(create).not.toHaveBeenCalled();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});

    // The agent moved on to another ticket in that tab: a new tab is opened.
    await fakeBrowser.tabs.update(ticketTab.id!, { url: 'https://acme.zendesk.com/agent/tickets/999' });
    await fakeBrowser.notifications.onClicked.trigger(id!);
    expect(create).toHaveBeenCalledWith({ url: URL1 });
  });

  it('logs outcomes when clocks stop, and update-cadence cycles as public updates arrive', async () => {
    await start();
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:20:00Z') });
    // First reply at 10:40 (first response met, internal missed); the cadence cycle restarts there.
    setNow('2026-11-20T10:50:00Z');
    const replied = overlayUpdate('2026-11-20T10:50:00Z', { firstAgentReplyAt: at('2026-11-20T10:40:00Z'), lastAgentReplyAt: at('2026-11-20T10:40:00Z') });
    await send({ type: 'watch:update', ticket: replied });
    // The same view again adds nothing.
    await send({ type: 'watch:update', ticket: replied });
    // The first cadence cycle (due 12:00) ended at 10:40; the next update at 13:10 is 30 minutes
    // after the second cycle was due (12:40).
    setNow('2026-11-20T13:15:00Z');
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T13:15:00Z', { firstAgentReplyAt: at('2026-11-20T10:40:00Z'), lastAgentReplyAt: at('2026-11-20T13:10:00Z') }) });

    const log = await loadBreachLog();
    expect(log.map((e) => [e.kind, e.tier, e.outcome, e.marginMinutes])).toEqual([
      ['firstResponse', 'contractual', 'met', 20],
      ['firstResponse', 'internal', 'missed', -10],
      ['updateCadence', 'contractual', 'met', 80],
      ['updateCadence', 'contractual', 'missed', -30],
    ]);
    expect(log[3]).toMatchObject({ customer: 'Contoso Ltd', severity: 'sev1', url: URL1, startedAt: '2026-11-20T10:40:00.000Z', stoppedAt: '2026-11-20T13:10:00.000Z' });
    expect(await ask(send, { type: 'log:clear' })).toMatchObject({ ok: false });
    expect(await bg.handle({ type: 'log:clear' }, extensionPage())).toEqual({ ok: true, removed: 4 });
  });

  it('lists watched tickets most urgent first with the badge, and pins, unpins and forgets', async () => {
    await start();
    const t = (id: string, dueMin: number) =>
      update({ ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, clocks: [clock('resolution', T0, { dueAt: plus(T0, dueMin), warnAt: plus(T0, dueMin - 10) })] });
    for (const [id, due] of [['a', 300], ['b', 20], ['c', 45]] as const) await send({ type: 'watch:update', ticket: t(id, due) });
    setNow(plus(T0, 40));
    const list = await ask(send, { type: 'watch:list' });
    expect(list.ok && list.items.map((i) => `${i.ticketId}:${i.urgency}`)).toEqual(['b:breached', 'c:atRisk', 'a:running']);
    expect(list.ok && list.badge).toMatchObject({ count: 2, breached: 1, atRisk: 1 });

    const key = 'zendesk:acme.zendesk.com:b';
    expect(await ask(send, { type: 'watch:pin', key })).toEqual({ ok: true, pinned: true });
    expect(await ask(send, { type: 'watch:get', key })).toMatchObject({ ok: true, ticket: { pinned: true } });
    expect(await ask(send, { type: 'watch:unpin', key })).toEqual({ ok: true, pinned: false });
    expect(await ask(send, { type: 'watch:pin', key: 'zendesk:nowhere:1' })).toMatchObject({ ok: false });
    // Forgetting is for the popup, not for content scripts.
    expect(await ask(send, { type: 'watch:forget', key })).toMatchObject({ ok: false });
    expect(await bg.handle({ type: 'watch:forget', key }, extensionPage())).toEqual({ ok: true });
    expect((await loadWatched()).map((w) => w.ticketId).sort()).toEqual(['a', 'c']);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('drops tickets unseen for 14 days at the sweep, logging breaches seen as lower-bound misses', async () => {
    await start();
    await send({ type: 'watch:update', ticket: update({ clocks: [clock('firstResponse', T0, { state: 'breached', dueAt: plus(T0, -5), minutesLeft: -5 })] }) });
    setNow('2026-12-05T10:00:00Z');
    await fire(ALARMS.sweep);
    expect(await loadWatched()).toEqual([]);
    expect(await loadBreachLog()).toMatchObject([{ outcome: 'missed', lowerBound: true, marginMinutes: -5 }]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.alarms.get(ALARMS.threshold)).toBeUndefined();
  });

  it('still sets the badge and the next alarm when the browser refuses a notification', async () => {
    vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(() => {
      throw new Error('notifications are blocked');
    });
    await start();
    await send({ type: 'watch:update', ticket: overlayUpdate('2026-11-20T10:20:00Z') });
    setNow('2026-11-20T11:01:00Z');
    await fire(ALARMS.threshold);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect((await fakeBrowser.alarms.get(ALARMS.threshold))?.scheduledTime).toBe(Date.parse('2026-11-20T11:30:00Z'));
  });

  it('validates messages, and leaves messages of other modules to their listeners', async () => {
    await start();
    expect(await ask(send, { type: 'watch:update', ticket: { ...update(), url: 'javascript:alert(1)' } } as never)).toMatchObject({ ok: false, error: expect.stringMatching(/ticket\.url/) });
    expect(await ask(send, { type: 'watch:update', ticket: { ...update(), clocks: [clock('resolution', T0, {}), clock('resolution', T0, {})] } })).toMatchObject({ ok: false });
    expect(await ask(send, { type: 'watch:nonsense' } as never)).toMatchObject({ ok: false });
    const other = vi.fn(() => Promise.resolve({ ok: 'options' }));
    fakeBrowser.runtime.onMessage.addListener(other);
    expect(await send({ type: 'open-options', prefill: {} })).toEqual({ ok: 'options' });
  });
});

describe('notification rules', () => {
  const prefs = (over: Partial<NotifyPrefs> = {}): NotifyPrefs => ({ enabled: true, atRisk: false, quietHours: null, ...over });

  it('reads quiet hours in the agent’s zone, overnight ranges included', () => {
    const q = { enabled: true, start: '22:00', end: '07:00' };
    expect(inQuietHours(at('2026-11-20T23:00:00Z'), q, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-11-20T06:59:00Z'), q, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-11-20T07:00:00Z'), q, 'UTC')).toBe(false);
    // 23:00 UTC is 18:00 in New York.
    expect(inQuietHours(at('2026-11-20T23:00:00Z'), q, 'America/New_York')).toBe(false);
    expect(inQuietHours(at('2026-11-20T12:30:00Z'), { enabled: true, start: '12:00', end: '13:00' }, 'UTC')).toBe(true);
    expect(inQuietHours(at('2026-11-20T23:00:00Z'), { ...q, enabled: false }, 'UTC')).toBe(false);
  });

  it('shows at most a few notifications at once, most serious first, and summarises the rest', () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      watched({ ticketId: String(i), url: `https://acme.zendesk.com/agent/tickets/${i}`, clocks: [clock('resolution', T0, { dueAt: plus(T0, 10 + i), warnAt: plus(T0, 5) })] }),
    );
    const plan = planNotifications(many, at(plus(T0, 30)), prefs(), 'UTC');
    expect(plan.show.map((a) => a.ticket.ticketId)).toEqual(['0', '1', '2', '3']);
    expect(plan.more).toBe(2);
    expect([...plan.mark.values()].every((ids) => ids.length === 2)).toBe(true);
    const muted = planNotifications(many, at(plus(T0, 30)), prefs({ enabled: false }), 'UTC');
    expect(muted.show).toEqual([]);
    expect(muted.mark.size).toBe(6);
  });

  it('words an update-due and an at-risk notification with the ticket, customer and due time', () => {
    const t = watched({ severity: 'sev2', clocks: [clock('updateCadence', T0, { dueAt: plus(T0, 60), warnAt: plus(T0, 45) })] });
    const [warn, due] = thresholdsOf(t).sort((a, b) => a.at - b.at);
    const o = { timeZone: 'Europe/Berlin', locale: 'en-GB' };
    expect(notificationText({ ticket: t, threshold: due! }, at(plus(T0, 61)), o)).toEqual({ title: 'Customer update due · Contoso Ltd', message: '#1001 Printer on fire\nSEV2 · was due 12:00' });
    expect(notificationText({ ticket: t, threshold: warn! }, at(plus(T0, 46)), o).title).toBe('At risk: Customer update · Contoso Ltd');
    expect(notificationText({ ticket: t, threshold: warn! }, at('2026-11-18T10:00:00Z'), o).message).toMatch(/due Fri 20 Nov, 12:00$/);
  });
});
