// Compliance report over the breach log: met % per customer and per target (severity × clock), the
// worst misses, a weekly trend, and a CSV export. Pure; weeks start on Monday in the given zone.
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import type { BreachLogEntry, Tier } from './breach-log';
import { SEVERITIES, TARGET_KINDS, type Severity, type TargetKind } from './contracts/model';

export interface ComplianceFilter {
  /** Inclusive lower bound on the outcome instant (`at`). */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** Default 'contractual': the private targets are a separate question. */
  tier?: Tier | 'all';
  contractId?: string;
}

export interface WeekPoint {
  /** Monday of the week, local date YYYY-MM-DD. */
  weekStart: string;
  total: number;
  met: number;
  missed: number;
  /** null for a week without outcomes. */
  metPercent: number | null;
}

export interface Stats {
  total: number;
  met: number;
  missed: number;
  /** 0–100, one decimal; null when there is nothing to count. */
  metPercent: number | null;
  /** The largest misses first. */
  worstMisses: BreachLogEntry[];
  /** One point per week of the report, empty weeks included (so a chart keeps its time axis). */
  trend: WeekPoint[];
}

export interface CustomerRow extends Stats {
  contractId: string;
  customer: string;
}

export interface TargetRow extends Stats {
  severity: Severity | null;
  kind: TargetKind;
}

export interface ComplianceReport {
  overall: Stats;
  /** Lowest met % first. */
  byCustomer: CustomerRow[];
  /** By severity, then first response, update cadence, resolution. */
  byTarget: TargetRow[];
  weeks: string[];
}

export interface ReportOptions {
  /** The agent's zone, for week boundaries. */
  timeZone: string;
  /** How many worst misses per row; default 3. */
  worst?: number;
}

/** A chart never gets more points than this; a longer range shows its most recent weeks. */
const MAX_WEEKS = 156;

export function filterLog(log: readonly BreachLogEntry[], f: ComplianceFilter = {}): BreachLogEntry[] {
  const from = f.from?.getTime() ?? -Infinity;
  const to = f.to?.getTime() ?? Infinity;
  const tier = f.tier ?? 'contractual';
  return log.filter((e) => {
    const at = Date.parse(e.at);
    return at >= from && at < to && (tier === 'all' || e.tier === tier) && (!f.contractId || e.contractId === f.contractId);
  });
}

const weekOf = (iso: string, zone: string): string => DateTime.fromISO(iso, { zone }).startOf('week').toISODate() ?? iso.slice(0, 10);

function weekRange(entries: readonly BreachLogEntry[], f: ComplianceFilter, zone: string): string[] {
  const times = entries.map((e) => Date.parse(e.at));
  const lo = f.from?.getTime() ?? (times.length ? Math.min(...times) : NaN);
  const hi = f.to ? f.to.getTime() - 1 : times.length ? Math.max(...times) : NaN;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  const last = DateTime.fromMillis(hi, { zone }).startOf('week');
  let w = DateTime.fromMillis(Math.max(lo, last.minus({ weeks: MAX_WEEKS - 1 }).toMillis()), { zone }).startOf('week');
  const out: string[] = [];
  while (w <= last) {
    out.push(w.toISODate()!);
    w = w.plus({ weeks: 1 });
  }
  return out;
}

const percent = (met: number, total: number): number | null => (total ? Math.round((met / total) * 1000) / 10 : null);

function stats(entries: readonly BreachLogEntry[], weeks: readonly string[], zone: string, worst: number): Stats {
  const met = entries.filter((e) => e.outcome === 'met').length;
  const byWeek = new Map(weeks.map((w) => [w, { met: 0, missed: 0 }]));
  for (const e of entries) {
    const b = byWeek.get(weekOf(e.at, zone));
    if (b) b[e.outcome]++;
  }
  return {
    total: entries.length,
    met,
    missed: entries.length - met,
    metPercent: percent(met, entries.length),
    worstMisses: entries
      .filter((e) => e.outcome === 'missed')
      .sort((a, b) => a.marginMinutes - b.marginMinutes)
      .slice(0, worst),
    trend: weeks.map((w) => {
      const b = byWeek.get(w)!;
      return { weekStart: w, met: b.met, missed: b.missed, total: b.met + b.missed, metPercent: percent(b.met, b.met + b.missed) };
    }),
  };
}

function groupBy<K>(entries: readonly BreachLogEntry[], key: (e: BreachLogEntry) => K): Map<K, BreachLogEntry[]> {
  const m = new Map<K, BreachLogEntry[]>();
  for (const e of entries) {
    const k = key(e);
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  }
  return m;
}

export function complianceReport(log: readonly BreachLogEntry[], filter: ComplianceFilter, opts: ReportOptions): ComplianceReport {
  const zone = opts.timeZone;
  const worst = opts.worst ?? 3;
  const entries = filterLog(log, filter);
  const weeks = weekRange(entries, filter, zone);

  const byCustomer = [...groupBy(entries, (e) => e.contractId)].map(([contractId, list]): CustomerRow => {
    // The name as most recently logged (a contract can be renamed).
    const latest = list.reduce((a, b) => (b.at > a.at ? b : a));
    return { contractId, customer: latest.customer, ...stats(list, weeks, zone, worst) };
  });
  byCustomer.sort((a, b) => (a.metPercent ?? 101) - (b.metPercent ?? 101) || a.customer.localeCompare(b.customer));

  const sevRank = (s: Severity | null) => (s === null ? SEVERITIES.length : SEVERITIES.indexOf(s));
  const byTarget = [...groupBy(entries, (e) => `${e.severity ?? ''}|${e.kind}`)].map(([, list]): TargetRow => {
    const first = list[0]!;
    return { severity: first.severity, kind: first.kind, ...stats(list, weeks, zone, worst) };
  });
  byTarget.sort((a, b) => sevRank(a.severity) - sevRank(b.severity) || TARGET_KINDS.indexOf(a.kind) - TARGET_KINDS.indexOf(b.kind));

  return { overall: stats(entries, weeks, zone, worst), byCustomer, byTarget, weeks };
}

/**
 * Polyline point lists ("x,y x,y …") for a met-% trend in a width × height box (100 % at the top).
 * Weeks without outcomes break the line, so a gap is not drawn as a slope.
 */
export function trendSegments(trend: readonly WeekPoint[], width: number, height: number): string[] {
  const step = trend.length > 1 ? width / (trend.length - 1) : 0;
  const segments: string[] = [];
  let current: string[] = [];
  trend.forEach((p, i) => {
    if (p.metPercent === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    const x = trend.length > 1 ? i * step : width / 2;
    const y = height - (p.metPercent / 100) * height;
    current.push(`${round(x)},${round(y)}`);
  });
  if (current.length) segments.push(current.join(' '));
  return segments;
}

const round = (n: number) => Math.round(n * 10) / 10;

export const COMPLIANCE_CSV_COLUMNS = [
  'at', 'outcome', 'margin_minutes', 'lower_bound', 'approximate', 'customer', 'contract_id', 'severity', 'target', 'tier',
  'basis', 'target_minutes', 'started_at', 'due_at', 'stopped_at', 'helpdesk', 'ticket_id', 'subject', 'url',
] as const;

/**
 * One row per outcome, oldest first. Text cells that look like formulas get a leading ' (spreadsheets
 * would run them); numbers stay numbers, so a negative margin is not mangled.
 */
export function complianceCsv(entries: readonly BreachLogEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e) => [
      e.at, e.outcome, round(e.marginMinutes), e.lowerBound ? 'yes' : '', e.approximate ? 'yes' : '', e.customer, e.contractId,
      e.severity ?? '', e.kind, e.tier, e.basis, e.targetMinutes, e.startedAt, e.dueAt ?? '', e.stoppedAt ?? '',
      e.helpdesk, e.ticketId, e.subject ?? '', e.url,
    ]);
  return Papa.unparse({ fields: [...COMPLIANCE_CSV_COLUMNS], data: rows }, { escapeFormulae: true, newline: '\r\n' });
}
