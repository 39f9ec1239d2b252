// The watched-ticket list: pure operations on the array, and the `local:` storage item. The background
// is the only writer (it serialises its writes); the overlay and the popup go through messages.
import { storage } from 'wxt/utils/storage';
import { isClosed, thresholdsOf } from './schedule';
import { CLOSED_KEEP_MS, UNSEEN_KEEP_MS, WATCH_CAP, watchKey, type WatchedTicket, type WatchUpdate } from './types';

export const watchedItem = storage.defineItem<WatchedTicket[]>('local:watched', { fallback: [], version: 1 });

const wellFormed = (t: unknown): t is WatchedTicket =>
  !!t && typeof t === 'object' && typeof (t as WatchedTicket).key === 'string' && Array.isArray((t as WatchedTicket).clocks) && Array.isArray((t as WatchedTicket).notified);

export async function loadWatched(): Promise<WatchedTicket[]> {
  const v = await watchedItem.getValue();
  return Array.isArray(v) ? v.filter(wellFormed) : [];
}

export async function saveWatched(list: readonly WatchedTicket[]): Promise<void> {
  await watchedItem.setValue([...list]);
}

export interface Upserted {
  list: WatchedTicket[];
  ticket: WatchedTicket;
  /** The stored ticket before this update (undefined = newly watched). */
  previous: WatchedTicket | undefined;
}

/**
 * Adds or refreshes a ticket from an overlay update. Pin, first-seen time and announced thresholds
 * carry over; thresholds that had already passed when the overlay computed the figures count as
 * announced (the agent is looking at them), and ids of thresholds that no longer exist are dropped.
 */
export function upsertWatched(list: readonly WatchedTicket[], update: WatchUpdate, now: Date): Upserted | null {
  const key = watchKey(update.helpdesk, update.url, update.ticketId);
  if (!key) return null;
  const previous = list.find((t) => t.key === key);
  const at = now.toISOString();
  const draft: WatchedTicket = {
    ...update,
    key,
    pinned: previous?.pinned ?? false,
    firstSeenAt: previous?.firstSeenAt ?? at,
    lastSeenAt: at,
    closedAt: null,
    notified: [],
  };
  draft.closedAt = isClosed(draft) ? (previous?.closedAt ?? at) : null;
  const seenUntil = Math.max(Date.parse(update.computedAt) || 0, 0);
  const before = new Set(previous?.notified ?? []);
  draft.notified = thresholdsOf(draft)
    .filter((x) => before.has(x.id) || x.at <= seenUntil)
    .map((x) => x.id);
  const rest = list.filter((t) => t.key !== key);
  return { list: [...rest, draft], ticket: draft, previous };
}

export function setPinned(list: readonly WatchedTicket[], key: string, pinned: boolean): { list: WatchedTicket[]; found: boolean } {
  let found = false;
  const out = list.map((t) => {
    if (t.key !== key) return t;
    found = true;
    return { ...t, pinned };
  });
  return { list: out, found };
}

export function forgetWatched(list: readonly WatchedTicket[], key: string): WatchedTicket[] {
  return list.filter((t) => t.key !== key);
}

/** Records thresholds as announced. */
export function markNotified(list: readonly WatchedTicket[], ids: ReadonlyMap<string, readonly string[]>): WatchedTicket[] {
  return list.map((t) => {
    const add = ids.get(t.key);
    return add?.length ? { ...t, notified: [...new Set([...t.notified, ...add])] } : t;
  });
}

/**
 * Drops unpinned tickets closed (and not viewed) for more than 7 days or not seen for more than 14,
 * then the least recently seen ones (unpinned first) beyond the cap.
 */
export function pruneWatched(list: readonly WatchedTicket[], now: Date, cap = WATCH_CAP): { list: WatchedTicket[]; removed: WatchedTicket[] } {
  const n = now.getTime();
  const removed: WatchedTicket[] = [];
  let kept = list.filter((t) => {
    // Counted from the last view too: a closed ticket the agent is looking at again is not dropped under them.
    const closedFor = t.closedAt ? n - Math.max(Date.parse(t.closedAt), Date.parse(t.lastSeenAt)) : 0;
    const unseenFor = n - Date.parse(t.lastSeenAt);
    const stale = !t.pinned && (closedFor > CLOSED_KEEP_MS || unseenFor > UNSEEN_KEEP_MS || !Number.isFinite(unseenFor));
    if (stale) removed.push(t);
    return !stale;
  });
  if (kept.length > cap) {
    const order = [...kept].sort((a, b) => Number(a.pinned) - Number(b.pinned) || a.lastSeenAt.localeCompare(b.lastSeenAt));
    const drop = new Set(order.slice(0, kept.length - cap).map((t) => t.key));
    removed.push(...kept.filter((t) => drop.has(t.key)));
    kept = kept.filter((t) => !drop.has(t.key));
  }
  return { list: kept, removed };
}
