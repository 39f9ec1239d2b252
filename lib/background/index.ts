// The background's watch / feed / policy side, wired to the extension API passed in (the real
// `browser` in entrypoints/background.ts, fakeBrowser in tests). Listeners are registered
// synchronously so an MV3 service worker woken by an alarm, a message or a storage change finds them.
//
// - Watched tickets: overlay updates are stored (lib/watch), outcomes go to the breach log, and ONE
//   alarm is set at the earliest upcoming threshold; a periodic sweep catches anything missed (alarms
//   do not survive every browser restart) and prunes the list.
// - Notifications: one per ticket for its most serious new threshold, muted (not postponed) when off
//   or in quiet hours; a click focuses the ticket's tab or opens it.
// - Badge: number of watched tickets at risk or breached; red when anything is breached.
// - Contracts: managed (policy) + feed + local merged into `local:contracts-effective` on any change.
// - Feed: refreshed on its own periodic alarm; see lib/feed.ts.
import { storage } from 'wxt/utils/storage';
import { appendOutcomes, loadBreachLog, outcomesOnDrop, outcomesFromUpdate, saveBreachLog, type BreachLogEntry, type Measure } from '../breach-log';
import { businessMinutesBetween } from '../business-time';
import { sameJson } from '../contracts/diff';
import { loadContracts } from '../contracts/store';
import { checkFeedUrl, clampRefreshMinutes, feedItem, loadFeedState, refreshFeed, type FeedState, type FetchLike } from '../feed';
import {
  effectiveContractsItem,
  emptyManaged,
  mergeContractSources,
  mergeManagedSettings,
  readManaged,
  type EffectiveContracts,
  type ManagedArea,
  type ManagedConfig,
} from '../managed';
import { badgeFor, nextAlarmAt, urgencyList } from '../watch/schedule';
import { forgetWatched, loadWatched, markNotified, pruneWatched, saveWatched, setPinned, upsertWatched } from '../watch/store';
import type { WatchedTicket } from '../watch/types';
import { isBackgroundRequestType, parseBackgroundRequest, PRIVILEGED, type BackgroundRequest, type FeedStatusReply, type Failure, type ResponseMap } from './messages';
import { NOTIFICATION_PREFIX, notificationText, notifyPrefsFrom, planNotifications, SUMMARY_NOTIFICATION } from './notify';

export const ALARMS = { threshold: 'sla-lens:threshold', sweep: 'sla-lens:sweep', feed: 'sla-lens:feed' } as const;
export const SWEEP_MINUTES = 15;

/** A small clock icon: notifications need one and the package ships none yet. */
export const FALLBACK_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAAy0lEQVR42u3YwQ2AMAgFUDZxI/dxerxrqvI/IGiJR9o8k5a2yLJupT6ZoF+BdBCpIDVGIEiJ8AcpHW4gdQ0WpAGBg+CpGZNgk44ysRko0HUmX6uEr3imhNtk4f+JWVU46OHat26RexCwUbHM0ZCGIFMpB+p+KxB2IjL551FfB1mPmgl6BWS9b2SAyGdCH1CCKaNSZ4McTUmnfSwozuR8YyRN1BXW3cRe8n1N4e8yrzOu/1O6YrOhYjumYsOqaEuvYtOzaFt4dvIn6PDtIIUfOGTqh24AAAAASUVORK5CYII=';

// ---- the slice of the extension API used (the polyfilled `browser` fits; tests pass fakeBrowser) ----
interface Evented<F> {
  addListener(cb: F): void;
  removeListener(cb: F): void;
}
export interface Sender {
  url?: string;
  tab?: { id?: number };
}
interface AlarmInfo {
  when?: number;
  delayInMinutes?: number;
  periodInMinutes?: number;
}
interface BadgeApi {
  setBadgeText(d: { text: string }): Promise<void> | void;
  setBadgeBackgroundColor(d: { color: string }): Promise<void> | void;
  setTitle?(d: { title: string }): Promise<void> | void;
}
export interface BackgroundApi {
  runtime: {
    getURL(path: string): string;
    onMessage: Evented<(msg: unknown, sender: Sender) => Promise<unknown> | undefined>;
  };
  alarms: {
    create(name: string, info: AlarmInfo): Promise<void> | void;
    clear(name: string): Promise<boolean>;
    get(name: string): Promise<{ name: string; scheduledTime: number; periodInMinutes?: number } | undefined>;
    onAlarm: Evented<(alarm: { name: string }) => void>;
  };
  notifications?: {
    create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string; priority?: number }): Promise<string>;
    clear(id: string): Promise<boolean>;
    onClicked: Evented<(id: string) => void>;
  };
  action?: BadgeApi;
  browserAction?: BadgeApi;
  tabs: {
    query(q: Record<string, never>): Promise<{ id?: number; url?: string; windowId?: number }[]>;
    update(id: number, p: { active: boolean }): Promise<unknown>;
    create(p: { url: string }): Promise<unknown>;
  };
  windows?: { update(id: number, p: { focused: boolean }): Promise<unknown> };
  storage: {
    managed?: ManagedArea;
    onChanged: Evented<(changes: Record<string, unknown>, area: string) => void>;
  };
  permissions?: { contains(p: { origins: string[] }): Promise<boolean> };
}

export interface BackgroundDeps {
  now?: () => Date;
  fetch?: FetchLike;
  /** The agent's zone (quiet hours, times in notifications); default the browser's. */
  timeZone?: string;
  locale?: string;
  iconUrl?: string;
  feedTimeoutMs?: number;
}

export interface BackgroundHandle {
  /** Settles when the start-up work (policy read, merge, alarms, first evaluation) is done. */
  ready: Promise<void>;
  /** Re-evaluate now (what the alarms do). */
  evaluate(): Promise<void>;
  refreshFeed(): Promise<FeedState>;
  /** The message handler (what onMessage calls for this module's messages). */
  handle(msg: unknown, sender: Sender): Promise<unknown>;
  stop(): void;
}

/** Runs tasks one after another: the background is the only writer of its items. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const p = tail.then(task, task);
    tail = p.catch(() => undefined);
    return p;
  };
}

const sansHash = (u: string) => u.replace(/#.*$/, '');

export function startBackground(api: BackgroundApi, deps: BackgroundDeps = {}): BackgroundHandle {
  const now = deps.now ?? (() => new Date());
  const timeZone = deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const fetchFn: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const iconUrl = deps.iconUrl ?? FALLBACK_ICON;
  const run = serial();
  let managed: ManagedConfig = emptyManaged(false);
  let effective: EffectiveContracts | null = null;
  let feedInFlight: Promise<FeedState> | null = null;

  // ---- contracts ----
  async function remerge(): Promise<void> {
    const [local, feed] = await Promise.all([loadContracts(), loadFeedState()]);
    const merged = mergeContractSources({ managed: managed.contracts, feed: feed.lastGood?.contracts ?? [], local: local.contracts });
    const stored = await effectiveContractsItem.getValue();
    if (stored && sameJson({ ...stored, updatedAt: null }, { ...merged, updatedAt: null })) {
      effective = stored;
      return;
    }
    effective = { ...merged, updatedAt: now().toISOString() };
    await effectiveContractsItem.setValue(effective);
  }

  /** Business-hours margins of update-cadence cycles are counted on the contract's calendar. */
  function measureFor(contractId: string): Measure {
    const contract = effective?.contracts.find((c) => c.id === contractId);
    return (basis, from, to) => {
      if (basis === '24x7') return (to - from) / 60_000;
      if (!contract) return null;
      try {
        return businessMinutesBetween(new Date(from), new Date(to), contract.calendar);
      } catch {
        return null;
      }
    };
  }

  // ---- watched tickets ----
  async function appendLog(entries: BreachLogEntry[]): Promise<void> {
    if (!entries.length) return;
    const r = appendOutcomes(await loadBreachLog(), entries);
    if (r.added) await saveBreachLog(r.log);
  }

  async function indicators(list: readonly WatchedTicket[], t: Date): Promise<void> {
    const b = badgeFor(list, t);
    const action = api.action ?? api.browserAction;
    if (action) {
      await action.setBadgeText({ text: b.text });
      await action.setBadgeBackgroundColor({ color: b.color });
      const parts = [b.breached && `${b.breached} breached`, b.atRisk && `${b.atRisk} at risk`].filter(Boolean);
      await action.setTitle?.({ title: parts.length ? `SLA Lens: ${parts.join(', ')}` : 'SLA Lens' });
    }
    const at = nextAlarmAt(list, t);
    if (at === null) {
      await api.alarms.clear(ALARMS.threshold);
      return;
    }
    const current = await api.alarms.get(ALARMS.threshold);
    if (current?.scheduledTime !== at) await api.alarms.create(ALARMS.threshold, { when: at });
  }

  async function rawSettings(): Promise<Record<string, unknown>> {
    return mergeManagedSettings(await storage.getItem<unknown>('sync:settings'), managed.settings).settings;
  }

  async function evaluateNow(): Promise<void> {
    const t = now();
    const stored = await loadWatched();
    const pruned = pruneWatched(stored, t);
    await appendLog(pruned.removed.flatMap((x) => outcomesOnDrop(x, t)));
    const settings = await rawSettings();
    const plan = planNotifications(pruned.list, t, notifyPrefsFrom(settings), timeZone);
    const notifications = api.notifications;
    if (notifications) {
      // A refused notification (permission withdrawn, odd platform) must not stop the badge and alarm.
      const show = (id: string, title: string, message: string, priority: number) =>
        Promise.resolve()
          .then(() => notifications.create(id, { type: 'basic', iconUrl, title, message, priority }))
          .catch(() => undefined);
      const text = { timeZone, locale: deps.locale, hour12: typeof settings.hour12 === 'boolean' ? settings.hour12 : undefined };
      for (const a of plan.show) {
        const { title, message } = notificationText(a, t, text);
        await show(NOTIFICATION_PREFIX + a.ticket.key, title, message, a.threshold.type === 'warn' ? 1 : 2);
      }
      if (plan.more)
        await show(SUMMARY_NOTIFICATION, `${plan.more} more watched ticket${plan.more === 1 ? '' : 's'} need attention`, 'Open SLA Lens from the toolbar to see them, most urgent first.', 1);
    }
    const list = markNotified(pruned.list, plan.mark);
    if (pruned.removed.length || plan.mark.size) await saveWatched(list);
    await indicators(list, t);
  }

  async function update(req: Extract<BackgroundRequest, { type: 'watch:update' }>): Promise<ResponseMap['watch:update'] | Failure> {
    const t = now();
    const r = upsertWatched(await loadWatched(), req.ticket, t);
    if (!r) return { ok: false, error: 'The ticket URL is not a web page.' };
    await appendLog(outcomesFromUpdate(r.previous, r.ticket, t, measureFor(r.ticket.contractId)));
    await saveWatched(r.list);
    // Prunes to the cap (the new ticket, just seen, is never the one dropped), updates badge and alarm,
    // and announces a threshold that passed between the overlay's computation and now.
    await evaluateNow();
    return { ok: true, key: r.ticket.key, pinned: r.ticket.pinned };
  }

  // ---- feed ----
  const feedUrlOf = (s: FeedState) => managed.feedUrl ?? s.url;
  const refreshMinutesOf = (s: FeedState) => clampRefreshMinutes(managed.feedRefreshMinutes ?? s.refreshMinutes);

  async function ensureAlarms(): Promise<void> {
    const sweep = await api.alarms.get(ALARMS.sweep);
    if (sweep?.periodInMinutes !== SWEEP_MINUTES) await api.alarms.create(ALARMS.sweep, { delayInMinutes: SWEEP_MINUTES, periodInMinutes: SWEEP_MINUTES });
    const state = await loadFeedState();
    if (!feedUrlOf(state)) {
      await api.alarms.clear(ALARMS.feed);
      return;
    }
    const minutes = refreshMinutesOf(state);
    const feed = await api.alarms.get(ALARMS.feed);
    if (feed?.periodInMinutes !== minutes) await api.alarms.create(ALARMS.feed, { delayInMinutes: minutes, periodInMinutes: minutes });
  }

  async function feedStatus(): Promise<FeedStatusReply> {
    const state = await loadFeedState();
    const url = feedUrlOf(state);
    let permission: boolean | null = null;
    const check = url ? checkFeedUrl(url) : null;
    const perms = api.permissions;
    if (check?.ok && perms) permission = await Promise.resolve().then(() => perms.contains({ origins: [check.pattern] })).catch(() => null);
    return { state, effectiveUrl: url, managedUrl: !!managed.feedUrl, permission };
  }

  /** The download runs outside the queue (it may take the whole time limit); only the write is queued. */
  function doRefreshFeed(): Promise<FeedState> {
    feedInFlight ??= (async () => {
      const before = await loadFeedState();
      const url = feedUrlOf(before);
      if (!url) return before;
      const r = await refreshFeed({ url, state: before }, { fetch: fetchFn, now: now(), timeoutMs: deps.feedTimeoutMs });
      return run(async () => {
        const current = await loadFeedState();
        // Reconfigured while downloading: this result belongs to another address.
        if (feedUrlOf(current) !== url) return current;
        const next: FeedState = { ...r.state, url: current.url, refreshMinutes: current.refreshMinutes };
        await feedItem.setValue(next);
        if (r.result === 'updated') await remerge();
        return next;
      });
    })().finally(() => {
      feedInFlight = null;
    });
    return feedInFlight;
  }

  async function configureFeed(req: Extract<BackgroundRequest, { type: 'feed:configure' }>): Promise<Failure | null> {
    if (managed.feedUrl) return { ok: false, error: 'The feed address is set by your administrator.' };
    let url: string | null = null;
    if (req.url !== null && req.url.trim() !== '') {
      const check = checkFeedUrl(req.url);
      if (!check.ok) return { ok: false, error: check.error };
      url = check.url;
    }
    await run(async () => {
      const s = await loadFeedState();
      const refreshMinutes = req.refreshMinutes === undefined ? s.refreshMinutes : clampRefreshMinutes(req.refreshMinutes);
      // Turning the feed off removes its contracts; a new address keeps the old ones until it delivers.
      const next: FeedState = url
        ? { ...s, url, refreshMinutes, status: url === s.url ? s.status : 'pending' }
        : { ...s, url: null, refreshMinutes, lastGood: null, status: 'off', lastError: null, errors: [], lastChange: null };
      await feedItem.setValue(next);
      await remerge();
      await ensureAlarms();
    });
    return null;
  }

  // ---- messages ----
  const fromExtensionPage = (sender: Sender) => typeof sender?.url === 'string' && sender.url.startsWith(api.runtime.getURL('/'));

  async function handle(msg: unknown, sender: Sender): Promise<unknown> {
    const parsed = parseBackgroundRequest(msg);
    if (!parsed.ok) return parsed;
    const req = parsed.request;
    if (PRIVILEGED.has(req.type) && !fromExtensionPage(sender)) return { ok: false, error: `${req.type} is only accepted from the extension's own pages.` };
    await started;
    switch (req.type) {
      case 'watch:update':
        return run(() => update(req));
      case 'watch:pin':
      case 'watch:unpin':
        return run(async () => {
          const pinned = req.type === 'watch:pin';
          const r = setPinned(await loadWatched(), req.key, pinned);
          if (!r.found) return { ok: false, error: 'This ticket is not watched yet.' };
          await saveWatched(r.list);
          return { ok: true, pinned };
        });
      case 'watch:forget':
        return run(async () => {
          const list = forgetWatched(await loadWatched(), req.key);
          await saveWatched(list);
          await indicators(list, now());
          return { ok: true };
        });
      case 'watch:get':
        return { ok: true, ticket: (await loadWatched()).find((t) => t.key === req.key) ?? null };
      case 'watch:list': {
        const t = now();
        const list = await loadWatched();
        return { ok: true, items: urgencyList(list, t), badge: badgeFor(list, t) };
      }
      case 'feed:status':
        return { ok: true, ...(await feedStatus()) };
      case 'feed:refresh':
        await doRefreshFeed();
        return { ok: true, ...(await feedStatus()) };
      case 'feed:configure': {
        const failure = await configureFeed(req);
        if (failure) return failure;
        if (req.url) await doRefreshFeed();
        return { ok: true, ...(await feedStatus()) };
      }
      case 'managed:status':
        return { ok: true, managed, conflicts: effective?.conflicts ?? [] };
      case 'log:clear':
        return run(async () => {
          const removed = (await loadBreachLog()).length;
          await saveBreachLog([]);
          return { ok: true, removed };
        });
    }
  }

  // ---- listeners (synchronously, before any await) ----
  const onMessage = (msg: unknown, sender: Sender): Promise<unknown> | undefined => (isBackgroundRequestType(msg) ? handle(msg, sender) : undefined);

  // Listeners return their work's promise: browsers ignore it, tests await it.
  const onAlarm = (alarm: { name: string }): Promise<unknown> | undefined => {
    if (alarm.name === ALARMS.threshold || alarm.name === ALARMS.sweep) return run(evaluateNow);
    if (alarm.name === ALARMS.feed) return doRefreshFeed();
    return undefined;
  };

  const onNotificationClicked = async (id: string): Promise<void> => {
    await api.notifications?.clear(id);
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    const key = id.slice(NOTIFICATION_PREFIX.length);
    const ticket = (await loadWatched()).find((t) => t.key === key);
    if (ticket) await openTicket(ticket.url);
  };

  async function openTicket(url: string): Promise<void> {
    // Only web pages: the URL came from a content script, never open another scheme from it.
    if (!/^https?:\/\//i.test(url)) return;
    const tabs = await api.tabs.query({});
    const tab = tabs.find((t) => t.url && sansHash(t.url) === sansHash(url) && t.id !== undefined);
    if (tab?.id !== undefined) {
      await api.tabs.update(tab.id, { active: true });
      if (tab.windowId !== undefined) await api.windows?.update(tab.windowId, { focused: true });
    } else {
      await api.tabs.create({ url });
    }
  }

  const onStorageChanged = (changes: Record<string, unknown>, area: string): Promise<unknown> | undefined => {
    if (area === 'managed') {
      return run(async () => {
        const before = managed.feedUrl;
        managed = await readManaged(api.storage.managed);
        await remerge();
        await ensureAlarms();
        await evaluateNow();
        return before !== managed.feedUrl;
      }).then((feedChanged) => (feedChanged && managed.feedUrl ? doRefreshFeed() : undefined));
    }
    if (area === 'local' && 'contracts' in changes) return run(remerge);
    return undefined;
  };

  api.runtime.onMessage.addListener(onMessage);
  api.alarms.onAlarm.addListener(onAlarm);
  api.notifications?.onClicked.addListener(onNotificationClicked);
  api.storage.onChanged.addListener(onStorageChanged);

  const ready: Promise<void> = run(async () => {
    managed = await readManaged(api.storage.managed);
    await remerge();
    await ensureAlarms();
    await evaluateNow();
  }).then(async () => {
    // A feed never fetched, or not fetched for a whole period (the browser was closed), is due now.
    const s = await loadFeedState();
    const last = s.lastAttemptAt ? Date.parse(s.lastAttemptAt) : 0;
    if (feedUrlOf(s) && now().getTime() - last >= refreshMinutesOf(s) * 60_000) void doRefreshFeed();
  });

  // A failed start-up (storage unavailable) must not block every later message.
  const started = ready.catch(() => undefined);

  return {
    ready,
    evaluate: () => run(evaluateNow),
    refreshFeed: doRefreshFeed,
    handle,
    stop() {
      api.runtime.onMessage.removeListener(onMessage);
      api.alarms.onAlarm.removeListener(onAlarm);
      api.notifications?.onClicked.removeListener(onNotificationClicked);
      api.storage.onChanged.removeListener(onStorageChanged);
    },
  };
}
