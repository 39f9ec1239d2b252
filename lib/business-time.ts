// Business-time arithmetic (binding API, see ../shared/DESIGN.md "Business time").
//
// Model: an instant t is business time when its local wall-clock time L(t) = t + offset(t) falls in a
// weekly window of a non-holiday local date. Between two zone transitions the offset is constant, so the
// instants of one wall window [A, B) inside a transition segment with offset o are exactly
// [A - o, B - o) ∩ segment. The union over segments is exact on DST days: a window in a spring-forward gap
// starts at the first instant after the gap, and a fall-back overlap contributes both repeated hours.
//
// A calendar is compiled once into sorted, disjoint UTC intervals (Float64Array starts/ends plus prefix sums
// of their lengths), built lazily in fixed UTC chunks of 365 days and grown contiguously on demand. Each
// call is then a binary search plus prefix-sum arithmetic; Intl (offsets sampled every 6 h, transitions
// bisected to the second, cached per zone) is only used while compiling. All instants are integer
// milliseconds (zone offsets are whole seconds), so the sums are exact. The compiled range is contiguous:
// a call in 1990 after one in 2025 compiles the years between (≈ 2–3 ms per year).
//
// Calendars are treated as immutable once used: compiled forms are cached per object (WeakMap) and per
// content (a small LRU keyed by the calendar's content), so fresh but equal objects reuse them.
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Berlin". */
  timezone: string;
  /** Local wall-clock intervals per weekday, e.g. [["09:00","12:00"],["13:00","18:00"]]; "24:00" may end a day. */
  weekly: Partial<Record<Weekday, [string, string][]>>;
  /** Local dates "YYYY-MM-DD", whole days off. */
  holidays?: string[];
}

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Instants (inputs and results) must lie in [SUPPORTED_FROM, SUPPORTED_UNTIL): 1800-01-01Z … 2500-01-01Z. */
export const SUPPORTED_FROM = Date.UTC(1800, 0, 1);
export const SUPPORTED_UNTIL = Date.UTC(2500, 0, 1);

const MINUTE = 60_000;
const DAY = 86_400_000;
const CHUNK = 365 * DAY;
/** Zone offsets are sampled this often, then transitions are bisected to the second. */
const SAMPLE = 6 * 3_600_000;
/** How far nextBusinessChange looks past the last holiday before answering "never". */
const CHANGE_HORIZON = 35 * DAY;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** 24×7 in UTC, no holidays: for targets that count wall-clock time. */
export const ALWAYS_OPEN: BusinessCalendar = deepFreeze({
  timezone: 'UTC',
  weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])) as BusinessCalendar['weekly'],
});

/** Thrown by the API functions for a calendar that validateCalendar rejects. */
export class InvalidCalendarError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid business calendar: ${problems.join('; ')}`);
    this.name = 'InvalidCalendarError';
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

const TIME_RE = /^(\d\d):(\d\d)$/;
const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** "HH:MM" → minutes of the day (0…1440), or null. */
function parseTime(s: unknown): number | null {
  const m = typeof s === 'string' ? TIME_RE.exec(s) : null;
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** "YYYY-MM-DD" → days since 1970-01-01, or null when not a real date. */
function parseDate(s: unknown): number | null {
  const m = typeof s === 'string' ? DATE_RE.exec(s) : null;
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 0–99 as they are
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return back.getTime() / DAY;
}

// Building an Intl formatter costs ~0.5 ms; validating 5,000 contracts must not build 5,000 of them.
const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(name: string): Intl.DateTimeFormat | null {
  let f = zoneFormatters.get(name);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
  } catch {
    f = null;
  }
  if (zoneFormatters.size > 500) zoneFormatters.clear();
  zoneFormatters.set(name, f);
  return f;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a calendar as human messages with their path; [] when valid. */
export function validateCalendar(cal: BusinessCalendar): string[] {
  const out: string[] = [];
  const c: unknown = cal;
  if (!isRecord(c)) return ['calendar: must be an object { timezone, weekly, holidays? }'];

  if (typeof c.timezone !== 'string' || c.timezone === '') out.push('timezone: must be an IANA time zone name, e.g. "Europe/Berlin"');
  else if (!zoneFormatter(c.timezone)) out.push(`timezone: unknown time zone ${JSON.stringify(c.timezone)}`);

  const weekly = c.weekly;
  if (!isRecord(weekly)) {
    out.push('weekly: must be an object like { "mon": [["09:00", "18:00"]] }');
  } else {
    const before = out.length;
    let open = 0;
    for (const [day, list] of Object.entries(weekly)) {
      const path = `weekly.${day}`;
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        out.push(`${path}: unknown weekday (use ${WEEKDAYS.join(', ')})`);
        continue;
      }
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        out.push(`${path}: must be a list of ["HH:MM", "HH:MM"] intervals`);
        continue;
      }
      const ok: { s: number; e: number; i: number }[] = [];
      list.forEach((pair: unknown, i) => {
        const p = `${path}[${i}]`;
        if (!Array.isArray(pair) || pair.length !== 2) {
          out.push(`${p}: must be a pair ["HH:MM", "HH:MM"]`);
          return;
        }
        const [a, b] = pair as unknown[];
        const s = parseTime(a);
        const e = parseTime(b);
        if (s === null) out.push(`${p}: ${JSON.stringify(a)} is not a time (HH:MM, 00:00–24:00)`);
        if (e === null) out.push(`${p}: ${JSON.stringify(b)} is not a time (HH:MM, 00:00–24:00)`);
        if (s === null || e === null) return;
        if (s >= e) out.push(`${p}: start ${String(a)} must be before end ${String(b)}`);
        else ok.push({ s, e, i });
      });
      ok.sort((x, y) => x.s - y.s);
      for (let k = 1; k < ok.length; k++) {
        const prev = ok[k - 1]!;
        const cur = ok[k]!;
        if (cur.s < prev.e) {
          const [later, earlier] = cur.i > prev.i ? [cur, prev] : [prev, cur];
          out.push(
            `${path}[${later.i}]: ${hhmm(later.s)}–${hhmm(later.e)} overlaps ${path}[${earlier.i}] ${hhmm(earlier.s)}–${hhmm(earlier.e)}`,
          );
        }
      }
      open += ok.length;
    }
    if (out.length === before && open === 0) out.push('weekly: no open time at all (every weekday is closed)');
  }

  if (c.holidays !== undefined) {
    if (!Array.isArray(c.holidays)) out.push('holidays: must be a list of "YYYY-MM-DD" dates');
    else
      c.holidays.forEach((h: unknown, i) => {
        if (parseDate(h) === null) out.push(`holidays[${i}]: ${JSON.stringify(h)} is not a date (YYYY-MM-DD)`);
      });
  }
  return out;
}

function hhmm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Zone transitions (per zone, per chunk; shared by every calendar in that zone)

interface Segments {
  /** Segment starts; at[0] = chunk start, last element = chunk end (sentinel). */
  at: number[];
  /** Offset in ms (local = utc + off) for [at[i], at[i+1]). */
  off: number[];
}

interface ZoneInfo {
  fmt: Intl.DateTimeFormat;
  chunks: Map<number, Segments>;
}

const zones = new Map<string, ZoneInfo>();

const OFFSET_RE = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?/;

function offsetAt(z: ZoneInfo, t: number): number {
  const m = OFFSET_RE.exec(z.fmt.format(t));
  if (!m?.[1]) return 0;
  const abs = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -abs : abs;
}

/** Pushes every transition in (a, b] (a, b whole seconds; offsets differ at the ends). */
function bisect(z: ZoneInfo, a: number, oa: number, b: number, ob: number, seg: Segments): void {
  if (b - a <= 1000) {
    seg.at.push(b);
    seg.off.push(ob);
    return;
  }
  const m = a + Math.floor((b - a) / 2000) * 1000;
  const om = offsetAt(z, m);
  if (om !== oa) bisect(z, a, oa, m, om, seg);
  if (om !== ob) bisect(z, m, om, b, ob, seg);
}

function zoneSegments(z: ZoneInfo, k: number): Segments {
  let seg = z.chunks.get(k);
  if (seg) return seg;
  const u0 = k * CHUNK;
  const u1 = u0 + CHUNK;
  seg = { at: [u0], off: [offsetAt(z, u0)] };
  let a = u0;
  let oa = seg.off[0]!;
  while (a < u1) {
    const b = Math.min(a + SAMPLE, u1);
    const ob = offsetAt(z, b);
    if (ob !== oa) bisect(z, a, oa, b, ob, seg);
    a = b;
    oa = ob;
  }
  // A transition exactly at u1 belongs to the next chunk.
  if (seg.at[seg.at.length - 1] === u1) {
    seg.at.pop();
    seg.off.pop();
  }
  seg.at.push(u1);
  z.chunks.set(k, seg);
  return seg;
}

function zoneInfo(name: string): ZoneInfo {
  let z = zones.get(name);
  if (!z) {
    const fmt = zoneFormatter(name);
    if (!fmt) throw new InvalidCalendarError([`timezone: unknown time zone ${JSON.stringify(name)}`]);
    z = { fmt, chunks: new Map() };
    zones.set(name, z);
  }
  return z;
}

// ---------------------------------------------------------------------------------------------
// Compiled calendars

interface Compiled {
  zone: ZoneInfo;
  /** Per weekday (0 = Monday): window bounds in ms of the local day, flattened [s0, e0, s1, e1, …], sorted. */
  week: number[][];
  holidays: Set<number>;
  /** UTC ms after which no holiday can matter any more. */
  holidaysEnd: number;
  /** Business milliseconds per week, for estimating how far to compile. */
  weekMs: number;
  /** Compiled UTC range [loK * CHUNK, hiK * CHUNK). */
  loK: number;
  hiK: number;
  lo: number;
  hi: number;
  n: number;
  starts: Float64Array;
  ends: Float64Array;
  /** cum[i] = business ms in [lo, starts[i]); cum[n] = total. */
  cum: Float64Array;
}

const byObject = new WeakMap<object, Compiled>();
const byContent = new Map<string, Compiled>();
const CONTENT_CACHE_SIZE = 64;

const WEEKDAY_SET: ReadonlySet<string> = new Set(WEEKDAYS);

/**
 * Content key, injective over the calendars it accepts: counts prefix every list and every token has a
 * fixed length (times 5, dates 10), the zone comes last. Undefined for shapes that only validation can
 * judge (they are then validated on every call, which is fine for invalid input).
 */
function contentKey(cal: BusinessCalendar): string | undefined {
  if (!isRecord(cal) || typeof cal.timezone !== 'string' || !isRecord(cal.weekly)) return undefined;
  const weekly = cal.weekly as Record<string, unknown>;
  for (const day in weekly) if (!WEEKDAY_SET.has(day)) return undefined;
  let key = '';
  for (const day of WEEKDAYS) {
    const list = weekly[day] ?? [];
    if (!Array.isArray(list)) return undefined;
    key += `${list.length}:`;
    for (const pair of list as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) return undefined;
      const [a, b] = pair as unknown[];
      if (typeof a !== 'string' || typeof b !== 'string' || a.length !== 5 || b.length !== 5) return undefined;
      key += a + b;
    }
  }
  const holidays: unknown = cal.holidays ?? [];
  if (!Array.isArray(holidays)) return undefined;
  key += `${holidays.length}:`;
  for (const h of holidays as unknown[]) {
    if (typeof h !== 'string' || h.length !== 10) return undefined;
    key += h;
  }
  return key + cal.timezone;
}

function compiled(cal: BusinessCalendar): Compiled {
  if (typeof cal === 'object' && cal !== null) {
    const hit = byObject.get(cal);
    if (hit) return hit;
  }
  const key = contentKey(cal);
  let c = key === undefined ? undefined : byContent.get(key);
  if (c) {
    byContent.delete(key!); // re-inserted below: most recently used last
  } else {
    const problems = validateCalendar(cal);
    if (problems.length) throw new InvalidCalendarError(problems);
    c = compile(cal);
  }
  if (key !== undefined) {
    byContent.set(key, c);
    if (byContent.size > CONTENT_CACHE_SIZE) byContent.delete(byContent.keys().next().value!);
  }
  byObject.set(cal, c);
  return c;
}

function compile(cal: BusinessCalendar): Compiled {
  const week = WEEKDAYS.map((d) =>
    (cal.weekly[d] ?? [])
      .map(([s, e]) => [parseTime(s)! * MINUTE, parseTime(e)! * MINUTE] as const)
      .sort((x, y) => x[0] - y[0])
      .flat(),
  );
  const days = (cal.holidays ?? []).map((h) => parseDate(h)!);
  let weekMs = 0;
  for (const w of week) for (let i = 0; i < w.length; i += 2) weekMs += w[i + 1]! - w[i]!;
  return {
    zone: zoneInfo(cal.timezone),
    week,
    holidays: new Set(days),
    holidaysEnd: days.length ? (Math.max(...days) + 2) * DAY : -Infinity,
    weekMs,
    loK: 0,
    hiK: 0,
    lo: 0,
    hi: 0,
    n: 0,
    starts: new Float64Array(0),
    ends: new Float64Array(0),
    cum: new Float64Array(1),
  };
}

/** Appends the business intervals of chunk k, sorted and merged, to (s, e). */
function compileChunk(c: Compiled, k: number, s: number[], e: number[]): void {
  const u0 = k * CHUNK;
  const u1 = u0 + CHUNK;
  const { at, off } = zoneSegments(c.zone, k);
  let minOff = Infinity;
  let maxOff = -Infinity;
  for (const o of off) {
    if (o < minOff) minOff = o;
    if (o > maxOff) maxOff = o;
  }
  const pieces: [number, number][] = [];
  const lastSeg = off.length;
  for (let d = Math.floor((u0 + minOff) / DAY); d <= Math.floor((u1 - 1 + maxOff) / DAY); d++) {
    if (c.holidays.has(d)) continue;
    const w = c.week[(((d + 3) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
    for (let i = 0; i < w.length; i += 2) {
      const wallStart = d * DAY + w[i]!;
      const wallEnd = d * DAY + w[i + 1]!;
      for (let g = 0; g < lastSeg; g++) {
        const a = Math.max(wallStart - off[g]!, at[g]!);
        const b = Math.min(wallEnd - off[g]!, at[g + 1]!);
        if (a < b) pieces.push([a, b]);
      }
    }
  }
  pieces.sort((x, y) => x[0] - y[0]);
  for (const [a, b] of pieces) pushMerged(s, e, a, b);
}

function pushMerged(s: number[], e: number[], a: number, b: number): void {
  const last = e.length - 1;
  if (last >= 0 && a <= e[last]!) {
    if (b > e[last]!) e[last] = b;
  } else {
    s.push(a);
    e.push(b);
  }
}

/** Grows the compiled range to cover chunks [loK, hiK) (a superset of the current one). */
function grow(c: Compiled, loK: number, hiK: number): void {
  if (c.loK === c.hiK) c.loK = c.hiK = loK; // nothing compiled yet
  const s: number[] = [];
  const e: number[] = [];
  for (let k = loK; k < c.loK; k++) compileChunk(c, k, s, e);
  for (let i = 0; i < c.n; i++) pushMerged(s, e, c.starts[i]!, c.ends[i]!);
  for (let k = Math.max(c.hiK, loK); k < hiK; k++) compileChunk(c, k, s, e);
  const n = s.length;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + e[i]! - s[i]!;
  c.starts = Float64Array.from(s);
  c.ends = Float64Array.from(e);
  c.cum = cum;
  c.n = n;
  c.loK = loK;
  c.hiK = hiK;
  c.lo = loK * CHUNK;
  c.hi = hiK * CHUNK;
}

function cover(c: Compiled, t: number): void {
  if (t >= c.lo && t < c.hi) return;
  const k = Math.floor(t / CHUNK);
  if (c.loK === c.hiK) grow(c, k, k + 1);
  else grow(c, Math.min(c.loK, k), Math.max(c.hiK, k + 1));
}

/** First index i in [0, n) with a[i] > x, or n. */
function upper(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Business ms in [lo, t) for a covered t. */
function before(c: Compiled, t: number): number {
  const i = upper(c.starts, c.n, t) - 1;
  if (i < 0) return 0;
  const e = c.ends[i]!;
  return c.cum[i]! + (t < e ? t : e) - c.starts[i]!;
}

function instant(d: Date, what: string): number {
  // Duck-typed: a Date from another realm (iframe, page world) fails instanceof but is still a Date.
  const t = typeof (d as Partial<Date> | null)?.getTime === 'function' ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what}: not a valid Date`);
  if (t < SUPPORTED_FROM || t >= SUPPORTED_UNTIL) {
    throw new RangeError(`${what}: ${d.toISOString()} is outside the supported range 1800-01-01Z … 2500-01-01Z`);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// API

/** Business minutes in [from, to) (fractional, ms precision); the negative of the reverse span when to < from. */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const c = compiled(cal);
  const f = instant(from, 'from');
  const t = instant(to, 'to');
  cover(c, f);
  cover(c, t);
  return (before(c, t) - before(c, f)) / MINUTE;
}

/**
 * Earliest instant T ≥ start with businessMinutesBetween(start, T) === minutes; `start` itself for 0.
 * A count that runs out exactly at closing time is due at closing time.
 * Negative minutes count backwards symmetrically: the latest T ≤ start with
 * businessMinutesBetween(start, T) === minutes, so a count that runs out exactly at opening time lands on
 * the opening, not on the previous closing. Minutes are rounded to whole milliseconds.
 * Throws RangeError for non-finite minutes or a result outside SUPPORTED_FROM…SUPPORTED_UNTIL.
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  const c = compiled(cal);
  const s = instant(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) throw new RangeError(`minutes: ${String(minutes)} is not a finite number`);
  const d = minutes < 0 ? -Math.round(-minutes * MINUTE) : Math.round(minutes * MINUTE);
  if (d === 0) return new Date(s);
  const outOfRange = () => new RangeError(`addBusinessMinutes: ${minutes} business minutes from ${start.toISOString()} leave the supported range`);
  if (Math.abs(d) > SUPPORTED_UNTIL - SUPPORTED_FROM) throw outOfRange();
  cover(c, s);
  for (;;) {
    const target = before(c, s) + d;
    const { cum, n } = c;
    if (d > 0 && target <= cum[n]!) {
      // First interval whose running total reaches the target.
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid + 1]! < target) lo = mid + 1;
        else hi = mid;
      }
      const due = c.starts[lo]! + target - cum[lo]!;
      if (due >= SUPPORTED_UNTIL) throw outOfRange();
      return new Date(due);
    }
    if (d < 0 && target >= 0) {
      const j = upper(cum, n, target) - 1; // last interval starting at or below the target
      const due = c.starts[j]! + target - cum[j]!;
      if (due < SUPPORTED_FROM) throw outOfRange();
      return new Date(due);
    }
    // Compile further in the direction of travel: an estimate from the weekly hours, at least one chunk.
    const missing = d > 0 ? target - cum[n]! : -target;
    const chunks = Math.max(1, Math.ceil(((missing / c.weekMs) * 7 * DAY * 1.05) / CHUNK));
    if (d > 0) {
      if (c.hi >= SUPPORTED_UNTIL) throw outOfRange();
      grow(c, c.loK, Math.min(c.hiK + chunks, Math.ceil(SUPPORTED_UNTIL / CHUNK)));
    } else {
      if (c.lo <= SUPPORTED_FROM) throw outOfRange();
      grow(c, Math.max(c.loK - chunks, Math.floor(SUPPORTED_FROM / CHUNK)), c.hiK);
    }
  }
}

/** Whether `at` is business time on the calendar. */
export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  const c = compiled(cal);
  const t = instant(at, 'at');
  cover(c, t);
  const i = upper(c.starts, c.n, t) - 1;
  return i >= 0 && t < c.ends[i]!;
}

/**
 * `open`: whether `at` is business time. `at`: the next closing when open, the next opening when closed;
 * null when there is none (e.g. 24×7 with no later holiday).
 */
export function nextBusinessChange(at: Date, cal: BusinessCalendar): { open: boolean; at: Date | null } {
  const c = compiled(cal);
  const t = instant(at, 'at');
  cover(c, t);
  const horizon = Math.min(Math.max(t, c.holidaysEnd) + CHANGE_HORIZON, SUPPORTED_UNTIL);
  let i = upper(c.starts, c.n, t) - 1;
  const open = i >= 0 && t < c.ends[i]!;
  for (;;) {
    if (open && c.ends[i]! < c.hi) return { open, at: new Date(c.ends[i]!) };
    if (!open && i + 1 < c.n) return { open, at: new Date(c.starts[i + 1]!) };
    if (c.hi >= horizon) return { open, at: null };
    grow(c, c.loK, c.hiK + 1);
    i = upper(c.starts, c.n, t) - 1; // a prepend never happens here, but indices are cheap to refresh
  }
}
