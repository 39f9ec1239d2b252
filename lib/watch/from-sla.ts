// Built in the overlay (it has the contract calendar): turns one SLA computation into the summary the
// background watches, with the at-risk instant of every running target worked out on the calendar.
import type { TicketSnapshot } from '../adapters/types';
import type { Contract } from '../contracts/model';
import { advance } from '../sla/clock';
import { isResolvedStatus } from '../sla/status';
import type { SlaResult, TargetClock } from '../sla/types';
import type { WatchedTarget, WatchUpdate } from './types';

export interface WatchInput {
  snapshot: TicketSnapshot;
  contract: Contract;
  sla: SlaResult;
  /** The ticket page. */
  url: string;
  /** The `now` the SLA was computed at. */
  now: Date;
  /** The threshold the SLA was computed with (contract.warnPercent ?? settings.warnPercent). */
  warnPercent: number;
}

const iso = (d: Date | null | undefined): string | null => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : null);

function target(tc: TargetClock, contract: Contract, now: Date, warnFraction: number): WatchedTarget {
  const { minutes, basis } = tc.target;
  let warnAt: string | null = null;
  if (tc.state === 'running') {
    // Basis minutes from now until the used share reaches the threshold; the clock runs from now on.
    const toWarn = tc.minutesLeft - (1 - warnFraction) * minutes;
    try {
      warnAt = toWarn > 0 ? iso(new Date(advance(basis, contract.calendar, now.getTime(), toWarn))) : iso(now);
    } catch {
      warnAt = null;
    }
  }
  const out: WatchedTarget = { minutes, basis, state: tc.state, dueAt: iso(tc.dueAt), warnAt, minutesLeft: tc.minutesLeft };
  const stopped = iso(tc.stoppedAt);
  if (stopped) out.stoppedAt = stopped;
  return out;
}

/** The `watch:update` payload; null when the URL is not a web page (nothing to open from a notification). */
export function watchUpdateFromSla(input: WatchInput): WatchUpdate | null {
  const { snapshot, contract, sla, url, now, warnPercent } = input;
  if (!/^https?:\/\//i.test(url)) return null;
  const w = Math.min(Math.max(warnPercent, 1), 99) / 100;
  const update: WatchUpdate = {
    helpdesk: snapshot.helpdesk,
    ticketId: snapshot.ticketId,
    url,
    customer: contract.customer.name,
    contractId: contract.id,
    severity: sla.severity,
    resolved: isResolvedStatus(snapshot.status),
    computedAt: now.toISOString(),
    warnPercent: Math.round(w * 100),
    clocks: sla.clocks.map((c) => ({
      kind: c.kind,
      startedAt: c.startedAt.toISOString(),
      contractual: target(c.contractual, contract, now, w),
      ...(c.internal ? { internal: target(c.internal, contract, now, w) } : {}),
    })),
  };
  if (snapshot.subject) update.subject = snapshot.subject.slice(0, 300);
  if (snapshot.status) update.status = snapshot.status.slice(0, 80);
  return update;
}

/**
 * What decides the background's work: the overlay recomputes every second, but only needs to send an
 * update when this changes (a state, a due instant, a new cycle, the status), or now and then to say
 * the ticket is still open (lastSeenAt keeps it from being pruned).
 */
export function watchSignature(u: WatchUpdate): string {
  // Instants to the minute: warnAt is re-derived from a ticking now and may wobble by a millisecond.
  const m = (iso: string | null | undefined) => (iso ? iso.slice(0, 16) : '');
  const t = (x: WatchedTarget | undefined) => (x ? `${x.state}/${m(x.dueAt)}/${m(x.warnAt)}/${m(x.stoppedAt)}` : '-');
  return [u.contractId, u.severity, u.status ?? '', u.resolved, ...u.clocks.map((c) => `${c.kind}@${c.startedAt}:${t(c.contractual)}:${t(c.internal)}`)].join('|');
}
