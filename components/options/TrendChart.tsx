// The weekly met-% trend as inline SVG built from Preact elements (no markup strings), with a text
// alternative: a summary in <desc> and the figures as a table beside it. Sparklines for table rows.
import { trendSegments, type WeekPoint } from '../../lib/compliance';

const W = 640;
const H = 150;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;

export const pct = (p: number | null): string => (p === null ? '–' : `${p.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`);

export function weekLabel(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** One sentence for people who cannot see the chart. */
export function trendSummary(trend: readonly WeekPoint[]): string {
  const known = trend.filter((p): p is WeekPoint & { metPercent: number } => p.metPercent !== null);
  if (!trend.length) return 'No weeks in this period.';
  const span = `${trend.length} week${trend.length === 1 ? '' : 's'} from the week of ${weekLabel(trend[0]!.weekStart)}`;
  if (!known.length) return `${span}: no outcomes.`;
  const low = known.reduce((a, b) => (b.metPercent < a.metPercent ? b : a));
  const high = known.reduce((a, b) => (b.metPercent > a.metPercent ? b : a));
  const last = known[known.length - 1]!;
  const empty = trend.length - known.length;
  return `${span}: lowest ${pct(low.metPercent)} (week of ${weekLabel(low.weekStart)}), highest ${pct(high.metPercent)}, latest ${pct(last.metPercent)} (week of ${weekLabel(last.weekStart)})${empty ? `; ${empty} week${empty === 1 ? '' : 's'} without outcomes` : ''}.`;
}

/** The lowest gridline: 10 % below the worst week, in tens, so small changes near 100 % stay visible. */
export function axisFloor(trend: readonly WeekPoint[]): number {
  const known = trend.flatMap((p) => (p.metPercent === null ? [] : [p.metPercent]));
  return known.length ? Math.max(0, Math.floor(Math.min(...known) / 10) * 10 - 10) : 0;
}

export function TrendChart({ trend, id, title }: { trend: readonly WeekPoint[]; id: string; title: string }) {
  const lo = axisFloor(trend);
  // trendSegments maps 0–100 % onto its height: a taller box puts `lo` at the bottom of the plot.
  const scaled = (PH * 100) / (100 - lo);
  const segments = trendSegments(trend, PW, scaled);
  const step = trend.length > 1 ? PW / (trend.length - 1) : 0;
  const xOf = (i: number) => (trend.length > 1 ? i * step : PW / 2);
  const yOf = (p: number) => scaled - (p / 100) * scaled;
  const every = Math.max(1, Math.ceil(trend.length / 7));
  const last = trend.length - 1;
  const labelled = (i: number) => i === last || (i % every === 0 && last - i >= every);
  return (
    <figure class="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="trend-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{trendSummary(trend)}</desc>
        <g transform={`translate(${PAD.left} ${PAD.top})`}>
          {[lo, (lo + 100) / 2, 100].map((p) => (
            <g key={p} class="grid">
              <line x1={0} x2={PW} y1={yOf(p)} y2={yOf(p)} />
              <text x={-6} y={yOf(p)} dy="0.32em" text-anchor="end">{p} %</text>
            </g>
          ))}
          {trend.map((p, i) =>
            labelled(i) ? (
              <text key={p.weekStart} class="xlabel" x={xOf(i)} y={PH + 16} text-anchor={trend.length === 1 ? 'middle' : i === 0 ? 'start' : i === last ? 'end' : 'middle'}>
                {weekLabel(p.weekStart)}
              </text>
            ) : null,
          )}
          {segments.map((points, i) => <polyline key={i} class="line" points={points} />)}
          {trend.map((p, i) =>
            p.metPercent === null ? null : (
              <circle key={p.weekStart} class={`dot${p.missed ? ' missed' : ''}`} cx={xOf(i)} cy={yOf(p.metPercent)} r={3.5}>
                <title>{`Week of ${weekLabel(p.weekStart)}: ${pct(p.metPercent)} met (${p.met} of ${p.total})`}</title>
              </circle>
            ),
          )}
        </g>
      </svg>
      <figcaption class="hint">
        Met % per week (Monday to Sunday, your time zone){lo > 0 ? `; the scale starts at ${lo} %` : ''}. A gap is a week without outcomes. Red dots: weeks with a missed target.
      </figcaption>
    </figure>
  );
}

/** Weekly figures as a table: the chart's equivalent for screen readers and for reading exact values. */
export function TrendTable({ trend, caption }: { trend: readonly WeekPoint[]; caption: string }) {
  return (
    <table class="report compact">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col" class="num">Outcomes</th>
          <th scope="col" class="num">Met</th>
          <th scope="col" class="num">Missed</th>
          <th scope="col" class="num">Met %</th>
        </tr>
      </thead>
      <tbody>
        {trend.map((p) => (
          <tr key={p.weekStart}>
            <th scope="row">{weekLabel(p.weekStart)} <span class="muted">{p.weekStart.slice(0, 4)}</span></th>
            <td class="num">{p.total}</td>
            <td class="num">{p.met}</td>
            <td class="num">{p.missed}</td>
            <td class="num">{pct(p.metPercent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SW = 84;
const SH = 22;

/** A row's weekly trend in a table cell; the label carries the figures (the last 12 weeks). */
export function Sparkline({ trend }: { trend: readonly WeekPoint[] }) {
  const last = trend.slice(-12);
  const segments = trendSegments(last, SW - 4, SH - 4);
  const label = `Met % by week, last ${last.length}: ${last.map((p) => (p.metPercent === null ? 'none' : `${p.metPercent}`)).join(', ')}`;
  return (
    <svg class="spark" viewBox={`0 0 ${SW} ${SH}`} width={SW} height={SH} role="img" aria-label={label}>
      <line class="base" x1={2} x2={SW - 2} y1={SH - 2} y2={SH - 2} />
      <g transform="translate(2 2)">
        {segments.map((points, i) => (points.includes(' ') ? <polyline key={i} points={points} /> : <circle key={i} r={1.8} cx={points.split(',')[0]} cy={points.split(',')[1]} />))}
      </g>
    </svg>
  );
}
