// Benchmark of lib/business-time.ts against dayjs-business-time and moment-business-time.
// Loaded by test/bench/run.mjs (vite runnerImport); importing this file has no side effects: the peers
// (which patch global dayjs/moment locales) are only loaded inside run(), with Node's require: vite's
// runnerImport closes its module runner once the import is done, so a dynamic import() inside run() fails.
import { createRequire } from 'node:module';
import type dayjsType from 'dayjs';
import type dayjsBusinessTime from 'dayjs-business-time'; // also brings its dayjs type augmentation
import type momentType from 'moment';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from '../../lib/business-time';

export interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const YEARS = [2024, 2025, 2026, 2027];
/** 3 business days of 09:00–18:00. */
const SPAN_MINUTES = 3 * 9 * 60;
const CASES = 1000;

/** US federal holidays plus common company days (no "observed" shifts: it is only a dense holiday list). */
function usHolidays(years: number[]): string[] {
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
  /** n-th (1-based; -1 = last) weekday wd (0 = Sunday) of month m. */
  const nth = (y: number, m: number, wd: number, n: number) => {
    if (n > 0) {
      const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
      return iso(y, m, 1 + ((wd - first + 7) % 7) + (n - 1) * 7);
    }
    const lastDay = new Date(Date.UTC(y, m, 0));
    return iso(y, m, lastDay.getUTCDate() - ((lastDay.getUTCDay() - wd + 7) % 7));
  };
  return years.flatMap((y) => {
    const thanksgiving = nth(y, 11, 4, 4);
    const dayAfter = new Date(Date.parse(thanksgiving) + DAY).toISOString().slice(0, 10);
    return [
      iso(y, 1, 1), nth(y, 1, 1, 3), nth(y, 2, 1, 3), nth(y, 5, 1, -1), iso(y, 6, 19), iso(y, 7, 4),
      nth(y, 9, 1, 1), nth(y, 10, 1, 2), iso(y, 11, 11), thanksgiving, dayAfter, iso(y, 12, 24), iso(y, 12, 25), iso(y, 12, 31),
    ];
  });
}

function calendar(timezone: string): BusinessCalendar {
  const day: [string, string][] = [['09:00', '18:00']];
  return { timezone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: usHolidays(YEARS) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  start: Date;
  end: Date;
}

/**
 * Minute-aligned starts over 2024–2027: mostly random instants, some pinned to an opening, a closing or
 * a holiday (edges where libraries differ). `end` is 2–5 calendar days later (≈ 3 business days).
 */
function makeCases(timezone: string, seed: number): Case[] {
  const rnd = mulberry32(seed);
  const from = Date.UTC(2024, 0, 2);
  const span = Date.UTC(2027, 11, 20) - from;
  const wallOffset = (t: number) => {
    const s = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).format(t);
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(s);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
  };
  const holidays = usHolidays(YEARS);
  const out: Case[] = [];
  for (let i = 0; i < CASES; i++) {
    let t = from + Math.floor((rnd() * span) / MINUTE) * MINUTE;
    const kind = rnd();
    if (kind < 0.3) {
      // Local 09:00 or 18:00 of that day (offset taken at the rough instant; fine away from DST nights).
      const local = t + wallOffset(t);
      const dayStart = Math.floor(local / DAY) * DAY;
      t = dayStart + (kind < 0.15 ? 9 : 18) * 3_600_000 - wallOffset(t);
    } else if (kind < 0.4) {
      const h = holidays[Math.floor(rnd() * holidays.length)]!;
      t = Date.parse(`${h}T00:00:00Z`) + Math.floor(rnd() * 24 * 60) * MINUTE - wallOffset(Date.parse(`${h}T12:00:00Z`));
    }
    const end = t + Math.floor(((2 + rnd() * 3) * DAY) / MINUTE) * MINUTE;
    out.push({ start: new Date(t), end: new Date(end) });
  }
  return out;
}

/** Median over rounds of (round time / calls), in ns per call. */
function medianNs(cases: Case[], rounds: number, fn: (c: Case) => number): number {
  let sink = 0;
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const c of cases) sink += fn(c);
    per.push(((performance.now() - t0) * 1e6) / cases.length);
  }
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const ny = calendar('America/New_York');
  const nyCases = makeCases('America/New_York', 1);

  // Warm: compile the years once, let the JIT settle.
  for (let i = 0; i < 20; i++) for (const c of nyCases) addBusinessMinutes(c.start, SPAN_MINUTES, ny);
  for (let i = 0; i < 20; i++) for (const c of nyCases) businessMinutesBetween(c.start, c.end, ny);
  const oursAdd = medianNs(nyCases, 200, (c) => addBusinessMinutes(c.start, SPAN_MINUTES, ny).getTime());
  const oursBetween = medianNs(nyCases, 200, (c) => businessMinutesBetween(c.start, c.end, ny));
  const setup = `America/New_York, Mon–Fri 09:00–18:00, ${usHolidays(YEARS).length} holidays 2024–2027, ${CASES} varied starts, warm`;
  rows.push({ name: 'business-time addBusinessMinutes (+3 business days)', value: round1(oursAdd), unit: 'ns/call', note: setup });
  rows.push({ name: 'business-time businessMinutesBetween (2–5 days)', value: round1(oursBetween), unit: 'ns/call', note: setup });

  // Fresh but equal calendar objects per call (e.g. contracts re-read from storage): content-key cache path.
  // The clones are made outside the timed loop, new ones for every round.
  const freshPer: number[] = [];
  for (let r = 0; r < 30; r++) {
    const clones = nyCases.map(() => structuredClone(ny));
    const t = performance.now();
    nyCases.forEach((c, i) => businessMinutesBetween(c.start, c.end, clones[i]!));
    freshPer.push(((performance.now() - t) * 1e6) / nyCases.length);
  }
  freshPer.sort((a, b) => a - b);
  rows.push({
    name: 'business-time businessMinutesBetween, fresh equal calendar object per call',
    value: round1(freshPer[freshPer.length >> 1]!),
    unit: 'ns/call',
    note: 'structuredClone of the calendar per call (clone not timed): content cache key + LRU hit',
  });

  // Cold: first call on a calendar whose zone and content were never compiled in this process.
  const t0 = performance.now();
  businessMinutesBetween(new Date(Date.UTC(2031, 4, 5)), new Date(Date.UTC(2031, 4, 8)), calendar('America/Chicago'));
  rows.push({
    name: 'business-time cold first call (validate + compile one 365-day chunk)',
    value: round2((performance.now() - t0) * 1000),
    unit: 'µs',
    note: 'America/Chicago, never seen before in this process',
  });

  // Peers only know the process time zone: run everyone on the same calendar in that zone.
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const local = calendar(tz);
  const cases = makeCases(tz, 2);
  for (let i = 0; i < 20; i++) for (const c of cases) addBusinessMinutes(c.start, SPAN_MINUTES, local);
  const oursLocalAdd = medianNs(cases, 200, (c) => addBusinessMinutes(c.start, SPAN_MINUTES, local).getTime());
  const oursLocalBetween = medianNs(cases, 200, (c) => businessMinutesBetween(c.start, c.end, local));
  const expectAdd = cases.map((c) => addBusinessMinutes(c.start, SPAN_MINUTES, local).getTime());
  const expectBetween = cases.map((c) => businessMinutesBetween(c.start, c.end, local));
  const peerNote = `peer runs in the process time zone (${tz}); same hours and holidays; ratio = peer / ours in that zone`;

  const peers: { name: string; add: (c: Case) => number; between: (c: Case) => number }[] = [];

  const require = createRequire(import.meta.url);
  const dayjs = require('dayjs') as typeof dayjsType;
  dayjs.extend(require('dayjs-business-time') as typeof dayjsBusinessTime);
  const dayHours = [{ start: '09:00:00', end: '18:00:00' }];
  dayjs.setBusinessTime({
    sunday: null, monday: dayHours, tuesday: dayHours, wednesday: dayHours, thursday: dayHours, friday: dayHours, saturday: null,
  });
  dayjs.setHolidays(local.holidays!);
  peers.push({
    name: 'dayjs-business-time',
    add: (c) => dayjs(c.start).addBusinessMinutes(SPAN_MINUTES).valueOf(),
    between: (c) => dayjs(c.start).businessMinutesDiff(dayjs(c.end)),
  });

  const moment = require('moment-business-time') as typeof momentType; // patches and returns moment
  const momentHours = ['09:00:00', '18:00:00'];
  moment.updateLocale(moment.locale(), {
    workinghours: { 0: null, 1: momentHours, 2: momentHours, 3: momentHours, 4: momentHours, 5: momentHours, 6: null },
    holidays: local.holidays,
  } as momentType.LocaleSpecification);
  type WorkingMoment = momentType.Moment & {
    addWorkingTime(n: number, unit: string): momentType.Moment;
    workingDiff(other: momentType.Moment, unit: string, detail: boolean): number;
  };
  const m = (d: Date) => moment(d) as WorkingMoment;
  peers.push({
    name: 'moment-business-time',
    add: (c) => m(c.start).addWorkingTime(SPAN_MINUTES, 'minutes').valueOf(),
    between: (c) => m(c.end).workingDiff(moment(c.start), 'minutes', true),
  });

  rows.push({ name: `business-time addBusinessMinutes in ${tz}`, value: round1(oursLocalAdd), unit: 'ns/call', note: 'baseline for the peer ratios' });
  rows.push({ name: `business-time businessMinutesBetween in ${tz}`, value: round1(oursLocalBetween), unit: 'ns/call', note: 'baseline for the peer ratios' });

  for (const p of peers) {
    for (const [fn, ours, expected, label] of [
      [p.add, oursLocalAdd, expectAdd, 'add 3 business days'],
      [p.between, oursLocalBetween, expectBetween, 'minutes between'],
    ] as const) {
      const sample = cases.slice(0, 200);
      for (const c of sample) fn(c); // warm-up
      const ns = medianNs(sample, 5, fn);
      const same = cases.filter((c, i) => fn(c) === expected[i]).length;
      rows.push({ name: `${p.name} ${label}`, value: round1(ns), unit: 'ns/call', note: peerNote });
      rows.push({ name: `${p.name} ${label}: ratio peer/ours`, value: round1(ns / ours), unit: '×' });
      rows.push({
        name: `${p.name} ${label}: same answer as ours`,
        value: round1((same / cases.length) * 100),
        unit: '%',
        note: `${same} of ${cases.length} cases (starts at openings, closings, holidays and random minutes)`,
      });
    }
  }
  return rows;
}
