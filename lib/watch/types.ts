// Watched tickets: what the overlay last computed for every ticket it read with a contract, kept by the
// background so it can warn before a breach while the ticket is not open. Plain JSON (dates as ISO
// strings) because it lives in `local:` storage and crosses runtime messages.
//
// Clocks are stored as absolute instants (due, warn) computed by the overlay, not re-derived here:
// the overlay is the only place with the whole ticket (status history, replies, observed pauses) and
// the contract calendar at hand, and for a clock that keeps running those instants are exact — time
// passing alone cannot move them; only a change on the ticket can (a reply, a pause, a new severity),
// and the overlay reports that the next time it reads the ticket. So the background needs neither
// the calendar code nor the snapshot, and scheduling is a comparison of numbers.
import type { ClockBasis, Severity, TargetKind } from '../contracts/model';
import type { ClockState } from '../sla/types';

const DAY = 86_400_000;

/** At most this many watched tickets; the least recently seen unpinned ones go first. */
export const WATCH_CAP = 500;
/** Closed tickets are kept this long after they were first seen closed (unless pinned). */
export const CLOSED_KEEP_MS = 7 * DAY;
/** Tickets nobody opened for this long are dropped (unless pinned). */
export const UNSEEN_KEEP_MS = 14 * DAY;

/** One target (contractual or internal) of a clock at `computedAt`. */
export interface WatchedTarget {
  minutes: number;
  basis: ClockBasis;
  state: ClockState;
  /** ISO; null while paused or unknown. */
  dueAt: string | null;
  /** ISO instant the clock turns at risk; null when it is already at risk, paused, stopped or breached. */
  warnAt: string | null;
  /** Minutes left at `computedAt` in the target's basis; negative = overdue by that much. */
  minutesLeft: number;
  /** ISO; set when met / missed. */
  stoppedAt?: string;
}

export interface WatchedClock {
  kind: TargetKind;
  /** ISO: creation, or the last public update for the update cadence (a new value = a new cycle). */
  startedAt: string;
  contractual: WatchedTarget;
  internal?: WatchedTarget;
}

/** What the overlay sends (`watch:update`): a summary of the ticket and its clocks. */
export interface WatchUpdate {
  helpdesk: string;
  ticketId: string;
  /** The ticket page (http: or https:). */
  url: string;
  subject?: string;
  /** Customer name as the contract has it. */
  customer: string;
  contractId: string;
  severity: Severity | null;
  /** The helpdesk's status label. */
  status?: string;
  /** Solved / closed on the helpdesk. */
  resolved: boolean;
  /** ISO: the overlay's `now` for these figures. */
  computedAt: string;
  /** The at-risk threshold the figures use. */
  warnPercent: number;
  clocks: WatchedClock[];
}

export interface WatchedTicket extends WatchUpdate {
  /** `helpdesk:host:ticketId` (see watchKey). */
  key: string;
  pinned: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the ticket was first seen closed; null while open. */
  closedAt: string | null;
  /** Ids of thresholds already announced (or already shown on the page when they passed). */
  notified: string[];
}

/** The same ticket number on two accounts of one helpdesk is two tickets, so the host is part of the key. */
export function watchKey(helpdesk: string, url: string, ticketId: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${helpdesk}:${u.host}:${ticketId}`;
  } catch {
    return null;
  }
}

export const isStopped = (t: WatchedTarget): boolean => t.state === 'met' || t.state === 'missed';
