// Status timeline of a ticket: when it was waiting (pauses) and when it was resolved.
import { isPausingStatus } from '../contracts/defaults';
import type { Contract } from '../contracts/model';

export interface StatusEntry {
  status: string;
  at: Date;
}

const RESOLVED_WORDS = new Set(['solved', 'closed', 'resolved', 'done', 'completed', 'complete', 'canceled', 'cancelled', 'rejected', 'deleted']);

/**
 * Whether a helpdesk status label means the work is over (the resolution clock stops). Judged on the
 * first word, so "Closed Complete" (ServiceNow) and "Closed – no reply" count, and "Reopened" does not.
 */
export function isResolvedStatus(label: string | null | undefined): boolean {
  if (!label) return false;
  const first = /^[^\p{L}]*(\p{L}+)/u.exec(label.toLowerCase())?.[1];
  return first !== undefined && RESOLVED_WORDS.has(first);
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export type PauseSource = 'history' | 'observed' | 'none';

export interface Timeline {
  /** Waiting spans as [from, to) epoch ms: sorted, disjoint; an ongoing pause ends at `now`. */
  pauses: [number, number][];
  /** The ticket's status says it waits now (and it is not resolved). */
  pausedNow: boolean;
  /** Start of the ongoing pause when the history shows it. */
  pausedSince?: Date;
  /** The ticket is resolved (solved/closed/…). */
  resolved: boolean;
  /** When it was resolved: start of the trailing run of resolved statuses, else `now`. */
  resolvedAt?: Date;
  source: PauseSource;
  notes: string[];
}

const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/**
 * Builds the timeline from the helpdesk's status history, else the transitions the extension observed.
 * Entries after `now` are ignored. When the history does not end with the ticket's current status, the
 * change is taken to happen at `now` (the latest moment it can have happened: waiting time is never
 * invented, and a missing resolution time is noted).
 */
export function buildTimeline(
  contract: Contract,
  helpdesk: string,
  status: string | undefined,
  history: readonly StatusEntry[] | undefined,
  observed: readonly StatusEntry[] | undefined,
  now: Date,
): Timeline {
  const notes: string[] = [];
  const nowMs = now.getTime();
  const clean = (list: readonly StatusEntry[] | undefined) =>
    (list ?? [])
      .filter((e) => e && typeof e.status === 'string' && validDate(e.at) && e.at.getTime() <= nowMs)
      .map((e, i) => ({ status: e.status, at: e.at.getTime(), i, synthetic: false }))
      // Stable by time: same-instant entries keep their given order.
      .sort((a, b) => a.at - b.at || a.i - b.i);
  let entries = clean(history);
  let source: PauseSource = entries.length ? 'history' : 'none';
  if (!entries.length) {
    entries = clean(observed);
    if (entries.length) source = 'observed';
  }

  const current = status ?? entries[entries.length - 1]?.status;
  const last = entries[entries.length - 1];
  if (last && status !== undefined && norm(last.status) !== norm(status)) {
    notes.push(`The status history ends with “${last.status}” but the ticket is “${status}”; the change is counted from now.`);
    entries.push({ status, at: nowMs, i: entries.length, synthetic: true });
  }

  const pausing = (s: string) => isPausingStatus(contract, helpdesk, s);
  const resolved = isResolvedStatus(current);

  let resolvedAt: Date | undefined;
  if (resolved) {
    let k = entries.length;
    while (k > 0 && isResolvedStatus(entries[k - 1]?.status)) k--;
    const first = entries[k];
    if (first && !first.synthetic) resolvedAt = new Date(first.at);
    else {
      resolvedAt = now;
      notes.push('When the ticket was resolved is unknown; its clocks are stopped at now.');
    }
  }
  const endMs = resolvedAt ? resolvedAt.getTime() : nowMs;

  const pauses: [number, number][] = [];
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!;
    if (!pausing(e.status) || e.at >= endMs) continue;
    const to = Math.min(entries[k + 1]?.at ?? nowMs, endMs);
    const prev = pauses[pauses.length - 1];
    if (prev && prev[1] >= e.at) prev[1] = Math.max(prev[1], to);
    else if (to > e.at) pauses.push([e.at, to]);
  }

  const pausedNow = !resolved && current !== undefined && pausing(current);
  let pausedSince: Date | undefined;
  if (pausedNow) {
    let k = entries.length;
    while (k > 0 && pausing(entries[k - 1]!.status)) k--;
    const first = entries[k];
    if (first && !first.synthetic) pausedSince = new Date(first.at);
    else notes.push(`Paused (“${current}”) since an unknown time: time left is frozen at now.`);
  }
  return { pauses, pausedNow, pausedSince, resolved, resolvedAt, source, notes };
}
