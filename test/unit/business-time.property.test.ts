// @vitest-environment node
// Property tests of lib/business-time.ts against a brute-force reference that knows nothing about the
// compiled form: for every UTC minute it asks luxon for the local wall clock and checks the calendar rule
// literally (weekday list, [start, end), holiday by local date). All zones here have offsets and
// transitions on whole minutes (1990–2100), and window bounds are on 15-minute wall-clock marks, so the
// state at the start of a UTC minute holds for the whole minute and minute stepping is exact.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessTime,
  nextBusinessChange,
  type BusinessCalendar,
  type Weekday,
} from '../../lib/business-time';

const MIN = 60_000;
const DAY = 86_400_000;
/** Minutes of reference per case: 3 days, enough to cross a weekend edge or a holiday. */
const WINDOW = 3 * 24 * 60;
const LUXON_WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']; // luxon weekday 1…7
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Asia/Kolkata', 'UTC'];

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function refIsBusiness(t: number, cal: BusinessCalendar): boolean {
  const dt = DateTime.fromMillis(t, { zone: cal.timezone });
  if (cal.holidays?.includes(dt.toISODate()!)) return false;
  const wall = dt.hour * 60 + dt.minute + dt.second / 60;
  return (cal.weekly[LUXON_WEEKDAYS[dt.weekday - 1]!] ?? []).some(([s, e]) => toMinutes(s) <= wall && wall < toMinutes(e));
}

/** Days (UTC ms at 00:00Z) on which the zone's offset changes, for a few years: DST switch days. */
function switchDays(zone: string, years: number[]): number[] {
  const out: number[] = [];
  for (const y of years) {
    let prev = DateTime.fromMillis(Date.UTC(y, 0, 1), { zone }).offset;
    for (let t = Date.UTC(y, 0, 2); t < Date.UTC(y + 1, 0, 1); t += DAY) {
      const off = DateTime.fromMillis(t, { zone }).offset;
      if (off !== prev) out.push(t - DAY);
      prev = off;
    }
  }
  return out;
}

const SHAPES: Record<string, BusinessCalendar['weekly']> = {
  split: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '12:00'], ['13:00', '18:00']]])),
  allDay: Object.fromEntries(LUXON_WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])),
  // Every day touches the 01:00–03:00 band where zones switch, plus an evening block up to midnight.
  switchBand: Object.fromEntries(LUXON_WEEKDAYS.map((d) => [d, [['00:30', '01:30'], ['02:00', '03:00'], ['22:00', '24:00']]])),
  nightOwl: { sat: [['22:00', '24:00']], sun: [['00:00', '02:30'], ['02:30', '05:00']], mon: [['01:00', '03:00'], ['08:00', '17:00']] },
};

/** 0–3 intervals per day on 15-minute marks (0…96 = 00:00…24:00), disjoint. */
const dayArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((marks) => {
    const s = [...marks].sort((a, b) => a - b);
    const out: [string, string][] = [];
    for (let i = 0; i + 1 < s.length; i += 2) out.push([hhmm(s[i]! * 15), hhmm(s[i + 1]! * 15)]);
    return out;
  });

const weeklyArb: fc.Arbitrary<BusinessCalendar['weekly']> = fc.oneof(
  fc.record(Object.fromEntries(LUXON_WEEKDAYS.map((d) => [d, dayArb])) as Record<Weekday, fc.Arbitrary<[string, string][]>>).map((w) =>
    Object.values(w).some((l) => l.length) ? w : { ...w, wed: [['09:00', '17:00']] as [string, string][] },
  ),
  fc.constantFrom(...Object.values(SHAPES)),
);

interface Case {
  cal: BusinessCalendar;
  start: number;
}

function caseArb(zone: string): fc.Arbitrary<Case> {
  const anchors = switchDays(zone, [1995, 2025, 2026, 2071]);
  const random = fc.integer({ min: Date.UTC(1990, 0, 1) / MIN, max: Date.UTC(2100, 0, 1) / MIN }).map((m) => m * MIN);
  const nearSwitch = anchors.length
    ? fc.tuple(fc.constantFrom(...anchors), fc.integer({ min: -2 * 24 * 60, max: 24 * 60 })).map(([a, m]) => a + m * MIN)
    : random;
  return fc
    .record({
      start: fc.oneof(random, nearSwitch, nearSwitch),
      weekly: weeklyArb,
      // Holidays as day offsets from the start's local date (so they land inside the window).
      holidayDays: fc.uniqueArray(fc.integer({ min: -1, max: 3 }), { maxLength: 2 }),
    })
    .map(({ start, weekly, holidayDays }) => {
      const day = DateTime.fromMillis(start, { zone });
      return { start, cal: { timezone: zone, weekly, holidays: holidayDays.map((d) => day.plus({ days: d }).toISODate()!) } };
    });
}

function check({ cal, start }: Case): void {
  const biz: boolean[] = [];
  for (let j = 0; j < WINDOW; j++) biz.push(refIsBusiness(start + j * MIN, cal));
  const prefix = [0];
  for (const b of biz) prefix.push(prefix[prefix.length - 1]! + (b ? 1 : 0));
  const at = (j: number) => new Date(start + j * MIN);
  const ctx = () => `${cal.timezone} start=${new Date(start).toISOString()} cal=${JSON.stringify(cal)}`;

  for (let j = 0; j <= WINDOW; j++) {
    const got = businessMinutesBetween(at(0), at(j), cal);
    if (got !== prefix[j]) expect(got, `between(start, +${j} min) ${ctx()}`).toBe(prefix[j]);
  }
  // Inner and reversed spans.
  for (let k = 0; k < 40; k++) {
    const i = (k * 7919) % (WINDOW + 1);
    const j = (k * 104729 + 31) % (WINDOW + 1);
    expect(businessMinutesBetween(at(i), at(j), cal), ctx()).toBe(prefix[j]! - prefix[i]!);
  }
  // Forward: the k-th business minute ends at the due instant (closing time when it is the last one).
  let k = 0;
  for (let j = 0; j < WINDOW; j++) {
    if (!biz[j]) continue;
    k++;
    const got = addBusinessMinutes(at(0), k, cal).getTime();
    if (got !== start + (j + 1) * MIN) expect(new Date(got).toISOString(), `add(start, ${k}) ${ctx()}`).toBe(at(j + 1).toISOString());
  }
  // Backward from the window end: the latest instant with k business minutes up to the end.
  k = 0;
  for (let j = WINDOW - 1; j >= 0; j--) {
    if (!biz[j]) continue;
    k++;
    const got = addBusinessMinutes(at(WINDOW), -k, cal).getTime();
    if (got !== start + j * MIN) expect(new Date(got).toISOString(), `add(end, -${k}) ${ctx()}`).toBe(at(j).toISOString());
  }
  // State and next change at every minute.
  let nextFlip = WINDOW; // first index > j whose state differs from biz[j]
  for (let j = WINDOW - 1; j >= 0; j--) {
    if (j + 1 < WINDOW && biz[j + 1] !== biz[j]) nextFlip = j + 1;
    const open = isBusinessTime(at(j), cal);
    if (open !== biz[j]) expect(open, `isBusinessTime(+${j}) ${ctx()}`).toBe(biz[j]);
    const ch = nextBusinessChange(at(j), cal);
    expect(ch.open).toBe(biz[j]);
    if (nextFlip < WINDOW) {
      if (ch.at?.getTime() !== start + nextFlip * MIN) expect(ch.at?.toISOString(), `nextChange(+${j}) ${ctx()}`).toBe(at(nextFlip).toISOString());
    } else if (ch.at) {
      expect(ch.at.getTime()).toBeGreaterThanOrEqual(start + WINDOW * MIN);
    }
  }
}

describe('business time vs a minute-stepping luxon reference', () => {
  for (const zone of ZONES) {
    it(`agrees in ${zone} (random calendars, switch days, holidays, 1990–2100)`, () => {
      fc.assert(fc.property(caseArb(zone), (c) => check(c)), { numRuns: 10, endOnFailure: true }); // the failure message carries zone, start and calendar
    });
  }

  it('agrees on a hand-picked switch-band case in each zone (fixed, no randomness)', () => {
    for (const zone of ZONES) {
      const sw = switchDays(zone, [2025])[0] ?? Date.UTC(2025, 2, 30);
      check({ start: sw - DAY, cal: { timezone: zone, weekly: SHAPES.switchBand!, holidays: [] } });
    }
  });
});
