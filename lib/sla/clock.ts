// One target measured over a clock's active time: the span from its start to its stop (or now) minus
// the waiting spans, each counted in the target's basis (business minutes on the contract calendar, or
// wall-clock minutes for 24x7).
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from '../business-time';
import type { ClockBasis, Target } from '../contracts/model';
import type { ClockState, TargetClock } from './types';

const MINUTE = 60_000;

/** Minutes in [a, b) in the basis. */
export function measure(basis: ClockBasis, cal: BusinessCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  return basis === 'business' ? businessMinutesBetween(new Date(a), new Date(b), cal) : (b - a) / MINUTE;
}

/** The earliest instant at which `minutes` basis minutes have passed since `from` (epoch ms). */
export function advance(basis: ClockBasis, cal: BusinessCalendar, from: number, minutes: number): number {
  if (minutes <= 0) return from;
  return basis === 'business' ? addBusinessMinutes(new Date(from), minutes, cal).getTime() : from + Math.round(minutes * MINUTE);
}

export interface ClockSpan {
  /** Epoch ms. */
  start: number;
  /** Epoch ms: the stop instant when `stopped`, else now. */
  end: number;
  stopped: boolean;
  /** Waiting spans [from, to), sorted and disjoint; empty for clocks that do not pause. */
  pauses: readonly (readonly [number, number])[];
  /** Waiting now (only for clocks that pause). */
  pausedNow: boolean;
}

/** [start, end) minus the pauses. */
export function activeSegments(span: ClockSpan): [number, number][] {
  const out: [number, number][] = [];
  let cursor = span.start;
  for (const [a, b] of span.pauses) {
    if (b <= cursor) continue;
    if (a >= span.end) break;
    if (a > cursor) out.push([cursor, Math.min(a, span.end)]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < span.end) out.push([cursor, span.end]);
  return out;
}

/**
 * State of one target. Breached wins over paused: a pause cannot undo a deadline that has already
 * passed, and that deadline no longer moves, so `dueAt` stays known. A stopped clock keeps the due it
 * had (when it was or would have been due).
 */
export function targetClock(target: Target, cal: BusinessCalendar, span: ClockSpan, warnFraction: number): TargetClock {
  const T = target.minutes;
  const segs = activeSegments(span);
  let elapsed = 0;
  let due: number | null = null;
  for (const [a, b] of segs) {
    const m = measure(target.basis, cal, a, b);
    if (due === null && elapsed + m >= T) due = advance(target.basis, cal, a, T - elapsed);
    elapsed += m;
  }
  const minutesLeft = T - elapsed;
  const elapsedFraction = T > 0 ? elapsed / T : elapsed > 0 ? Infinity : 1;

  // Overdue = the end (now, or the stop) lies after the due instant. Not `minutesLeft < 0`: a target
  // that runs out exactly at closing time is due then, and stays overdue through the closed hours
  // that follow although no further business minute has passed.
  const overdue = due !== null && span.end > due;
  let state: ClockState;
  if (span.stopped) state = overdue ? 'missed' : 'met';
  else if (overdue) state = 'breached';
  else if (span.pausedNow) state = 'paused';
  else state = elapsedFraction >= warnFraction ? 'atRisk' : 'running';

  // Not reached within the active time: from the end on, nothing pauses any more (unless paused now).
  if (due === null && state !== 'paused') due = advance(target.basis, cal, Math.max(span.start, span.end), minutesLeft);

  const out: TargetClock = { target, dueAt: due === null ? null : new Date(due), minutesLeft, elapsedFraction, state };
  if (span.stopped) out.stoppedAt = new Date(span.end);
  return out;
}
