// Thresholds of watched clocks, states at a later instant, the badge and the popup order. Pure: every
// function takes `now`.
import type { TargetKind } from '../contracts/model';
import type { ClockState } from '../sla/types';
import { isStopped, type WatchedClock, type WatchedTarget, type WatchedTicket } from './types';

/** warn = turns at risk; breach = a contractual target is due (first response, resolution);
 *  updateDue = the next customer update is due; internal = the private, stricter target is due. */
export type ThresholdType = 'warn' | 'breach' | 'updateDue' | 'internal';

export interface Threshold {
  /** Stable while the instant does not move: `key|kind|type|epochMs`. */
  id: string;
  ticketKey: string;
  kind: TargetKind;
  type: ThresholdType;
  /** Epoch ms. */
  at: number;
}

/** How much a threshold matters when several pass at once (one notification per ticket). */
export const THRESHOLD_RANK: Record<ThresholdType, number> = { breach: 3, updateDue: 3, internal: 2, warn: 1 };

const ms = (s: string | null | undefined): number | null => {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
};

/** A target still counting down (running or at risk) has thresholds ahead of it. */
const live = (t: WatchedTarget): boolean => t.state === 'running' || t.state === 'atRisk';

export function thresholdsOf(ticket: WatchedTicket): Threshold[] {
  const out: Threshold[] = [];
  const add = (kind: TargetKind, type: ThresholdType, at: number | null) => {
    if (at !== null) out.push({ id: `${ticket.key}|${kind}|${type}|${at}`, ticketKey: ticket.key, kind, type, at });
  };
  if (ticket.resolved) return out;
  for (const c of ticket.clocks) {
    if (live(c.contractual)) {
      if (c.contractual.state === 'running') add(c.kind, 'warn', ms(c.contractual.warnAt));
      add(c.kind, c.kind === 'updateCadence' ? 'updateDue' : 'breach', ms(c.contractual.dueAt));
    }
    if (c.internal && live(c.internal)) add(c.kind, 'internal', ms(c.internal.dueAt));
  }
  return out;
}

/** Upcoming thresholds (after `now`) of every watched ticket, earliest first. */
export function nextThresholds(watched: readonly WatchedTicket[], now: Date): Threshold[] {
  const t = now.getTime();
  return watched.flatMap(thresholdsOf).filter((x) => x.at > t).sort((a, b) => a.at - b.at);
}

/** Thresholds that have passed by `now` and were not announced yet. */
export function passedThresholds(ticket: WatchedTicket, now: Date): Threshold[] {
  const seen = new Set(ticket.notified);
  return thresholdsOf(ticket).filter((x) => x.at <= now.getTime() && !seen.has(x.id));
}

/** When the single threshold alarm should fire next; null = nothing ahead. */
export function nextAlarmAt(watched: readonly WatchedTicket[], now: Date): number | null {
  return nextThresholds(watched, now)[0]?.at ?? null;
}

/** A target's state at `now`, moved on from what the overlay saw by the stored instants. */
export function targetStateAt(t: WatchedTarget, now: Date): ClockState {
  if (!live(t)) return t.state;
  const n = now.getTime();
  const due = ms(t.dueAt);
  if (due !== null && n >= due) return 'breached';
  const warn = ms(t.warnAt);
  if (warn !== null && n >= warn) return 'atRisk';
  return t.state;
}

export type Urgency = 'breached' | 'atRisk' | 'running' | 'paused' | 'closed' | 'none';

export interface TicketNow {
  urgency: Urgency;
  /** The clock that decides the urgency, and its due instant (ISO). */
  kind: TargetKind | null;
  dueAt: string | null;
  closed: boolean;
}

export function isClosed(t: WatchedTicket): boolean {
  return t.resolved || (t.clocks.length > 0 && t.clocks.every((c) => isStopped(c.contractual)));
}

const URGENCY_RANK: Record<Urgency, number> = { breached: 0, atRisk: 1, running: 2, paused: 3, closed: 4, none: 5 };

/** The most urgent contractual clock of a ticket at `now`: worst state, then earliest due. */
export function ticketNow(t: WatchedTicket, now: Date): TicketNow {
  if (isClosed(t)) return { urgency: 'closed', kind: null, dueAt: null, closed: true };
  let best: { u: Urgency; c: WatchedClock; due: number } | null = null;
  for (const c of t.clocks) {
    const s = targetStateAt(c.contractual, now);
    const u: Urgency = s === 'breached' || s === 'atRisk' || s === 'running' || s === 'paused' ? s : 'closed';
    if (u === 'closed') continue;
    const due = ms(c.contractual.dueAt) ?? Infinity;
    if (!best || URGENCY_RANK[u] < URGENCY_RANK[best.u] || (u === best.u && due < best.due)) best = { u, c, due };
  }
  if (!best) return { urgency: 'none', kind: null, dueAt: null, closed: false };
  return { urgency: best.u, kind: best.c.kind, dueAt: best.c.contractual.dueAt, closed: false };
}

export interface BadgeState {
  /** Tickets with a contractual clock at risk or breached. */
  count: number;
  breached: number;
  atRisk: number;
  /** '' when nothing is at risk. */
  text: string;
  /** Red when anything is breached, amber otherwise (white text passes contrast on both). */
  color: string;
}

export const BADGE_RED = '#B3261E';
export const BADGE_AMBER = '#8A4B00';

export function badgeFor(watched: readonly WatchedTicket[], now: Date): BadgeState {
  let breached = 0;
  let atRisk = 0;
  for (const t of watched) {
    const u = ticketNow(t, now).urgency;
    if (u === 'breached') breached++;
    else if (u === 'atRisk') atRisk++;
  }
  const count = breached + atRisk;
  return { count, breached, atRisk, text: count === 0 ? '' : count > 99 ? '99+' : String(count), color: breached ? BADGE_RED : BADGE_AMBER };
}

export interface WatchListItem extends TicketNow {
  key: string;
  helpdesk: string;
  ticketId: string;
  url: string;
  subject?: string;
  customer: string;
  contractId: string;
  severity: WatchedTicket['severity'];
  pinned: boolean;
  lastSeenAt: string;
}

/**
 * The popup's list, most urgent first: breached (longest overdue first), at risk and running (soonest
 * due first), paused, closed; ties by the most recently seen.
 */
export function urgencyList(watched: readonly WatchedTicket[], now: Date): WatchListItem[] {
  const items = watched.map((t): WatchListItem => {
    const item: WatchListItem = {
      ...ticketNow(t, now),
      key: t.key,
      helpdesk: t.helpdesk,
      ticketId: t.ticketId,
      url: t.url,
      customer: t.customer,
      contractId: t.contractId,
      severity: t.severity,
      pinned: t.pinned,
      lastSeenAt: t.lastSeenAt,
    };
    if (t.subject) item.subject = t.subject;
    return item;
  });
  const due = (i: WatchListItem) => ms(i.dueAt) ?? Infinity;
  return items.sort(
    (a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || due(a) - due(b) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
}
