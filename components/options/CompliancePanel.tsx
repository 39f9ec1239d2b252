// Compliance: the breach log (one outcome per watched clock) as met % per customer and per target,
// the worst misses with ticket links, a weekly trend, a date range, CSV export and clearing the log.
import { DateTime } from 'luxon';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { LOG_CAP, type BreachLogEntry, type Tier } from '../../lib/breach-log';
import { complianceCsv, complianceReport, filterLog, type ComplianceFilter, type Stats } from '../../lib/compliance';
import type { TargetKind } from '../../lib/contracts/model';
import { formatDuration } from '../../lib/sla/format';
import type { Settings } from '../../lib/settings';
import { httpsHref } from '../popup/links';
import type { OptionsServices } from './services';
import { pct, Sparkline, TrendChart, TrendTable } from './TrendChart';

export const KIND_LABEL: Record<TargetKind, string> = { firstResponse: 'First response', updateCadence: 'Customer update', resolution: 'Resolution' };
const sevLabel = (s: string | null) => (s ? s.replace(/^sev/, 'Sev ') : 'No severity');

type Preset = '4' | '12' | '26' | '52' | 'all' | 'custom';
const PRESETS: { value: Preset; label: string }[] = [
  { value: '4', label: 'Last 4 weeks' },
  { value: '12', label: 'Last 12 weeks' },
  { value: '26', label: 'Last 26 weeks' },
  { value: '52', label: 'Last 52 weeks' },
  { value: 'all', label: 'Everything logged' },
  { value: 'custom', label: 'Custom dates' },
];

export interface Range {
  preset: Preset;
  /** Local dates YYYY-MM-DD in the agent's zone, both inclusive; '' = open. */
  from: string;
  to: string;
}

/** Whole weeks (Monday first) ending with the current one, so the chart's first week is complete. */
export function presetRange(preset: Exclude<Preset, 'custom'>, now: Date, zone: string): Range {
  if (preset === 'all') return { preset, from: '', to: '' };
  const today = DateTime.fromJSDate(now, { zone });
  return { preset, from: today.startOf('week').minus({ weeks: Number(preset) - 1 }).toISODate() ?? '', to: today.toISODate() ?? '' };
}

/** The filter for a range: from the start of `from` to the end of `to`, local days. */
export function rangeFilter(r: Range, tier: Tier | 'all', zone: string): { ok: true; filter: ComplianceFilter } | { ok: false; error: string } {
  const day = (s: string) => DateTime.fromISO(s, { zone }).startOf('day');
  const from = r.from ? day(r.from) : null;
  const to = r.to ? day(r.to).plus({ days: 1 }) : null;
  if ((from && !from.isValid) || (to && !to.isValid)) return { ok: false, error: 'Enter dates as YYYY-MM-DD.' };
  if (from && to && to <= from) return { ok: false, error: 'The start date is after the end date.' };
  const filter: ComplianceFilter = { tier };
  if (from) filter.from = from.toJSDate();
  if (to) filter.to = to.toJSDate();
  return { ok: true, filter };
}

export function CompliancePanel({ services, hour12 }: { services: OptionsServices; hour12: Settings['hour12'] | undefined }) {
  const zone = services.zone();
  const [log, setLog] = useState<BreachLogEntry[] | null>(null);
  const [range, setRange] = useState<Range>(() => presetRange('12', services.now(), zone));
  const [tier, setTier] = useState<Tier | 'all'>('contractual');
  const [confirmClear, setConfirmClear] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'bad'; text: string } | null>(null);
  useEffect(() => {
    void services.breachLog.load().then(setLog);
    return services.breachLog.watch(setLog);
  }, []);

  const parsed = useMemo(() => rangeFilter(range, tier, zone), [range, tier]);
  const report = useMemo(() => (log && parsed.ok ? complianceReport(log, parsed.filter, { timeZone: zone, worst: 3 }) : null), [log, parsed]);

  if (!log) return <p class="muted">Loading the breach log…</p>;

  const exportCsv = () => {
    if (!parsed.ok) return;
    const entries = filterLog(log, parsed.filter);
    const today = DateTime.fromJSDate(services.now(), { zone }).toISODate();
    services.download(`sla-lens-compliance-${range.from || 'start'}-to-${range.to || today}.csv`, 'text/csv', complianceCsv(entries));
  };
  const clear = async () => {
    setConfirmClear(false);
    const r = await services.background({ type: 'log:clear' });
    if (r.ok) {
      setMessage({ kind: 'ok', text: `Cleared the breach log (${r.removed.toLocaleString()} outcome${r.removed === 1 ? '' : 's'}).` });
      setLog(await services.breachLog.load());
    } else setMessage({ kind: 'bad', text: `The log was not cleared: ${r.error}` });
  };
  const setDate = (which: 'from' | 'to', v: string) => setRange({ ...range, preset: 'custom', [which]: v });
  const total = report?.overall.total ?? 0;

  return (
    <section class="panel compliance" aria-labelledby="cmp-h">
      <h2 id="cmp-h">Compliance</h2>
      <p class="section-desc">
        Every watched clock's outcome — met or missed, and by how much — is logged on this computer (the latest {LOG_CAP.toLocaleString()}).
        Watched tickets are the ones you open with a matched contract. Margins are in the target's own time (business hours or 24×7).
      </p>

      <div class="report-filters" role="group" aria-label="Report period and targets">
        <div class="field">
          <label for="cmp-preset">Period</label>
          <select id="cmp-preset" value={range.preset}
            onChange={(e) => {
              const v = e.currentTarget.value as Preset;
              if (v !== 'custom') setRange(presetRange(v, services.now(), zone));
              else setRange({ ...range, preset: 'custom' });
            }}>
            {PRESETS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="cmp-from">From</label>
          <input id="cmp-from" type="date" value={range.from} max={range.to || undefined} aria-invalid={!parsed.ok}
            aria-describedby={parsed.ok ? undefined : 'cmp-range-err'} onInput={(e) => setDate('from', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="cmp-to">To (inclusive)</label>
          <input id="cmp-to" type="date" value={range.to} min={range.from || undefined} aria-invalid={!parsed.ok}
            aria-describedby={parsed.ok ? undefined : 'cmp-range-err'} onInput={(e) => setDate('to', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="cmp-tier">Targets</label>
          <select id="cmp-tier" value={tier} onChange={(e) => setTier(e.currentTarget.value as Tier | 'all')}>
            <option value="contractual">Contractual</option>
            <option value="internal">Internal (stricter)</option>
            <option value="all">Both</option>
          </select>
        </div>
        <span class="spacer" />
        <div class="report-actions">
          <button type="button" class="btn" disabled={!total} onClick={exportCsv}>Export CSV</button>
          <button type="button" class="btn danger" disabled={!log.length} onClick={() => (setMessage(null), setConfirmClear(true))}>Clear log…</button>
        </div>
      </div>
      {!parsed.ok && <p id="cmp-range-err" class="msg bad" role="alert">{parsed.error}</p>}
      {confirmClear && (
        <div class="banner bad" role="alertdialog" aria-labelledby="cmp-clear-t">
          <p id="cmp-clear-t">Delete all {log.length.toLocaleString()} logged outcomes on this computer? This cannot be undone; export a CSV first if you need them.</p>
          <button type="button" class="btn" onClick={() => setConfirmClear(false)} autoFocus>Keep the log</button>
          <button type="button" class="btn danger" onClick={() => void clear()}>Delete all outcomes</button>
        </div>
      )}
      {message && <p class={`msg ${message.kind}`} role={message.kind === 'bad' ? 'alert' : 'status'}>{message.text}</p>}

      {log.length === 0 ? (
        <div class="empty-state">
          <p><b>No outcomes logged yet.</b></p>
          <p class="muted">Open tickets of customers with a contract: when a first response, a customer update or a resolution is met or missed, it shows up here.</p>
        </div>
      ) : !report ? null : total === 0 ? (
        <p class="empty-state muted" role="status">No outcomes in this period. Widen the dates or choose “Everything logged”.</p>
      ) : (
        <>
          <Summary stats={report.overall} />
          <TrendChart id="cmp-trend" trend={report.overall.trend} title="Met % per week, all customers" />
          <details class="trend-figures">
            <summary>Weekly figures as a table</summary>
            <TrendTable trend={report.overall.trend} caption="Outcomes per week, all customers" />
          </details>

          <h3 class="report-h" id="cmp-cust-h">By customer <span class="muted small">lowest met % first</span></h3>
          <table class="report" aria-labelledby="cmp-cust-h">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <StatHeads />
                <th scope="col">Worst misses</th>
              </tr>
            </thead>
            <tbody>
              {report.byCustomer.map((r) => (
                <tr key={r.contractId}>
                  <th scope="row">{r.customer}<span class="sub">{r.contractId}</span></th>
                  <StatCells stats={r} />
                  <td><Misses stats={r} show="target" hour12={hour12} /></td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3 class="report-h" id="cmp-target-h">By target</h3>
          <table class="report" aria-labelledby="cmp-target-h">
            <thead>
              <tr>
                <th scope="col">Target</th>
                <StatHeads />
                <th scope="col">Worst misses</th>
              </tr>
            </thead>
            <tbody>
              {report.byTarget.map((r) => (
                <tr key={`${r.severity}|${r.kind}`}>
                  <th scope="row">{sevLabel(r.severity)} · {KIND_LABEL[r.kind]}</th>
                  <StatCells stats={r} />
                  <td><Misses stats={r} show="customer" hour12={hour12} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Summary({ stats }: { stats: Stats }) {
  const worst = stats.worstMisses[0];
  return (
    <dl class="summary-cards">
      <div>
        <dt>Met</dt>
        <dd class={`big ${level(stats.metPercent)}`}>{pct(stats.metPercent)}</dd>
        <dd class="muted small">{stats.met.toLocaleString()} of {stats.total.toLocaleString()} outcomes</dd>
      </div>
      <div>
        <dt>Missed</dt>
        <dd class={`big${stats.missed ? ' bad' : ''}`}>{stats.missed.toLocaleString()}</dd>
        <dd class="muted small">{stats.missed ? 'clocks past their target' : 'no clock past its target'}</dd>
      </div>
      <div>
        <dt>Worst miss</dt>
        <dd class={`big${worst ? ' bad' : ''}`}>{worst ? late(worst) : '–'}</dd>
        <dd class="muted small">{worst ? `${worst.customer} · #${worst.ticketId}` : 'nothing missed'}</dd>
      </div>
    </dl>
  );
}

const level = (p: number | null) => (p === null ? '' : p >= 95 ? 'ok' : p >= 80 ? 'warn' : 'bad');

function StatHeads() {
  return (
    <>
      <th scope="col" class="num">Outcomes</th>
      <th scope="col" class="num">Met</th>
      <th scope="col" class="num">Missed</th>
      <th scope="col">Met %</th>
      <th scope="col">Trend</th>
    </>
  );
}

function StatCells({ stats }: { stats: Stats }) {
  const p = stats.metPercent;
  return (
    <>
      <td class="num">{stats.total.toLocaleString()}</td>
      <td class="num">{stats.met.toLocaleString()}</td>
      <td class={`num${stats.missed ? ' bad-text' : ''}`}>{stats.missed.toLocaleString()}</td>
      <td>
        <span class="meter-cell">
          <span class="meter" aria-hidden="true"><span class={`fill ${level(p)}`} style={{ width: `${p ?? 0}%` }} /></span>
          <span class="num">{pct(p)}</span>
        </span>
      </td>
      <td><Sparkline trend={stats.trend} /></td>
    </>
  );
}

/** "3h 10m late"; a lower bound (dropped while overdue) reads "≥ …", a wall-clock estimate "≈ …". */
export function late(e: BreachLogEntry): string {
  const prefix = e.lowerBound ? '≥ ' : e.approximate ? '≈ ' : '';
  return `${prefix}${formatDuration(Math.abs(e.marginMinutes))} late`;
}

function Misses({ stats, show, hour12 }: { stats: Stats; show: 'target' | 'customer'; hour12: Settings['hour12'] | undefined }) {
  if (!stats.worstMisses.length) return <span class="muted">none</span>;
  return (
    <ul class="misses">
      {stats.worstMisses.map((e) => {
        const href = httpsHref(e.url);
        const label = `#${e.ticketId}`;
        const what = show === 'target' ? `${sevLabel(e.severity)} ${KIND_LABEL[e.kind].toLowerCase()}` : e.customer;
        const due = e.dueAt ? ` · due ${when(e.dueAt, hour12)}` : '';
        return (
          <li key={e.id}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer" title={e.subject ?? undefined}>{label}</a>
            ) : (
              <span title={e.subject ?? undefined}>{label}</span>
            )}{' '}
            <b class="bad-text">{late(e)}</b> <span class="muted">{what}{due}{e.tier === 'internal' ? ' · internal' : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

function when(iso: string, hour12: Settings['hour12'] | undefined): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(hour12 === true || hour12 === false ? { hour12 } : {}) }).format(d);
}
