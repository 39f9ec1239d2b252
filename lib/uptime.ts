// Availability % ⇄ allowed downtime. Periods derive from a 365.25-day (Julian) year so that
// month = year / 12 = 30.4375 days ("30.44 days") and quarter = year / 4 = 91.3125 days, the
// convention most SLA documents and uptime calculators use.

export type UptimePeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

const DAY = 86_400;
const YEAR = 365.25 * DAY;

/** Period lengths in seconds. */
export const PERIOD_SECONDS: Record<UptimePeriod, number> = {
  day: DAY,
  week: 7 * DAY,
  month: YEAR / 12,
  quarter: YEAR / 4,
  year: YEAR,
};

export const MONTH_DEFINITION = 'A month is 1/12 of a 365.25-day year (30.44 days); a quarter is 91.31 days.';

/**
 * Allowed downtime in whole seconds for an availability percentage over a period. Rounded down:
 * the promise is "at most this much", so a fraction of a second more would already breach it.
 * Returns null for percentages outside 0..100 or non-finite input.
 */
export function allowedDowntimeSeconds(percent: number, period: UptimePeriod): number | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  // Work in integer parts-per-billion to keep 99.9 from becoming 99.89999… before flooring.
  const downPpb = Math.round((100 - percent) * 1e7);
  return Math.floor((PERIOD_SECONDS[period] * downPpb) / 1e9 + 1e-9);
}

/** Availability % for a given downtime (seconds) over a period; null when the downtime does not fit. */
export function availabilityFor(downtimeSeconds: number, period: UptimePeriod): number | null {
  const total = PERIOD_SECONDS[period];
  if (!Number.isFinite(downtimeSeconds) || downtimeSeconds < 0 || downtimeSeconds > total) return null;
  return 100 * (1 - downtimeSeconds / total);
}

/** "43m 49s", "8h 45m 57s", "3d 15h 39m 29s", "0s". */
export function formatDowntime(seconds: number): string {
  let s = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [['d', DAY], ['h', 3600], ['m', 60]] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  parts.push(`${s}s`);
  // Trailing zero units add nothing ("1h", not "1h 0m 0s"); interior ones keep "1h 0m 5s" unambiguous.
  while (parts.length > 1 && /^0[a-z]$/.test(parts[parts.length - 1]!)) parts.pop();
  return parts.join(' ');
}

/**
 * Parses a downtime like "43m 49s", "1h30m", "90 min", "2.5h", "1d 2h" or a bare number of
 * minutes. Returns seconds, or null when the text is not a duration.
 */
export function parseDowntime(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60);
  const unit: Record<string, number> = {
    d: DAY, day: DAY, days: DAY,
    h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
    m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
    s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  };
  const re = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const size = unit[m[2] ?? ''];
    if (size === undefined) return null;
    total += Number(m[1]) * size;
    pos = re.lastIndex;
  }
  return pos === t.length ? Math.round(total) : null;
}

/** Parses "99.9", "99.9 %", "99,95" (decimal comma). Null when not a percentage in 0..100. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n >= 0 && n <= 100 ? n : null;
}
