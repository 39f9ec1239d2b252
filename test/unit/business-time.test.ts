// @vitest-environment node
// Example-based tests of lib/business-time.ts: the DESIGN.md examples, DST edges worked out by hand,
// fractional and negative spans, helpers, validation messages and input errors.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  InvalidCalendarError,
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessTime,
  nextBusinessChange,
  validateCalendar,
  type BusinessCalendar,
} from '../../lib/business-time';

const iso = (s: string) => new Date(s);
const local = (zone: string, wall: string) => DateTime.fromISO(wall, { zone }).toJSDate();
const weekdays = (hours: [string, string][]): BusinessCalendar['weekly'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, hours]));
const allWeek = (hours: [string, string][]): BusinessCalendar['weekly'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));

const NY = 'America/New_York';
const office: BusinessCalendar = { timezone: NY, weekly: weekdays([['09:00', '18:00']]) };

describe('DESIGN.md examples', () => {
  it('Friday 17:30 + 60 business minutes is Monday 09:30 local', () => {
    const due = addBusinessMinutes(local(NY, '2025-06-13T17:30'), 60, office);
    expect(due.toISOString()).toBe('2025-06-16T13:30:00.000Z');
    expect(businessMinutesBetween(local(NY, '2025-06-13T17:30'), due, office)).toBe(60);
  });

  it('a 02:30–05:00 window on the spring-forward Sunday holds 2 h, from 03:00 EDT', () => {
    const cal: BusinessCalendar = { timezone: NY, weekly: { sun: [['02:30', '05:00']] } };
    expect(businessMinutesBetween(iso('2025-03-09T00:00Z'), iso('2025-03-10T00:00Z'), cal)).toBe(120);
    // 02:30 EST does not exist: the window opens at the first instant after the gap, 03:00 EDT = 07:00Z.
    expect(isBusinessTime(iso('2025-03-09T06:59:59.999Z'), cal)).toBe(false);
    expect(isBusinessTime(iso('2025-03-09T07:00Z'), cal)).toBe(true);
    expect(nextBusinessChange(iso('2025-03-09T05:00Z'), cal)).toEqual({ open: false, at: iso('2025-03-09T07:00Z') });
    expect(addBusinessMinutes(iso('2025-03-09T05:00Z'), 1, cal).toISOString()).toBe('2025-03-09T07:01:00.000Z');
    expect(addBusinessMinutes(iso('2025-03-09T05:00Z'), 120, cal).toISOString()).toBe('2025-03-09T09:00:00.000Z');
  });

  it('00:00–24:00 holds 23 h on spring-forward days and 25 h on fall-back days', () => {
    const cases: [string, string, string, number][] = [
      [NY, '2025-03-09', '2025-03-10', 23],
      [NY, '2025-11-02', '2025-11-03', 25],
      ['Europe/Berlin', '2025-03-30', '2025-03-31', 23],
      ['Europe/Berlin', '2025-10-26', '2025-10-27', 25],
      ['Australia/Sydney', '2025-04-06', '2025-04-07', 25],
      ['Australia/Sydney', '2025-10-05', '2025-10-06', 23],
      // Lord Howe shifts by 30 minutes.
      ['Australia/Lord_Howe', '2025-04-06', '2025-04-07', 24.5],
      ['Australia/Lord_Howe', '2025-10-05', '2025-10-06', 23.5],
    ];
    for (const [zone, day, next, hours] of cases) {
      const cal: BusinessCalendar = { timezone: zone, weekly: { sun: [['00:00', '24:00']] } };
      // Measured over a wider span so only the Sunday counts.
      const span = businessMinutesBetween(local(zone, `${day}T00:00`), local(zone, `${next}T12:00`), cal);
      expect(span, `${zone} ${day}`).toBe(hours * 60);
    }
  });

  it('a count that runs out exactly at closing time is due at closing time', () => {
    expect(addBusinessMinutes(local(NY, '2025-06-13T17:00'), 60, office).toISOString()).toBe('2025-06-13T22:00:00.000Z'); // Fri 18:00
    expect(addBusinessMinutes(local(NY, '2025-06-13T17:00'), 61, office).toISOString()).toBe('2025-06-16T13:01:00.000Z'); // Mon 09:01
    expect(addBusinessMinutes(local(NY, '2025-06-16T09:00'), 540, office)).toEqual(local(NY, '2025-06-16T18:00'));
    // From a closed instant, the first business minute is counted from the next opening.
    expect(addBusinessMinutes(local(NY, '2025-06-14T12:00'), 540, office)).toEqual(local(NY, '2025-06-16T18:00'));
  });
});

describe('DST overlaps and offsets', () => {
  it('during a fall-back overlap a 01:00–02:00 window contains both repeated hours', () => {
    const cal: BusinessCalendar = { timezone: NY, weekly: { sun: [['01:00', '02:00']] } };
    // 01:00 EDT = 05:00Z … 01:59 EST ends at 07:00Z.
    expect(businessMinutesBetween(iso('2025-11-02T00:00Z'), iso('2025-11-03T00:00Z'), cal)).toBe(120);
    expect(nextBusinessChange(iso('2025-11-02T04:00Z'), cal)).toEqual({ open: false, at: iso('2025-11-02T05:00Z') });
    expect(nextBusinessChange(iso('2025-11-02T05:30Z'), cal)).toEqual({ open: true, at: iso('2025-11-02T07:00Z') });
  });

  it('a 01:30–03:00 window on a fall-back day has a hole where the clock shows 01:00–01:30 again', () => {
    const cal: BusinessCalendar = { timezone: NY, weekly: { sun: [['01:30', '03:00']] } };
    // 01:30–02:00 EDT (05:30–06:00Z), then 01:30–03:00 EST (06:30–08:00Z).
    expect(businessMinutesBetween(iso('2025-11-02T00:00Z'), iso('2025-11-03T00:00Z'), cal)).toBe(120);
    expect(isBusinessTime(iso('2025-11-02T05:45Z'), cal)).toBe(true);
    expect(isBusinessTime(iso('2025-11-02T06:15Z'), cal)).toBe(false);
    expect(nextBusinessChange(iso('2025-11-02T05:45Z'), cal).at).toEqual(iso('2025-11-02T06:00Z'));
    expect(addBusinessMinutes(iso('2025-11-02T05:30Z'), 31, cal).toISOString()).toBe('2025-11-02T06:31:00.000Z');
  });

  it('works with +05:45 (Kathmandu) and 30-minute DST (Lord Howe)', () => {
    const ktm: BusinessCalendar = { timezone: 'Asia/Kathmandu', weekly: weekdays([['09:00', '18:00']]) };
    expect(isBusinessTime(iso('2025-06-16T03:14Z'), ktm)).toBe(false);
    expect(isBusinessTime(iso('2025-06-16T03:15Z'), ktm)).toBe(true);
    expect(addBusinessMinutes(iso('2025-06-13T12:00Z'), 30, ktm).toISOString()).toBe('2025-06-16T03:30:00.000Z');

    // Lord Howe falls back 02:00 → 01:30 on 2025-04-06 (+11 → +10:30): 01:30–02:00 happens twice.
    const lhi: BusinessCalendar = { timezone: 'Australia/Lord_Howe', weekly: { sun: [['01:30', '02:00']] } };
    expect(businessMinutesBetween(iso('2025-04-05T00:00Z'), iso('2025-04-07T00:00Z'), lhi)).toBe(60);
    // It springs forward 02:00 → 02:30 on 2025-10-05: 02:00–02:30 does not exist.
    const gap: BusinessCalendar = { timezone: 'Australia/Lord_Howe', weekly: { sun: [['02:00', '03:00']] } };
    expect(businessMinutesBetween(iso('2025-10-04T00:00Z'), iso('2025-10-06T00:00Z'), gap)).toBe(30);
  });
});

describe('spans', () => {
  const fri1730 = local(NY, '2025-06-13T17:30');
  const mon0930 = local(NY, '2025-06-16T09:30');

  it('negative when to < from, and zero for an empty span', () => {
    expect(businessMinutesBetween(mon0930, fri1730, office)).toBe(-60);
    expect(businessMinutesBetween(fri1730, fri1730, office)).toBe(0);
    expect(businessMinutesBetween(local(NY, '2025-06-14T10:00'), local(NY, '2025-06-15T10:00'), office)).toBe(0);
  });

  it('negative minutes count backwards and land on the opening, not the previous closing', () => {
    expect(addBusinessMinutes(mon0930, -60, office)).toEqual(fri1730);
    expect(addBusinessMinutes(mon0930, -30, office)).toEqual(local(NY, '2025-06-16T09:00'));
    expect(addBusinessMinutes(mon0930, -31, office)).toEqual(local(NY, '2025-06-13T17:59'));
    expect(businessMinutesBetween(mon0930, addBusinessMinutes(mon0930, -31, office), office)).toBe(-31);
  });

  it('0 minutes returns the start itself, open or closed', () => {
    const sat = local(NY, '2025-06-14T12:34:56.789');
    expect(addBusinessMinutes(sat, 0, office).getTime()).toBe(sat.getTime());
    expect(addBusinessMinutes(fri1730, 0, office).getTime()).toBe(fri1730.getTime());
  });

  it('fractional minutes at millisecond precision', () => {
    const mon0900 = local(NY, '2025-06-16T09:00');
    expect(businessMinutesBetween(mon0900, new Date(mon0900.getTime() + 30_500), office)).toBe(30_500 / 60_000);
    expect(businessMinutesBetween(local(NY, '2025-06-13T17:59:59.999'), local(NY, '2025-06-16T09:00:00.001'), office)).toBe(2 / 60_000);
    expect(addBusinessMinutes(local(NY, '2025-06-13T17:59:30'), 1, office)).toEqual(local(NY, '2025-06-16T09:00:30'));
    expect(addBusinessMinutes(mon0900, 0.25, office)).toEqual(local(NY, '2025-06-16T09:00:15'));
    expect(addBusinessMinutes(mon0900, 1 / 3, office).getTime()).toBe(mon0900.getTime() + 20_000);
    expect(addBusinessMinutes(local(NY, '2025-06-16T09:00:00.250'), -0.5, office)).toEqual(local(NY, '2025-06-13T17:59:30.250'));
  });

  it('counts across decades and chunk seams: 24×7 equals wall-clock minutes in any zone', () => {
    const a = iso('1990-01-01T00:00Z');
    const b = iso('2100-01-01T00:00Z');
    const wall = (b.getTime() - a.getTime()) / 60_000;
    expect(businessMinutesBetween(a, b, ALWAYS_OPEN)).toBe(wall);
    expect(businessMinutesBetween(a, b, { timezone: 'Europe/Berlin', weekly: allWeek([['00:00', '24:00']]) })).toBe(wall);
    expect(addBusinessMinutes(a, wall, ALWAYS_OPEN)).toEqual(b);
  });

  it('works far from today (1990 and 2100)', () => {
    expect(businessMinutesBetween(local(NY, '1990-01-01T00:00'), local(NY, '1990-01-08T00:00'), office)).toBe(5 * 540);
    expect(businessMinutesBetween(local(NY, '2100-03-01T00:00'), local(NY, '2100-03-08T00:00'), office)).toBe(5 * 540);
    expect(addBusinessMinutes(local(NY, '2099-12-31T17:00'), 120, office)).toEqual(local(NY, '2100-01-01T10:00')); // 2099-12-31 is a Thursday
  });
});

describe('holidays and breaks', () => {
  const cal: BusinessCalendar = {
    timezone: 'Europe/Berlin',
    weekly: weekdays([['09:00', '12:00'], ['13:00', '17:00']]),
    holidays: ['2025-12-24', '2025-12-25', '2025-12-26'],
  };
  const B = 'Europe/Berlin';

  it('skips holidays and lunch breaks', () => {
    expect(addBusinessMinutes(local(B, '2025-12-23T16:30'), 60, cal)).toEqual(local(B, '2025-12-29T09:30'));
    expect(addBusinessMinutes(local(B, '2025-12-24T10:00'), 1, cal)).toEqual(local(B, '2025-12-29T09:01'));
    expect(addBusinessMinutes(local(B, '2025-12-22T11:30'), 60, cal)).toEqual(local(B, '2025-12-22T13:30'));
    expect(addBusinessMinutes(local(B, '2025-12-22T12:15'), 30, cal)).toEqual(local(B, '2025-12-22T13:30'));
    expect(businessMinutesBetween(local(B, '2025-12-22T00:00'), local(B, '2025-12-29T00:00'), cal)).toBe(2 * 420);
  });

  it('a holiday on a content-equal calendar is not confused with one without it', () => {
    const without = { ...cal, holidays: [] };
    const a = local(B, '2025-12-24T08:00');
    const b = local(B, '2025-12-24T20:00');
    expect(businessMinutesBetween(a, b, structuredClone(cal))).toBe(0);
    expect(businessMinutesBetween(a, b, without)).toBe(420);
    expect(businessMinutesBetween(a, b, structuredClone(without))).toBe(420);
    expect(businessMinutesBetween(a, b, cal)).toBe(0);
  });
});

describe('isBusinessTime / nextBusinessChange / ALWAYS_OPEN', () => {
  it('reports the next closing when open and the next opening when closed', () => {
    expect(isBusinessTime(local(NY, '2025-06-13T17:59:59.999'), office)).toBe(true);
    expect(isBusinessTime(local(NY, '2025-06-13T18:00'), office)).toBe(false);
    expect(nextBusinessChange(local(NY, '2025-06-13T10:00'), office)).toEqual({ open: true, at: local(NY, '2025-06-13T18:00') });
    expect(nextBusinessChange(local(NY, '2025-06-13T18:00'), office)).toEqual({ open: false, at: local(NY, '2025-06-16T09:00') });
    const withHoliday = { ...office, holidays: ['2025-06-16'] };
    expect(nextBusinessChange(local(NY, '2025-06-14T09:00'), withHoliday)).toEqual({ open: false, at: local(NY, '2025-06-17T09:00') });
  });

  it('touching intervals are one stretch: the change is at the real closing', () => {
    const cal: BusinessCalendar = { timezone: NY, weekly: { mon: [['09:00', '12:00'], ['12:00', '13:00']], sun: [['22:00', '24:00']] } };
    expect(nextBusinessChange(local(NY, '2025-06-16T10:00'), cal).at).toEqual(local(NY, '2025-06-16T13:00'));
    // Sunday 22:00–24:00 then Monday 09:00: the midnight is a real closing.
    expect(nextBusinessChange(local(NY, '2025-06-15T23:00'), cal).at).toEqual(local(NY, '2025-06-16T00:00'));
  });

  it('ALWAYS_OPEN never closes; a 24×7 calendar closes at its next holiday', () => {
    expect(isBusinessTime(iso('2025-06-14T03:00Z'), ALWAYS_OPEN)).toBe(true);
    expect(nextBusinessChange(iso('2025-06-14T03:00Z'), ALWAYS_OPEN)).toEqual({ open: true, at: null });
    expect(validateCalendar(ALWAYS_OPEN)).toEqual([]);
    expect(Object.isFrozen(ALWAYS_OPEN.weekly.mon)).toBe(true);
    const cal: BusinessCalendar = { timezone: 'UTC', weekly: allWeek([['00:00', '24:00']]), holidays: ['2031-07-04'] };
    expect(nextBusinessChange(iso('2025-06-14T03:00Z'), cal)).toEqual({ open: true, at: iso('2031-07-04T00:00Z') });
    expect(nextBusinessChange(iso('2031-07-04T03:00Z'), cal)).toEqual({ open: false, at: iso('2031-07-05T00:00Z') });
  });
});

describe('validateCalendar', () => {
  const base = (weekly: unknown, extra: object = {}) => ({ timezone: 'Europe/Berlin', weekly, ...extra }) as BusinessCalendar;

  it('accepts valid calendars, including 24:00 as an end', () => {
    expect(validateCalendar(office)).toEqual([]);
    expect(validateCalendar(base({ sat: [['18:00', '24:00']] }, { holidays: ['2024-02-29'] }))).toEqual([]);
  });

  it('names the path and the problem', () => {
    expect(validateCalendar(base({ mon: [['09:00', '12:00'], ['13:00', '12:00']] }))).toEqual(['weekly.mon[1]: start 13:00 must be before end 12:00']);
    expect(validateCalendar({ timezone: 'Mars/Base', weekly: { mon: [['09:00', '17:00']] } })).toEqual(['timezone: unknown time zone "Mars/Base"']);
    expect(validateCalendar(base({ tue: [['25:00', '26:00']] }))).toEqual([
      'weekly.tue[0]: "25:00" is not a time (HH:MM, 00:00–24:00)',
      'weekly.tue[0]: "26:00" is not a time (HH:MM, 00:00–24:00)',
    ]);
    expect(validateCalendar(base({ wed: [['9:00', '24:30']] }))).toEqual([
      'weekly.wed[0]: "9:00" is not a time (HH:MM, 00:00–24:00)',
      'weekly.wed[0]: "24:30" is not a time (HH:MM, 00:00–24:00)',
    ]);
    expect(validateCalendar(base({ mon: [['13:00', '18:00'], ['09:00', '14:00']] }))).toEqual([
      'weekly.mon[1]: 09:00–14:00 overlaps weekly.mon[0] 13:00–18:00',
    ]);
    expect(validateCalendar(base({ mon: [['09:00', '17:00']] }, { holidays: ['2025-12-25', '25.12.2025', '2025-02-29'] }))).toEqual([
      'holidays[1]: "25.12.2025" is not a date (YYYY-MM-DD)',
      'holidays[2]: "2025-02-29" is not a date (YYYY-MM-DD)',
    ]);
    expect(validateCalendar(base({}))).toEqual(['weekly: no open time at all (every weekday is closed)']);
    expect(validateCalendar(base({ mon: [] }))).toEqual(['weekly: no open time at all (every weekday is closed)']);
    expect(validateCalendar(base({ monday: [['09:00', '17:00']] }))[0]).toMatch(/^weekly\.monday: unknown weekday/);
    expect(validateCalendar(base({ mon: ['09:00-17:00'] }))).toEqual(['weekly.mon[0]: must be a pair ["HH:MM", "HH:MM"]']);
    expect(validateCalendar(base(null))).toEqual(['weekly: must be an object like { "mon": [["09:00", "18:00"]] }']);
    expect(validateCalendar(null as unknown as BusinessCalendar)).toEqual(['calendar: must be an object { timezone, weekly, holidays? }']);
  });

  it('every API function throws on an invalid calendar instead of looping', () => {
    const bad: BusinessCalendar[] = [
      base({}),
      base({ sat: [['00:00', '00:00']] }),
      { timezone: 'Mars/Base', weekly: { mon: [['09:00', '17:00']] } },
      base({ mon: [['09:00', '17:00'], ['16:00', '18:00']] }),
      base({ mon: [['09:00', '17:00']] }, { holidays: ['2025-12-25,2025-12-26'] }),
    ];
    const t = iso('2025-06-16T10:00Z');
    for (const cal of bad) {
      expect(() => businessMinutesBetween(t, iso('2025-06-20T10:00Z'), cal)).toThrow(InvalidCalendarError);
      expect(() => addBusinessMinutes(t, 60, cal)).toThrow(/Invalid business calendar: /);
      expect(() => isBusinessTime(t, cal)).toThrow(InvalidCalendarError);
      expect(() => nextBusinessChange(t, cal)).toThrow(InvalidCalendarError);
    }
    try {
      addBusinessMinutes(t, 60, base({}));
    } catch (e) {
      expect((e as InvalidCalendarError).problems).toEqual(['weekly: no open time at all (every weekday is closed)']);
    }
  });
});

describe('input errors', () => {
  it('rejects invalid dates, unsupported years and non-finite minutes with RangeError', () => {
    const t = iso('2025-06-16T10:00Z');
    expect(() => businessMinutesBetween(new Date(NaN), t, office)).toThrow(RangeError);
    expect(() => businessMinutesBetween(iso('1700-01-01T00:00Z'), t, office)).toThrow(/outside the supported range/);
    expect(() => addBusinessMinutes(t, Number.NaN, office)).toThrow(RangeError);
    expect(() => addBusinessMinutes(t, Infinity, office)).toThrow(RangeError);
    expect(() => addBusinessMinutes(t, 1e12, office)).toThrow(/leave the supported range/);
    // A calendar of its own, so nothing between 2025 and 2499 gets compiled.
    const late: BusinessCalendar = { ...office, holidays: ['2499-01-01'] };
    expect(() => addBusinessMinutes(iso('2499-12-30T00:00Z'), 60 * 24 * 7, late)).toThrow(/leave the supported range/);
    const early: BusinessCalendar = { ...office, holidays: ['1800-01-01'] };
    expect(() => addBusinessMinutes(iso('1800-01-02T00:00Z'), -60 * 24 * 7, early)).toThrow(/leave the supported range/);
    expect(addBusinessMinutes(iso('2499-12-30T00:00Z'), 60, late)).toEqual(local(NY, '2499-12-30T10:00'));
  });
});
