// What to announce when thresholds pass: preferences (on/off, at-risk too, quiet hours), one
// notification per ticket (its most serious new threshold), a cap per evaluation, and the wording.
// Pure: the background passes `now`, the agent's zone and the locale.
import type { TargetKind } from '../contracts/model';
import { passedThresholds, THRESHOLD_RANK, isClosed, type Threshold } from '../watch/schedule';
import type { WatchedTicket } from '../watch/types';

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM" local (agent's zone); start > end spans midnight (22:00–07:00). */
  start: string;
  end: string;
}

export interface NotifyPrefs {
  enabled: boolean;
  /** Also announce "at risk" and internal-target thresholds, not only breaches and due updates. */
  atRisk: boolean;
  quietHours: QuietHours | null;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

export function parseQuietHours(raw: unknown): QuietHours | null {
  if (!isObj(raw) || typeof raw.start !== 'string' || typeof raw.end !== 'string') return null;
  if (!HHMM.test(raw.start) || !HHMM.test(raw.end)) return null;
  return { enabled: raw.enabled !== false, start: raw.start, end: raw.end };
}

/** Reads the notification preferences from raw settings (`settings.notifications`), defaulting the rest. */
export function notifyPrefsFrom(settings: unknown): NotifyPrefs {
  const n = isObj(settings) && isObj(settings.notifications) ? settings.notifications : {};
  return {
    enabled: typeof n.enabled === 'boolean' ? n.enabled : true,
    atRisk: typeof n.atRisk === 'boolean' ? n.atRisk : false,
    quietHours: parseQuietHours(n.quietHours),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localMinutes(now: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  }
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return (get('hour') % 24) * 60 + get('minute');
}

/** Quiet from `start` (inclusive) to `end` (exclusive), local time; equal bounds mean never. */
export function inQuietHours(now: Date, q: QuietHours | null, timeZone: string): boolean {
  if (!q?.enabled) return false;
  const m = localMinutes(now, timeZone);
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

export interface Announcement {
  ticket: WatchedTicket;
  threshold: Threshold;
}

export interface NotificationPlan {
  /** One per ticket, most serious first, at most `max`. */
  show: Announcement[];
  /** Tickets beyond the cap (announced together in one summary). */
  more: number;
  /** Threshold ids to record as handled, per ticket key (shown, muted or superseded alike). */
  mark: Map<string, string[]>;
}

/** At most this many separate notifications per evaluation (after a night with the browser closed). */
export const MAX_BURST = 4;

/**
 * Every passed, unannounced threshold is marked handled whether or not it is shown: with notifications
 * off or in quiet hours it is muted, not postponed (the badge and the popup still show the state), so
 * the end of the night does not bring a burst of stale alerts.
 */
export function planNotifications(watched: readonly WatchedTicket[], now: Date, prefs: NotifyPrefs, timeZone: string, max = MAX_BURST): NotificationPlan {
  const mark = new Map<string, string[]>();
  const candidates: Announcement[] = [];
  const quiet = inQuietHours(now, prefs.quietHours, timeZone);
  for (const ticket of watched) {
    if (isClosed(ticket)) continue;
    const passed = passedThresholds(ticket, now);
    if (!passed.length) continue;
    mark.set(ticket.key, passed.map((x) => x.id));
    if (!prefs.enabled || quiet) continue;
    const allowed = passed.filter((x) => x.type === 'breach' || x.type === 'updateDue' || prefs.atRisk);
    const top = allowed.sort((a, b) => THRESHOLD_RANK[b.type] - THRESHOLD_RANK[a.type] || a.at - b.at)[0];
    if (top) candidates.push({ ticket, threshold: top });
  }
  candidates.sort((a, b) => THRESHOLD_RANK[b.threshold.type] - THRESHOLD_RANK[a.threshold.type] || a.threshold.at - b.threshold.at);
  return { show: candidates.slice(0, max), more: Math.max(0, candidates.length - max), mark };
}

const CLOCK: Record<TargetKind, string> = { firstResponse: 'First response', updateCadence: 'Customer update', resolution: 'Resolution' };

export interface TextOptions {
  timeZone: string;
  /** undefined = the browser's locale. */
  locale?: string;
  hour12?: boolean;
}

function when(ms: number, now: Date, o: TextOptions): string {
  const base: Intl.DateTimeFormatOptions = { timeZone: o.timeZone, hour: '2-digit', minute: '2-digit' };
  if (o.hour12 !== undefined) base.hour12 = o.hour12;
  const sameDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: o.timeZone }).format(d);
  const opts = sameDay(new Date(ms)) === sameDay(now) ? base : { ...base, weekday: 'short' as const, day: 'numeric' as const, month: 'short' as const };
  try {
    return new Intl.DateTimeFormat(o.locale, opts).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString();
  }
}

/** Title and body of one notification: ticket, customer, clock and due time. */
export function notificationText(a: Announcement, now: Date, o: TextOptions): { title: string; message: string } {
  const { ticket: t, threshold: x } = a;
  const clock = CLOCK[x.kind];
  const title =
    x.type === 'breach' ? `Breached: ${clock} · ${t.customer}`
    : x.type === 'updateDue' ? `Customer update due · ${t.customer}`
    : x.type === 'internal' ? `Internal target passed: ${clock} · ${t.customer}`
    : `At risk: ${clock} · ${t.customer}`;
  const due = x.type === 'warn' ? t.clocks.find((c) => c.kind === x.kind)?.contractual.dueAt : null;
  const dueText = x.type === 'warn' ? (due ? `due ${when(Date.parse(due), now, o)}` : 'due soon') : `${x.type === 'internal' ? 'internal target was due' : 'was due'} ${when(x.at, now, o)}`;
  const head = [`#${t.ticketId}`, t.subject].filter(Boolean).join(' ');
  const sev = t.severity ? `${t.severity.toUpperCase()} · ` : '';
  return { title, message: `${head}\n${sev}${dueText}` };
}

export const NOTIFICATION_PREFIX = 'sla-lens:ticket:';
export const SUMMARY_NOTIFICATION = 'sla-lens:summary';
