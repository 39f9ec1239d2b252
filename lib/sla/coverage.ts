// "Is the customer inside coverage now?": their local time and the next opening or closing.
import { nextBusinessChange, validateCalendar, type BusinessCalendar } from '../business-time';
import type { CoverageNow } from './types';
import { hhmm, isValidZone, zoned } from '../zoned';

// Calendars are immutable once in use (business-time caches them per object too): validate each once.
const checked = new WeakMap<object, boolean>();

/** Whether the calendar passes validateCalendar (cached per calendar object). */
export function calendarIsValid(cal: BusinessCalendar): boolean {
  if (typeof cal !== 'object' || cal === null) return false;
  let ok = checked.get(cal);
  if (ok === undefined) checked.set(cal, (ok = validateCalendar(cal).length === 0));
  return ok;
}

/** "18:00" today, "24:00" at tonight's midnight, "Mon 09:00" within a week, "Mon 6 Jan 09:00" beyond. */
function when(at: Date, now: Date, zone: string): string {
  const a = zoned(at, zone);
  const days = a.dayNumber - zoned(now, zone).dayNumber;
  if (days === 0) return hhmm(a);
  if (days === 1 && a.hour === 0 && a.minute === 0) return '24:00';
  return days < 7 ? `${a.weekday} ${hhmm(a)}` : `${a.weekday} ${a.day} ${a.monthName} ${hhmm(a)}`;
}

export function coverageNow(cal: BusinessCalendar, now: Date): CoverageNow {
  const zone = isValidZone(cal?.timezone) ? cal.timezone : 'UTC';
  const z = zoned(now, zone);
  const localTime = `${z.weekday} ${hhmm(z)}`;
  if (!calendarIsValid(cal)) return { timezone: zone, localTime, open: false, nextOpen: null, closesAt: null, label: 'coverage hours invalid' };

  const change = nextBusinessChange(now, cal);
  if (change.open) {
    return {
      timezone: zone, localTime, open: true, nextOpen: null, closesAt: change.at,
      label: change.at ? `open until ${when(change.at, now, zone)}` : 'open 24×7',
    };
  }
  return {
    timezone: zone, localTime, open: false, nextOpen: change.at, closesAt: null,
    label: change.at ? `opens ${when(change.at, now, zone)}` : 'closed',
  };
}
