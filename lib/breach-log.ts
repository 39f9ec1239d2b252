// The breach log: one entry per watched clock outcome (met / missed, by how much), kept locally with a
// cap. Entries come from what the overlay reported (a stopped clock's margin is exact, frozen at the
// stop) and from update-cadence cycles the background saw end (a newer cycle start = the public update
// that ended the previous cycle). The compliance report (./compliance.ts) reads it.
import { storage } from 'wxt/utils/storage';
import type { ClockBasis, Severity, TargetKind } from './contracts/model';
import { isStopped, type WatchedTarget, type WatchedTicket } from './watch/types';

export const LOG_CAP = 5000;

export type Tier = 'contractual' | 'internal';

export interface BreachLogEntry {
  /** `ticketKey|kind|tier|startedAt`: one outcome per clock cycle. */
  id: string;
  ticketKey: string;
  helpdesk: string;
  ticketId: string;
  url: string;
  subject?: string;
  customer: string;
  contractId: string;
  severity: Severity | null;
  kind: TargetKind;
  tier: Tier;
  basis: ClockBasis;
  targetMinutes: number;
  startedAt: string;
  dueAt: string | null;
  /** null when the clock was never seen to stop (see lowerBound). */
  stoppedAt: string | null;
  /** When the outcome happened: the stop, else the due instant. Date filters and weeks use this. */
  at: string;
  outcome: 'met' | 'missed';
  /** Minutes to spare at the stop (met, ≥ 0) or overdue (missed, < 0), in the target's basis. */
  marginMinutes: number;
  /** Missed by at least this much: dropped from the watch list while still overdue. */
  lowerBound?: true;
  /** The margin is wall-clock time: a business-hours cycle whose calendar was not at hand. */
  approximate?: true;
  loggedAt: string;
}

/** Basis minutes in [from, to) (epoch ms); null when it cannot be counted (no calendar). */
export type Measure = (basis: ClockBasis, from: number, to: number) => number | null;

const wallMinutes = (from: number, to: number) => (to - from) / 60_000;
const defaultMeasure: Measure = (basis, from, to) => (basis === '24x7' ? wallMinutes(from, to) : null);

function base(t: WatchedTicket, kind: TargetKind, tier: Tier, startedAt: string, target: WatchedTarget, now: Date) {
  const e = {
    id: `${t.key}|${kind}|${tier}|${startedAt}`,
    ticketKey: t.key,
    helpdesk: t.helpdesk,
    ticketId: t.ticketId,
    url: t.url,
    customer: t.customer,
    contractId: t.contractId,
    severity: t.severity,
    kind,
    tier,
    basis: target.basis,
    targetMinutes: target.minutes,
    startedAt,
    dueAt: target.dueAt,
    loggedAt: now.toISOString(),
  };
  return t.subject ? { ...e, subject: t.subject } : e;
}

const tiers = (c: { contractual: WatchedTarget; internal?: WatchedTarget }): [Tier, WatchedTarget][] =>
  c.internal ? [['contractual', c.contractual], ['internal', c.internal]] : [['contractual', c.contractual]];

/**
 * Outcomes an overlay update reveals: every stopped target, and every update-cadence cycle that ended
 * since the previous update (measured with `measure`, the contract calendar, when given).
 */
export function outcomesFromUpdate(previous: WatchedTicket | undefined, ticket: WatchedTicket, now: Date, measure: Measure = defaultMeasure): BreachLogEntry[] {
  const out: BreachLogEntry[] = [];
  for (const c of ticket.clocks) {
    const before = previous?.clocks.find((p) => p.kind === c.kind && p.startedAt === c.startedAt);
    for (const [tier, t] of tiers(c)) {
      if (!isStopped(t)) continue;
      // Already stopped the same way at the last update: logged then (a solved ticket is viewed often).
      const was = tier === 'internal' ? before?.internal : before?.contractual;
      if (was && was.state === t.state && was.stoppedAt === t.stoppedAt && was.minutesLeft === t.minutesLeft) continue;
      const stoppedAt = t.stoppedAt ?? ticket.computedAt;
      out.push({ ...base(ticket, c.kind, tier, c.startedAt, t, now), stoppedAt, at: stoppedAt, outcome: t.state === 'met' ? 'met' : 'missed', marginMinutes: t.minutesLeft });
    }
    if (c.kind !== 'updateCadence') continue;
    const prev = previous?.clocks.find((p) => p.kind === 'updateCadence');
    const end = Date.parse(c.startedAt);
    if (!prev || !(end > Date.parse(prev.startedAt))) continue;
    for (const [tier, t] of tiers(prev)) {
      const due = t.dueAt ? Date.parse(t.dueAt) : NaN;
      // A paused cycle has no due instant to judge by; a stopped one was logged when it stopped.
      if (!Number.isFinite(due) || isStopped(t)) continue;
      const met = end <= due;
      const counted = met ? measure(t.basis, end, due) : measure(t.basis, due, end);
      const minutes = counted ?? (met ? wallMinutes(end, due) : wallMinutes(due, end));
      const entry: BreachLogEntry = {
        ...base(ticket, c.kind, tier, prev.startedAt, t, now),
        stoppedAt: c.startedAt,
        at: c.startedAt,
        outcome: met ? 'met' : 'missed',
        marginMinutes: met ? minutes : -minutes,
      };
      if (counted === null) entry.approximate = true;
      out.push(entry);
    }
  }
  return out;
}

/**
 * Outcomes of a ticket leaving the watch list without being seen to stop: only targets already
 * breached when last seen are certain (missed by at least what was overdue then); the rest is unknown.
 */
export function outcomesOnDrop(ticket: WatchedTicket, now: Date): BreachLogEntry[] {
  const out: BreachLogEntry[] = [];
  for (const c of ticket.clocks)
    for (const [tier, t] of tiers(c)) {
      if (t.state !== 'breached') continue;
      out.push({
        ...base(ticket, c.kind, tier, c.startedAt, t, now),
        stoppedAt: null,
        at: t.dueAt ?? ticket.lastSeenAt,
        outcome: 'missed',
        marginMinutes: Math.min(t.minutesLeft, 0),
        lowerBound: true,
      });
    }
  return out;
}

/**
 * Appends new outcomes, one per id: an exact outcome replaces a lower bound for the same cycle, any
 * other repeat is ignored (a stopped clock is reported on every view). The oldest go beyond the cap.
 */
export function appendOutcomes(log: readonly BreachLogEntry[], entries: readonly BreachLogEntry[], cap = LOG_CAP): { log: BreachLogEntry[]; added: number } {
  const index = new Map(log.map((e, i) => [e.id, i]));
  const next = [...log];
  let added = 0;
  for (const e of entries) {
    const i = index.get(e.id);
    if (i === undefined) {
      index.set(e.id, next.length);
      next.push(e);
      added++;
    } else if (next[i]!.lowerBound && !e.lowerBound) {
      next[i] = e;
      added++;
    }
  }
  return { log: next.length > cap ? next.slice(next.length - cap) : next, added };
}

export const breachLogItem = storage.defineItem<BreachLogEntry[]>('local:breach-log', { fallback: [], version: 1 });

export async function loadBreachLog(): Promise<BreachLogEntry[]> {
  const v = await breachLogItem.getValue();
  return Array.isArray(v) ? v.filter((e) => !!e && typeof e === 'object' && typeof e.id === 'string' && typeof e.at === 'string') : [];
}

export async function saveBreachLog(log: readonly BreachLogEntry[]): Promise<void> {
  await breachLogItem.setValue([...log]);
}
