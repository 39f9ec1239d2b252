import type { SnapshotField, TicketSnapshot } from '../lib/adapters/types';
import type { MatchResult } from '../lib/match';
import type { SlaResult } from '../lib/sla/types';
import type { Attempt } from '../lib/runtime/safely';
import type { AdapterInfo } from '../lib/runtime/state';
import { FIELD_LABEL, SOURCE_LABEL, lostMessage } from '../lib/runtime/picker';
import { usePicker } from './PickerContext';

/** The fields an adapter may read, in reading order; anything absent is listed as missing. */
export const DIAG_FIELDS: SnapshotField[] = [
  'ticketId',
  'subject',
  'requesterName',
  'requesterEmail',
  'organization',
  'organizationId',
  'priority',
  'status',
  'createdAt',
  'firstAgentReplyAt',
  'lastAgentReplyAt',
  'statusHistory',
];

function show(v: unknown): string {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString() : 'invalid date';
  if (Array.isArray(v)) return `${v.length} entr${v.length === 1 ? 'y' : 'ies'}`;
  return String(v);
}

interface Props {
  adapter: AdapterInfo | null;
  snapshot: TicketSnapshot | null;
  match: Attempt<MatchResult> | null;
  sla: Attempt<SlaResult> | null;
  errors: string[];
}

export function Diagnostics({ adapter, snapshot, match, sla, errors }: Props) {
  const present = DIAG_FIELDS.filter((f) => snapshot?.[f] !== undefined && snapshot?.[f] !== '');
  const missing = DIAG_FIELDS.filter((f) => !present.includes(f));
  const m = match?.ok ? match.value : null;
  // Reading rules: who produced each field, which went missing after working before, and the picker.
  const picker = usePicker();
  const lost = picker?.rows.value?.filter((r) => r.lost) ?? [];
  return (
    <details class="sla-section sla-diagnostics" data-testid="sla-diagnostics">
      <summary>Diagnostics</summary>
      <dl class="sla-dl">
        <dt>Helpdesk</dt>
        <dd data-testid="sla-diag-adapter">{adapter ? `${adapter.label} (${adapter.id})` : 'none'}</dd>
        <dt>Matched</dt>
        <dd data-testid="sla-diag-match">
          {!match
            ? 'not yet'
            : !match.ok
              ? `failed: ${match.error}`
              : m!.kind === 'none'
                ? 'no contract'
                : `${m!.kind === 'ambiguous' ? 'ambiguous, ' : ''}by ${m!.by}: ${m!.key}`}
        </dd>
        {sla?.ok && (
          <>
            <dt>Severity</dt>
            <dd data-testid="sla-diag-severity">
              {sla.value.severity ?? 'unknown'} (from {sla.value.severitySource === 'none' ? 'nowhere' : `${sla.value.severitySource} map`})
            </dd>
          </>
        )}
      </dl>
      <table class="sla-fields" data-testid="sla-diag-fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {present.map((f) => (
            <tr key={f} data-field={f}>
              <td>{f}</td>
              <td>{show(snapshot![f])}</td>
              <td data-testid="sla-diag-source" data-source={snapshot!.sources?.[f] ?? ''}>
                {snapshot!.sources?.[f] ? SOURCE_LABEL[snapshot!.sources[f]!] : '?'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && (
        <p data-testid="sla-diag-missing">
          <strong>Missing:</strong> {missing.join(', ')}
        </p>
      )}
      {lost.map((r) => (
        <p key={r.field} data-testid="sla-diag-lost" data-field={r.field}>
          {lostMessage(r.field)}{' '}
          <button type="button" class="sla-button" onClick={() => picker!.pick(r.field)}>
            Fix with picker
          </button>
        </p>
      ))}
      {picker && (
        <p class="sla-row">
          <button type="button" class="sla-button" data-testid="sla-pick-field" onClick={() => picker.pick()}>
            Pick field…
          </button>
          <span class="sla-muted">
            {' '}read a field from an element you point at{lost[0] ? ` (e.g. ${FIELD_LABEL[lost[0].field].toLowerCase()})` : ''}
          </span>
        </p>
      )}
      {[...(snapshot?.problems ?? []), ...(sla?.ok ? sla.value.notes : []), ...errors].length > 0 && (
        <ul class="sla-problems" data-testid="sla-diag-problems">
          {[...(snapshot?.problems ?? []), ...(sla?.ok ? sla.value.notes : []), ...errors].map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
