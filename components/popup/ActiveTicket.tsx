// The ticket open in the current tab, as the overlay last computed it.
import type { Contract } from '../../lib/contracts/model';
import { formatTimeLeft } from '../../lib/sla/format';
import type { ActiveTicketClock, ActiveTicketEntry } from '../../lib/popup-bridge';
import type { Settings } from '../../lib/settings';

const KIND: Record<string, string> = { firstResponse: 'First response', updateCadence: 'Next update', resolution: 'Resolution' };
const STATE: Record<string, { cls: string; text: string }> = {
  running: { cls: 'ok', text: 'Running' },
  atRisk: { cls: 'warn', text: 'At risk' },
  breached: { cls: 'bad', text: 'Breached' },
  paused: { cls: 'info', text: 'Paused' },
  met: { cls: 'ok', text: 'Met' },
  missed: { cls: 'bad', text: 'Missed' },
};

function time(iso: string | null, hour12: Settings['hour12'] | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', ...(hour12 === true || hour12 === false ? { hour12 } : {}) }).format(d);
}

export function ActiveTicket({ entry, contract, settings, onShowContract }: {
  entry: ActiveTicketEntry;
  contract: Contract | null;
  settings: Pick<Settings, 'hour12'> | null;
  onShowContract: (id: string) => void;
}) {
  const s = entry.snapshot;
  const hour12 = settings?.hour12;
  return (
    <section class="active" aria-labelledby="active-h">
      <h2 id="active-h">
        This ticket <span class="muted">#{s.ticketId}{entry.severity ? ` · ${entry.severity.replace('sev', 'Sev ')}` : ''}</span>
      </h2>
      {s.subject && <p class="subject">{s.subject}</p>}
      <p class="small">
        {entry.match.kind === 'matched' && contract ? (
          <>
            Contract:{' '}
            <button type="button" class="link" onClick={() => onShowContract(contract.id)}>{contract.customer.name}</button>
            <span class="muted"> (by {entry.match.by})</span>
            {entry.match.term && entry.match.term !== 'active' && <span class="badge bad">{entry.match.term === 'expired' ? 'expired' : 'not started'}</span>}
          </>
        ) : entry.match.kind === 'ambiguous' ? (
          <span class="badge warn">Several contracts match; open the ticket to choose</span>
        ) : (
          <span class="muted">No contract matched{s.requesterEmail ? ` for ${s.requesterEmail}` : ''}.</span>
        )}
      </p>
      {entry.clocks.length > 0 && (
        <ul class="clocks">
          {entry.clocks.map((c) => <ClockLine key={c.kind} clock={c} hour12={hour12} />)}
        </ul>
      )}
      <p class="muted small">As read by the overlay at {time(entry.computedAt, hour12)}.</p>
    </section>
  );
}

function ClockLine({ clock: c, hour12 }: { clock: ActiveTicketClock; hour12: Settings['hour12'] | undefined }) {
  const st = STATE[c.state] ?? { cls: '', text: c.state };
  const done = c.state === 'met' || c.state === 'missed';
  return (
    <li class={`clock ${st.cls}`}>
      <span class="kind">{KIND[c.kind] ?? c.kind}</span>
      <span class={`badge ${st.cls}`}>{st.text}</span>
      <span class="left">{done ? '' : c.state === 'paused' ? 'paused' : formatTimeLeft(c.minutesLeft)}</span>
      <span class="due muted">{c.dueAt && !done ? `due ${time(c.dueAt, hour12)}` : ''}</span>
      {c.internal && !done && (
        <span class="internal muted">internal: {formatTimeLeft(c.internal.minutesLeft)}</span>
      )}
    </li>
  );
}
