// Everything an agent needs about one customer's contract at a glance.
import { SEVERITIES, TARGET_KINDS, type Contract, type EscalationTrigger, type Target } from '../../lib/contracts/model';
import { termStatus } from '../../lib/contracts/status';
import { formatDuration } from '../../lib/sla/format';
import { ContactLine } from './ContactLine';
import { coverageNow } from '../../lib/sla/coverage';

const SEV: Record<string, string> = { sev1: 'Sev 1', sev2: 'Sev 2', sev3: 'Sev 3', sev4: 'Sev 4' };
const KIND: Record<string, string> = { firstResponse: 'First resp.', updateCadence: 'Updates', resolution: 'Resolution' };

export function termBadge(c: Contract, now: Date): { cls: string; text: string } {
  try {
    const t = termStatus(c, now, 30);
    if (t.onboarding && t.state !== 'expired') return { cls: 'info', text: 'Onboarding' };
    switch (t.state) {
      case 'expired':
        return { cls: 'bad', text: `Expired ${c.term.end}` };
      case 'expiring':
        return { cls: 'warn', text: `Expires in ${t.daysLeft} d` };
      case 'notStarted':
        return { cls: 'info', text: `Starts ${c.term.start}` };
      default:
        return { cls: 'ok', text: 'Active' };
    }
  } catch {
    return { cls: '', text: 'Term unknown' };
  }
}

/** "30m", "4h", "1h 30m": hours keep counting past 24 because a business day is not 24 h. */
export function compactDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function targetText(t: Target | undefined): string {
  if (!t) return '—';
  return `${compactDuration(t.minutes)}${t.basis === '24x7' ? ' 24×7' : ''}`;
}

export function ResultCard({ contract: c, now, onCopy, onEdit }: {
  contract: Contract;
  now: Date;
  onCopy: (text: string, what: string) => void;
  onEdit: (id: string) => void;
}) {
  const badge = termBadge(c, now);
  const cov = coverageNow(c.calendar, now);
  const invalid = cov.label === 'coverage hours invalid';
  const sevs = SEVERITIES.filter((s) => c.targets[s] && Object.keys(c.targets[s]!).length);
  const kinds = TARGET_KINDS.filter((k) => sevs.some((s) => c.targets[s]?.[k]));
  const escalation = (c.escalation ?? []).filter((l) => l.contacts.length);
  const ent = c.entitlements;
  return (
    <article class="card" aria-labelledby={`card-${c.id}`}>
      <header class="card-head">
        <div>
          <h2 id={`card-${c.id}`}>{c.customer.name}</h2>
          <p class="muted small">{[...(c.customer.domains ?? [])].slice(0, 3).join(', ')}</p>
        </div>
        <div class="badges">
          <span class="badge tier">{c.tier}</span>
          <span class={`badge ${badge.cls}`}>{badge.text}</span>
        </div>
      </header>

      <p class={`coverage ${invalid ? '' : cov.open ? 'open' : 'closed'}`}>
        <span class="dot" aria-hidden="true" />
        <b>{invalid ? 'Coverage hours invalid' : cov.open ? 'In coverage now' : 'Outside coverage'}</b>
        {!invalid && (
          <span>
            {' '}· {cov.label}
            {cov.nextOpen && <span class="muted"> (in {inWords(cov.nextOpen.getTime() - now.getTime())})</span>}
          </span>
        )}
        <span class="muted small block">Customer time {cov.localTime} ({cov.timezone})</span>
      </p>

      <dl class="facts">
        <dt>Channels</dt>
        <dd>
          {c.channels.map((ch) => (
            <span key={ch} class={`chan${ch === c.primaryChannel ? ' primary' : ''}`} title={ch === c.primaryChannel ? 'Primary channel' : undefined}>{ch}</span>
          ))}
        </dd>
        {ent?.badges?.length ? (
          <>
            <dt>Entitled</dt>
            <dd>{ent.badges.map((b) => <span key={b} class="chan">{b}</span>)}{ent.pod && <span class="muted"> · pod {ent.pod}</span>}</dd>
          </>
        ) : ent?.pod ? (
          <>
            <dt>Pod</dt>
            <dd>{ent.pod}</dd>
          </>
        ) : null}
      </dl>

      {sevs.length > 0 && (
        <table class="targets-table">
          <caption class="sr-only">Targets per severity</caption>
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">Severity</span></th>
              {kinds.map((k) => <th scope="col" key={k}>{KIND[k]}</th>)}
            </tr>
          </thead>
          <tbody>
            {sevs.map((s) => (
              <tr key={s}>
                <th scope="row">{SEV[s]}</th>
                {kinds.map((k) => (
                  <td key={k}>
                    {targetText(c.targets[s]?.[k])}
                    {c.internalTargets?.[s]?.[k] && <span class="internal" title="Internal target"> ({targetText(c.internalTargets[s]![k])})</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sevs.length > 0 && (
        <p class="legend muted small">
          Business hours unless marked 24×7.{c.internalTargets ? <> <span class="internal">(Internal target)</span> in brackets.</> : null}
        </p>
      )}

      {(ent?.tam || ent?.dedicatedAgent || escalation.length > 0) && (
        <section aria-label="Contacts">
          <h3>Contacts</h3>
          <ul class="contacts">
            {ent?.tam && <ContactLine contact={ent.tam} label="TAM" onCopy={onCopy} />}
            {ent?.dedicatedAgent && <ContactLine contact={ent.dedicatedAgent} label="Dedicated agent" onCopy={onCopy} />}
          </ul>
          {escalation.map((l, i) => (
            <div key={i} class="esc-level">
              <h4>
                {l.name} <span class="muted">· {l.severities.map((s) => SEV[s]).join(', ')} · {triggerText(l.trigger)}</span>
              </h4>
              <ul class="contacts">
                {l.contacts.map((ct, k) => <ContactLine key={k} contact={ct} onCopy={onCopy} />)}
              </ul>
            </div>
          ))}
        </section>
      )}

      {c.outOfScope && (
        <section aria-label="Out of scope" class="oos">
          <h3>Out of scope</h3>
          <p>{c.outOfScope}</p>
        </section>
      )}
      <footer class="card-foot">
        <button type="button" class="btn small ghost" onClick={() => onEdit(c.id)}>Open in console</button>
      </footer>
    </article>
  );
}

function inWords(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${String(m % 60).padStart(2, '0')}m` : `${Math.round(h / 24)} days`;
}

function triggerText(t: EscalationTrigger): string {
  if (t.type === 'percent') return `at ${t.percent}% of ${(t.target ?? 'resolution').replace(/([A-Z])/g, ' $1').toLowerCase()}`;
  if (t.type === 'minutes') return `after ${formatDuration(t.minutes)}`;
  return 'on breach';
}
