// What a list badge shows, as pure functions: a plan per row (its clocks as due instants, worked out
// once per change of the row's data, the contracts or the watch store) and the view of a plan at `now`
// (the most urgent clock's state and short text, and the instant the view next changes).
//
// Where clocks come from:
// - The row itself, when it shows enough to match a contract and start the clocks (requester email,
//   organisation or name, priority, created time): the SLA engine's clocks for a snapshot of the row
//   (rowSlaClocks: computeSla's rules and primitives without the customer-coverage part, which costs
//   ~100 µs of Intl formatting a row; test/unit/list-clocks.test.ts checks it against computeSla).
//   A list row knows neither replies nor past pauses, so only the clocks it can tell honestly are kept:
//   resolution (current status pauses or stops it), and first response while the ticket is still "new".
// - The watch store (`watch:list`): the most urgent clock the overlay worked out from the whole ticket
//   the last time it was open. It knows replies and pause history, so it wins for its clock kind, unless
//   the row shows the ticket resolved since.
import type { BusinessCalendar } from '../business-time';
import { severityFor } from '../contracts/defaults';
import type { ClockBasis, Contract, Target, TargetKind } from '../contracts/model';
import type { MatchIndex, MatchResult } from '../match';
import { advance, measure, targetClock, type ClockSpan } from '../sla/clock';
import { calendarIsValid } from '../sla/coverage';
import { formatDuration } from '../sla/format';
import { buildTimeline, isResolvedStatus } from '../sla/status';
import type { ClockState, TargetClock } from '../sla/types';
import type { TicketSnapshot } from '../adapters/types';
import { CLOCK_LABEL, STATE_WORD, formatInstant, type TimeOpts } from '../runtime/format';
import type { WatchListItem } from '../watch/schedule';
import type { ListRow } from './types';

export type BadgeState = ClockState | 'closed';

export interface BadgeClock {
  kind: TargetKind | null;
  /** The state when planned. running / atRisk / breached move on with time (see viewAt); others are fixed. */
  state: BadgeState;
  /** Epoch ms; null while paused or unknown. */
  dueAt: number | null;
  basis: ClockBasis;
  calendar: BusinessCalendar;
  /** Target minutes, for the at-risk threshold; NaN when unknown (the planned state then stays until due). */
  minutes: number;
  warnFraction: number;
  /** Minutes left frozen by a pause (the clock does not count while waiting). */
  frozenLeft?: number;
  from: 'row' | 'watch';
}

export interface RowPlan {
  customer: string;
  clocks: BadgeClock[];
  /** "contract expired", "contract not started yet". */
  note?: string;
}

export interface BadgeView {
  state: BadgeState;
  /** "12m", "2h 05m", "overdue 5m", "paused", "met", "missed", "closed". */
  text: string;
  clock: BadgeClock;
  /** Whole basis minutes shown (left, or overdue); null for paused/stopped. */
  minutes: number | null;
  /** Epoch ms from which the view may differ; Infinity when time alone never changes it. */
  nextAt: number;
}

const LIVE = new Set<BadgeState>(['running', 'atRisk', 'breached']);
const RANK: Record<BadgeState, number> = { breached: 0, atRisk: 1, running: 2, paused: 3, missed: 4, met: 5, closed: 6 };
/** A shown minute turns over just after its instant; this keeps a recomputation from landing on the boundary. */
const EPS_MIN = 1 / 600;

interface Eval {
  state: BadgeState;
  text: string;
  minutes: number | null;
  nextAt: number;
}

function evaluate(c: BadgeClock, now: number): Eval {
  if (!LIVE.has(c.state) || c.dueAt === null) return { state: c.state, text: wordOf(c.state), minutes: null, nextAt: Infinity };
  if (c.frozenLeft !== undefined) {
    const shown = Math.max(1, Math.ceil(Math.abs(c.frozenLeft)));
    return { state: c.state, text: c.frozenLeft < 0 ? `overdue ${formatDuration(shown)}` : formatDuration(shown), minutes: shown, nextAt: Infinity };
  }
  const due = c.dueAt;
  // Overdue = now after the due instant (a target due at closing time stays overdue through the night).
  if (now > due) {
    const over = measure(c.basis, c.calendar, due, now);
    const shown = Math.max(1, Math.ceil(over));
    const nextAt = advance(c.basis, c.calendar, now, Math.max(shown - over, 0) + EPS_MIN);
    return { state: 'breached', text: `overdue ${formatDuration(shown)}`, minutes: shown, nextAt };
  }
  const left = measure(c.basis, c.calendar, now, due);
  const shown = Math.ceil(left);
  const warnLeft = (1 - c.warnFraction) * c.minutes;
  const atRisk = Number.isFinite(warnLeft) ? left <= warnLeft : c.state === 'atRisk';
  const steps = [left - (shown - 1) + EPS_MIN];
  if (!atRisk && Number.isFinite(warnLeft)) steps.push(left - warnLeft + EPS_MIN);
  const nextAt = Math.min(advance(c.basis, c.calendar, now, Math.min(...steps)), due + 1);
  return { state: atRisk ? 'atRisk' : 'running', text: formatDuration(shown), minutes: shown, nextAt };
}

const wordOf = (s: BadgeState): string => (s === 'closed' ? 'closed' : s === 'atRisk' ? 'at risk' : s);

/** The most urgent clock at `now`: worst state, then the earliest due; null when the plan has none. */
export function viewAt(plan: RowPlan, now: number): BadgeView | null {
  let best: (Eval & { clock: BadgeClock }) | null = null;
  let nextAt = Infinity;
  for (const clock of plan.clocks) {
    const e = evaluate(clock, now);
    nextAt = Math.min(nextAt, e.nextAt);
    if (
      !best ||
      RANK[e.state] < RANK[best.state] ||
      (RANK[e.state] === RANK[best.state] && (clock.dueAt ?? Infinity) < (best.clock.dueAt ?? Infinity))
    ) {
      best = { ...e, clock };
    }
  }
  if (!best) return null;
  return { state: best.state, text: best.text, clock: best.clock, minutes: best.minutes, nextAt };
}

/** "Northwind Traders · Resolution: at risk, 12m left, due 14:05" — the badge's title and accessible name. */
export function labelFor(plan: RowPlan, view: BadgeView, now: number, time: TimeOpts): string {
  const c = view.clock;
  const due = c.dueAt === null ? '' : formatInstant(new Date(c.dueAt), new Date(now), time);
  let detail: string;
  if (view.state === 'closed') detail = 'ticket closed';
  else if (view.state === 'breached') detail = `overdue by ${formatDuration(view.minutes ?? 1)}${due ? `, was due ${due}` : ''}`;
  else if ((view.state === 'running' || view.state === 'atRisk') && view.minutes !== null) {
    detail = `${STATE_WORD[view.state]}, ${view.text} left${due ? `, due ${due}` : ''}`;
  } else detail = STATE_WORD[view.state];
  const what = c.kind ? `${CLOCK_LABEL[c.kind]}: ` : '';
  const source = c.from === 'watch' ? ' (as of the last time the ticket was open)' : '';
  return `${plan.customer} · ${what}${detail}${source}${plan.note ? ` · ${plan.note}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Plans

export interface PlanEngines {
  match(index: MatchIndex, snapshot: TicketSnapshot, now: Date): MatchResult;
}

export interface RowClock {
  kind: TargetKind;
  contractual: TargetClock;
  paused: boolean;
}

// severityFor normalises every map entry on each call; a list asks the same few questions hundreds of times.
const severities = new WeakMap<Contract, Map<string, ReturnType<typeof severityFor>>>();
function severityOf(contract: Contract, helpdesk: string, priority: string | undefined): ReturnType<typeof severityFor> {
  let byLabel = severities.get(contract);
  if (!byLabel) severities.set(contract, (byLabel = new Map()));
  const key = `${helpdesk}\u0001${priority}`;
  let found = byLabel.get(key);
  if (found === undefined && !byLabel.has(key)) byLabel.set(key, (found = severityFor(contract, helpdesk, priority)));
  return found ?? null;
}

const usable = (t: Target | undefined): t is Target =>
  !!t && Number.isFinite(t.minutes) && t.minutes >= 0 && (t.basis === 'business' || t.basis === '24x7');

/**
 * computeSla's contractual clocks for a snapshot that has a created time but no replies and no status
 * history (all a list row shows), without its coverage and notes: the same severity map, timeline,
 * spans and targetClock. Clocks computeSla would leave out (malformed target, invalid calendar) are left out.
 */
export function rowSlaClocks(
  ticket: TicketSnapshot,
  contract: Contract,
  now: Date,
  warnFraction: number,
  timelines?: Map<string, ReturnType<typeof buildTimeline>>,
): RowClock[] {
  const found = severityOf(contract, ticket.helpdesk, ticket.priority);
  const start = ticket.createdAt?.getTime();
  if (!found || start === undefined || !Number.isFinite(start)) return [];
  const targets = contract.targets?.[found.severity] ?? {};
  // Without history the timeline depends only on the status (and now): one per status and contract in a scan.
  const tlKey = `${contract.id}\u0001${ticket.helpdesk}\u0001${ticket.status}`;
  let timeline = timelines?.get(tlKey);
  if (!timeline) {
    timeline = buildTimeline(contract, ticket.helpdesk, ticket.status, undefined, undefined, now);
    timelines?.set(tlKey, timeline);
  }
  const end = timeline.resolvedAt?.getTime() ?? now.getTime();
  const calendarOk = calendarIsValid(contract.calendar);
  const out: RowClock[] = [];
  for (const kind of ['firstResponse', 'resolution'] as const) {
    const target = targets[kind];
    if (!usable(target) || (target.basis === 'business' && !calendarOk)) continue;
    // No reply is known: first response runs to the resolution (or now) and never pauses.
    const span: ClockSpan =
      kind === 'resolution'
        ? { start, end, stopped: timeline.resolved, pauses: timeline.pauses, pausedNow: timeline.pausedNow }
        : { start, end, stopped: timeline.resolved, pauses: [], pausedNow: false };
    try {
      out.push({ kind, contractual: targetClock(target, contract.calendar, span, warnFraction), paused: span.pausedNow });
    } catch {
      /* computeSla notes such a clock as not computable and shows none */
    }
  }
  return out;
}

export interface PlanContext {
  helpdesk: string;
  index: MatchIndex;
  contractsById: ReadonlyMap<string, Contract>;
  /** By watch key `helpdesk:host:ticketId`. */
  watch: ReadonlyMap<string, WatchListItem>;
  /** The page's host (watch keys carry it: one ticket number on two accounts is two tickets). */
  host: string;
  /** settings.warnPercent; a contract's own warnPercent wins. */
  warnPercent: number;
  engines: PlanEngines;
  now: Date;
  /** Match results by requester/organisation, for one contract set (a view repeats its customers). */
  matches?: Map<string, MatchResult>;
  /** Status timelines of this `now` (see rowSlaClocks). */
  timelines?: Map<string, ReturnType<typeof buildTimeline>>;
}

const warnFractionOf = (contract: Contract | undefined, fallback: number) => {
  const p = contract?.warnPercent ?? fallback;
  return Math.min(Math.max(Number.isFinite(p) ? p : 75, 1), 99) / 100;
};

/** The row's own fields are enough to match a contract and start its clocks. */
export function rowIsComputable(r: ListRow): boolean {
  return !!(r.priority && r.createdAt && (r.requesterEmail || r.organization || r.requesterName));
}

const isNew = (status: string | undefined) => /^\s*new\b/i.test(status ?? '');

function rowClocks(clocks: readonly RowClock[], contract: Contract, row: ListRow, warnFraction: number): BadgeClock[] {
  return clocks
    .filter((c) => c.kind === 'resolution' || (c.kind === 'firstResponse' && isNew(row.status)))
    .map((c) => {
      const t = c.contractual;
      const clock: BadgeClock = {
        kind: c.kind, state: t.state, dueAt: t.dueAt ? t.dueAt.getTime() : null, basis: t.target.basis,
        calendar: contract.calendar, minutes: t.target.minutes, warnFraction, from: 'row',
      };
      if (c.paused) clock.frozenLeft = t.minutesLeft;
      return clock;
    });
}

function watchClock(item: WatchListItem, contract: Contract | undefined, warnFraction: number): BadgeClock | null {
  if (item.urgency === 'none') return null;
  const target = item.kind && item.severity ? contract?.targets?.[item.severity]?.[item.kind] : undefined;
  const due = item.dueAt ? Date.parse(item.dueAt) : NaN;
  return {
    kind: item.kind,
    state: item.urgency,
    dueAt: Number.isFinite(due) && item.urgency !== 'paused' && item.urgency !== 'closed' ? due : null,
    basis: target?.basis ?? '24x7',
    calendar: contract?.calendar ?? { timezone: 'UTC', weekly: {} },
    minutes: target?.minutes ?? NaN,
    warnFraction,
    from: 'watch',
  };
}

const TERM_NOTE = { expired: 'contract expired', notStarted: 'contract not started yet' } as const;

/** The row's plan, or null when nothing tells this row's clocks (no badge). */
export function planRow(row: ListRow, ctx: PlanContext): RowPlan | null {
  const item = ctx.watch.get(`${ctx.helpdesk}:${ctx.host}:${row.ticketId}`);
  const resolvedNow = isResolvedStatus(row.status);
  let plan: RowPlan | null = null;

  if (rowIsComputable(row)) {
    const snapshot: TicketSnapshot = { helpdesk: ctx.helpdesk, ticketId: row.ticketId };
    for (const k of ['requesterEmail', 'requesterName', 'organization', 'priority', 'status', 'createdAt'] as const) {
      if (row[k] !== undefined) (snapshot as unknown as Record<string, unknown>)[k] = row[k];
    }
    const key = `${row.requesterEmail}\u0001${row.organization}\u0001${row.requesterName}`;
    const match = ctx.matches?.get(key) ?? ctx.engines.match(ctx.index, snapshot, ctx.now);
    ctx.matches?.set(key, match);
    if (match.kind === 'matched') {
      const w = warnFractionOf(match.contract, ctx.warnPercent);
      plan = { customer: match.contract.customer.name, clocks: rowClocks(rowSlaClocks(snapshot, match.contract, ctx.now, w, ctx.timelines), match.contract, row, w) };
      if (match.term !== 'active') plan.note = TERM_NOTE[match.term];
    }
  }

  // A closed watch entry only speaks for rows that show no open status of their own (reopened since?).
  const useWatch = item && (item.urgency === 'closed' ? !plan && (row.status === undefined || resolvedNow) : !(resolvedNow && plan));
  if (item && useWatch) {
    const contract = ctx.contractsById.get(item.contractId);
    const clock = watchClock(item, contract, warnFractionOf(contract, ctx.warnPercent));
    if (clock) {
      const rest = (plan?.clocks ?? []).filter((c) => c.kind !== clock.kind);
      plan = { customer: plan?.customer ?? item.customer, clocks: [clock, ...rest], ...(plan?.note ? { note: plan.note } : {}) };
    }
  }
  return plan && plan.clocks.length ? plan : null;
}
