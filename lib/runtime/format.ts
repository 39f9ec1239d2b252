// Text the overlay shows, as pure functions of engine results (so views stay dumb and testable).
import type { BusinessCalendar, Weekday } from '../business-time';
import type { Contact, TargetKind } from '../contracts/model';
import type { Clock, ClockState, TargetClock } from '../sla/types';
import { formatDuration, formatTimeLeft } from '../sla/format';

export const CLOCK_LABEL: Record<TargetKind, string> = {
  firstResponse: 'First response',
  updateCadence: 'Next update',
  resolution: 'Resolution',
};

export const STATE_WORD: Record<ClockState, string> = {
  running: 'running',
  atRisk: 'at risk',
  breached: 'breached',
  paused: 'paused',
  met: 'met',
  missed: 'missed',
};

/** Whole minutes for display; a partial minute still counts (never "0m left" while time remains). */
const mins = (m: number) => formatDuration(Math.ceil(Math.abs(m)));

/** "2h 10m left", "overdue by 12m", "paused · 2h 10m left", "met", "missed by 5m". */
export function clockText(c: TargetClock, paused = false): string {
  const m = c.minutesLeft;
  if (c.state === 'met') return 'met';
  if (c.state === 'missed') return m < 0 ? `missed by ${mins(m)}` : 'missed';
  if (paused || c.state === 'paused') return m < 0 ? `paused · overdue by ${mins(m)}` : `paused · ${mins(m)} left`;
  // A breached clock at exactly 0 is late, not "0m left".
  if (c.state === 'breached' && m >= 0) return 'overdue by 1m';
  return formatTimeLeft(m);
}

/** The private target beside the contractual one: "internal 1h 10m", "internal overdue by 5m". */
export function internalText(c: TargetClock): string {
  if (c.state === 'met') return 'internal met';
  if (c.state === 'missed') return 'internal missed';
  return c.minutesLeft < 0 ? `internal overdue by ${mins(c.minutesLeft)}` : `internal ${mins(c.minutesLeft)}`;
}

export interface TimeOpts {
  hour12: boolean | 'auto';
  /** undefined = the agent's browser zone. */
  timeZone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(opts: TimeOpts, parts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([opts.hour12, opts.timeZone, parts]);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      ...parts,
      // hourCycle, not hour12: `hour12: false` lets some locales print midnight as "24:00".
      ...(opts.hour12 === 'auto' ? {} : { hourCycle: opts.hour12 ? 'h12' : 'h23' }),
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

const dayKey = (d: Date, opts: TimeOpts) => fmt(opts, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** Absolute instant in the agent's zone: "14:30" today, "Tue 14:30" this week, "3 Mar, 14:30" beyond. */
export function formatInstant(d: Date, now: Date, opts: TimeOpts): string {
  const time = { hour: 'numeric', minute: '2-digit' } as const;
  if (dayKey(d, opts) === dayKey(now, opts)) return fmt(opts, time).format(d);
  const days = Math.abs(d.getTime() - now.getTime()) / 86_400_000;
  if (days < 6) return fmt(opts, { weekday: 'short', ...time }).format(d);
  return fmt(opts, { day: 'numeric', month: 'short', ...time }).format(d);
}

/** Secondary line of a clock: when it is due, stopped or paused. */
export function clockWhen(clock: Clock, now: Date, opts: TimeOpts): string | null {
  const c = clock.contractual;
  if ((c.state === 'met' || c.state === 'missed') && c.stoppedAt) return `at ${formatInstant(c.stoppedAt, now, opts)}`;
  if (clock.paused || c.state === 'paused') return clock.pausedSince ? `since ${formatInstant(clock.pausedSince, now, opts)}` : null;
  return c.dueAt ? `due ${formatInstant(c.dueAt, now, opts)}` : null;
}

const ALLOWED = new Set(['https:', 'mailto:', 'tel:']);

/** A link target from contract data, or null when it is not a well-formed https:, mailto: or tel: URL. */
export function safeHref(raw: string | undefined, allowed: ReadonlySet<string> = ALLOWED): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim());
    return allowed.has(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

export interface ContactLink {
  kind: 'email' | 'phone' | 'chat';
  text: string;
  /** null = show as plain text. */
  href: string | null;
}

const EMAIL = /^[^\s@:/?#]+@[^\s@:/?#]+\.[^\s@:/?#]+$/;
const PHONE = /^\+?[\d\s().\-/]{3,32}$/;

export function contactLinks(c: Contact): ContactLink[] {
  const out: ContactLink[] = [];
  if (c.email) {
    const e = c.email.trim();
    out.push({ kind: 'email', text: e, href: EMAIL.test(e) ? safeHref(`mailto:${e}`) : null });
  }
  if (c.phone) {
    const p = c.phone.trim();
    out.push({ kind: 'phone', text: p, href: PHONE.test(p) ? safeHref(`tel:${p.replace(/[^\d+]/g, '')}`) : null });
  }
  if (c.chat) out.push({ kind: 'chat', text: c.chat.trim(), href: safeHref(c.chat, new Set(['https:'])) });
  return out;
}

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAME: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Mon–Fri 09:00–18:00 (Europe/Berlin)", "24×7". */
export function summarizeCalendar(cal: BusinessCalendar): string {
  const spans = DAYS.map((d) => (cal.weekly[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', '));
  if (spans.every((s) => s === '00:00–24:00')) return '24×7';
  const groups: string[] = [];
  let i = 0;
  while (i < 7) {
    const s = spans[i] ?? '';
    let j = i;
    while (j + 1 < 7 && spans[j + 1] === s) j++;
    if (s) {
      const a = DAY_NAME[DAYS[i]!];
      const b = DAY_NAME[DAYS[j]!];
      groups.push(`${i === j ? a : `${a}–${b}`} ${s}`);
    }
    i = j + 1;
  }
  return `${groups.join('; ') || 'no coverage hours'} (${cal.timezone})`;
}
