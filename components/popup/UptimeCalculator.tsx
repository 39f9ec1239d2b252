// Availability % ⇄ allowed downtime per month, quarter and year.
import { useState } from 'preact/hooks';
import {
  allowedDowntimeSeconds, availabilityFor, formatDowntime, MONTH_DEFINITION, parseDowntime, parsePercent, type UptimePeriod,
} from '../../lib/uptime';

const PERIODS: { key: UptimePeriod; label: string }[] = [
  { key: 'day', label: 'Day' },
  { key: 'week', label: 'Week' },
  { key: 'month', label: 'Month' },
  { key: 'quarter', label: 'Quarter' },
  { key: 'year', label: 'Year' },
];

export function UptimeCalculator() {
  const [pctText, setPctText] = useState('99.9');
  const [downText, setDownText] = useState('');
  const [downPeriod, setDownPeriod] = useState<UptimePeriod>('month');
  const pct = parsePercent(pctText);
  const down = parseDowntime(downText);
  const avail = down === null ? null : availabilityFor(down, downPeriod);
  return (
    <div class="uptime">
      <div class="uptime-row">
        <label for="up-pct">Availability</label>
        <input id="up-pct" inputMode="decimal" value={pctText} aria-invalid={pct === null} aria-describedby="up-def"
          onInput={(e) => setPctText(e.currentTarget.value)} />
        <span>%</span>
      </div>
      {pct === null ? (
        <p class="msg bad small" role="alert">Enter a percentage from 0 to 100, e.g. 99.95.</p>
      ) : (
        <table class="uptime-table" aria-live="polite">
          <caption class="sr-only">Allowed downtime at {pct}% availability</caption>
          <tbody>
            {PERIODS.map((p) => (
              <tr key={p.key} class={p.key === 'month' || p.key === 'quarter' || p.key === 'year' ? '' : 'minor'}>
                <th scope="row">per {p.label.toLowerCase()}</th>
                <td>{formatDowntime(allowedDowntimeSeconds(pct, p.key)!)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="uptime-row">
        <label for="up-down">Downtime</label>
        <input id="up-down" value={downText} placeholder="43m 49s" aria-invalid={downText !== '' && avail === null}
          onInput={(e) => setDownText(e.currentTarget.value)} />
        <label for="up-period" class="sr-only">per period</label>
        <select id="up-period" value={downPeriod} onChange={(e) => setDownPeriod(e.currentTarget.value as UptimePeriod)}>
          {PERIODS.map((p) => <option key={p.key} value={p.key}>per {p.label.toLowerCase()}</option>)}
        </select>
      </div>
      {downText !== '' && (
        <p class="uptime-result" aria-live="polite">
          {avail === null ? (down === null ? 'Write it like 43m 49s, 1h 30m or 90 (minutes).' : 'Longer than the period.') : <>= <b>{formatPercent(avail)}%</b> availability</>}
        </p>
      )}
      <p class="hint" id="up-def">{MONTH_DEFINITION} Downtime is rounded down to whole seconds.</p>
    </div>
  );
}

function formatPercent(p: number): string {
  // Enough digits to tell 99.99 from 99.995, without float noise.
  return String(Math.round(p * 10_000) / 10_000);
}
