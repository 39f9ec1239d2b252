// The SLA engine (see ../shared/DESIGN.md "SLA clocks"): a pure function of the ticket snapshot, the
// matched contract and `now`. Nothing is stored between calls, so a severity change simply recomputes
// every clock from creation with the new targets (elapsed time is kept, the clock never restarts).
//
// Clock rules:
// - All clocks need a start: the creation time, else `opts.firstSeenAt` (noted: optimistic), else none.
// - First response: creation → first public agent reply. Without one it runs; a resolved ticket stops it
//   at the resolution. Never paused (waiting for the customer before anyone answered is not a thing).
// - Update cadence: last public agent reply (creation before any) → next update due; stops when the ticket
//   is resolved. Pauses in waiting statuses like resolution: while we wait for the customer, no update is owed.
// - Resolution: creation → solved/closed/…; pauses in waiting statuses (spans from the status history,
//   else from observed transitions; without either, a waiting ticket is "paused now", frozen at now).
// - Targets with basis "business" count on contract.calendar, "24x7" counts wall-clock minutes.
import type { TicketSnapshot } from '../adapters/types';
import { severityFor } from '../contracts/defaults';
import { TARGET_KINDS, type Contract, type Target, type TargetKind } from '../contracts/model';
import { targetClock, type ClockSpan } from './clock';
import { calendarIsValid, coverageNow } from './coverage';
import { buildTimeline, type StatusEntry } from './status';
import type { Clock, SlaResult } from './types';

export type { StatusEntry } from './status';
export { isResolvedStatus } from './status';
export { coverageNow } from './coverage';
export { formatDuration, formatTimeLeft } from './format';

export interface SlaOptions {
  /** At-risk threshold in % of a target; default contract.warnPercent, else 75. */
  warnPercent?: number;
  /** Status transitions the extension saw itself (used when the ticket has no status history). */
  observedHistory?: readonly StatusEntry[];
  /** When the extension first saw the ticket: the clocks' start when the creation time is unknown. */
  firstSeenAt?: Date;
}

export const DEFAULT_WARN_PERCENT = 75;

const LABEL: Record<TargetKind, string> = { firstResponse: 'First response', updateCadence: 'Update cadence', resolution: 'Resolution' };

const valid = (d: Date | undefined): Date | undefined => (d instanceof Date && !Number.isNaN(d.getTime()) ? d : undefined);

function usableTarget(t: Target | undefined): t is Target {
  return !!t && Number.isFinite(t.minutes) && t.minutes >= 0 && (t.basis === 'business' || t.basis === '24x7');
}

export function computeSla(ticket: TicketSnapshot, contract: Contract, now: Date, opts: SlaOptions = {}): SlaResult {
  const notes: string[] = [];
  const coverage = coverageNow(contract.calendar, now);
  const found = severityFor(contract, ticket.helpdesk, ticket.priority);
  const timeline = buildTimeline(contract, ticket.helpdesk, ticket.status, ticket.statusHistory, opts.observedHistory, now);
  const base = { coverage, pausedNow: timeline.pausedNow };

  if (!found) {
    notes.push(ticket.priority?.trim() ? `Priority “${ticket.priority.trim()}” maps to no severity: no SLA clocks.` : 'The ticket has no priority: no SLA clocks.');
    return { severity: null, severitySource: 'none', clocks: [], notes, ...base };
  }
  const { severity, source } = found;
  const result: SlaResult = { severity, severitySource: source, clocks: [], notes, ...base };
  const targets = contract.targets?.[severity] ?? {};
  const internals = contract.internalTargets?.[severity] ?? {};
  if (!TARGET_KINDS.some((k) => targets[k])) {
    notes.push(`The contract sets no targets for ${severity.toUpperCase()}.`);
    return result;
  }

  const created = valid(ticket.createdAt);
  const start = created ?? valid(opts.firstSeenAt);
  if (!start) {
    notes.push('The ticket’s creation time is unknown: no SLA clocks.');
    return result;
  }
  if (!created) notes.push(`Creation time unknown: clocks count from when the ticket was first seen (${start.toISOString()}), so they may show more time left than there is.`);

  const rawWarn = opts.warnPercent ?? contract.warnPercent;
  const warnFraction = (typeof rawWarn === 'number' && Number.isFinite(rawWarn) && rawWarn > 0 ? rawWarn : DEFAULT_WARN_PERCENT) / 100;
  const calendarOk = calendarIsValid(contract.calendar);
  const nowMs = now.getTime();
  const resolvedMs = timeline.resolvedAt?.getTime();
  const firstReply = valid(ticket.firstAgentReplyAt);
  const lastReply = valid(ticket.lastAgentReplyAt);

  const spanFor = (kind: TargetKind): ClockSpan => {
    const stopAtResolution = { end: resolvedMs ?? nowMs, stopped: resolvedMs !== undefined };
    const waiting = { pauses: timeline.pauses, pausedNow: timeline.pausedNow };
    if (kind === 'resolution') return { start: start.getTime(), ...stopAtResolution, ...waiting };
    if (kind === 'updateCadence') {
      const replies = [firstReply, lastReply].filter((d): d is Date => !!d).map((d) => d.getTime());
      return { start: Math.max(start.getTime(), ...replies), ...stopAtResolution, ...waiting };
    }
    const reply = firstReply ?? lastReply;
    if (!firstReply && lastReply) notes.push('First reply time unknown: the latest agent reply stands in for it (an upper bound).');
    if (reply) return { start: start.getTime(), end: reply.getTime(), stopped: true, pauses: [], pausedNow: false };
    if (resolvedMs !== undefined) notes.push('Resolved without a recorded agent reply: first response counted until the resolution.');
    return { start: start.getTime(), ...stopAtResolution, pauses: [], pausedNow: false };
  };

  for (const kind of TARGET_KINDS) {
    const target = targets[kind];
    const internal = internals[kind];
    if (!target) {
      if (internal) notes.push(`${LABEL[kind]}: internal target without a contractual one is not shown.`);
      continue;
    }
    if (!usableTarget(target) || (internal && !usableTarget(internal))) {
      notes.push(`${LABEL[kind]}: the target is malformed (minutes ≥ 0, basis "business" or "24x7").`);
      continue;
    }
    if (!calendarOk && (target.basis === 'business' || internal?.basis === 'business')) {
      notes.push(`${LABEL[kind]}: the contract’s coverage hours are invalid, so business-time targets cannot be counted.`);
      continue;
    }
    try {
      const span = spanFor(kind);
      const clock: Clock = {
        kind,
        startedAt: new Date(span.start),
        contractual: targetClock(target, contract.calendar, span, warnFraction),
        paused: span.pausedNow,
      };
      if (internal) clock.internal = targetClock(internal, contract.calendar, span, warnFraction);
      if (span.pausedNow && timeline.pausedSince) clock.pausedSince = timeline.pausedSince;
      result.clocks.push(clock);
    } catch (e) {
      notes.push(`${LABEL[kind]}: could not be computed (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  notes.push(...timeline.notes);
  return result;
}
