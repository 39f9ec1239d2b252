// Wall-clock parts of an instant in an IANA zone, through one cached Intl formatter per zone.
// (Luxon's zoned formatting costs ~100 µs a call; the overlay formats several instants every second.)

export interface ZonedParts {
  /** Days since 1970-01-01 of the local date (for "same day" / "in n days"). */
  dayNumber: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** "Mon" */
  weekday: string;
  /** "Mar" */
  monthName: string;
  /** Zone abbreviation or offset, e.g. "CET", "GMT-5". */
  zoneName: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
      });
    } catch {
      f = null;
    }
    if (formatters.size > 200) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone !== '' && formatter(zone) !== null;
}

// The overlay asks for the same zone and minute every second (customer's local time, coverage label):
// the parts have minute precision, so a minute's answer is reused. Every zone offset in use is a
// whole number of minutes, so a UTC minute never straddles a local minute boundary.
const minuteCache = new Map<string, ZonedParts>();

/** Parts of `d` in `zone` (UTC when the zone is unknown). The result is shared: do not mutate it. */
export function zoned(d: Date, zone: string): ZonedParts {
  const minute = Math.floor(d.getTime() / 60_000);
  const key = `${zone}|${minute}`;
  let parts = minuteCache.get(key);
  if (!parts) {
    parts = computeZoned(d, zone);
    if (minuteCache.size > 256) minuteCache.clear();
    minuteCache.set(key, parts);
  }
  return parts;
}

function computeZoned(d: Date, zone: string): ZonedParts {
  const f = formatter(zone) ?? formatter('UTC')!;
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  const year = Number(p.year);
  const month = Number(p.month);
  const day = Number(p.day);
  return {
    dayNumber: Date.UTC(year, month - 1, day) / 86_400_000,
    year, month, day,
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: p.weekday ?? '',
    monthName: MONTHS[month - 1] ?? '',
    zoneName: p.timeZoneName ?? zone,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** "14:05" */
export const hhmm = (z: ZonedParts) => `${pad(z.hour)}:${pad(z.minute)}`;

/** The local date "YYYY-MM-DD" of `d` in `zone` (UTC when the zone is unknown). */
export const localDate = (d: Date, zone: string): string => {
  const z = zoned(d, zone);
  return `${z.year}-${pad(z.month)}-${pad(z.day)}`;
};
