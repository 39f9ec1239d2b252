// Output of the SLA engine (lib/sla/). Pure data; the overlay renders it, the background schedules from it.
import type { Severity, Target, TargetKind } from '../contracts/model';

export type ClockState = 'running' | 'atRisk' | 'breached' | 'paused' | 'met' | 'missed';

export interface TargetClock {
  target: Target;
  /** Absolute due instant; null while paused (the due moves) or when the start is unknown. */
  dueAt: Date | null;
  /** Minutes left at `now` in the target's basis (business or 24x7); negative = overdue by that much. Frozen while paused. */
  minutesLeft: number;
  /** Share of the target used, 0..∞ (1 = exactly due). */
  elapsedFraction: number;
  state: ClockState;
  /** When the clock stopped (met / missed). */
  stoppedAt?: Date;
}

export interface Clock {
  kind: TargetKind;
  /** When this clock started: creation, or the last public agent update for the update cadence. */
  startedAt: Date;
  contractual: TargetClock;
  /** Private, stricter target when the contract has one. */
  internal?: TargetClock;
  paused: boolean;
  /** Paused since (when paused now). */
  pausedSince?: Date;
}

export interface CoverageNow {
  timezone: string;
  /** The customer's local wall-clock time, e.g. "Tue 14:05". */
  localTime: string;
  open: boolean;
  /** Next opening instant when closed; null when the calendar is 24x7/always open. */
  nextOpen: Date | null;
  /** Next closing instant when open; null when it never closes. */
  closesAt: Date | null;
  /** Human label, e.g. "opens Mon 09:00" / "open until 18:00" (customer's zone). */
  label: string;
}

export interface SlaResult {
  severity: Severity | null;
  /** How the severity was found: contract map, built-in default map, or not at all. */
  severitySource: 'contract' | 'default' | 'none';
  clocks: Clock[];
  coverage: CoverageNow;
  /** Whether the ticket's status pauses the resolution clock now. */
  pausedNow: boolean;
  /** Things the agent should know about the computation (missing created time, unknown priority…). */
  notes: string[];
}
