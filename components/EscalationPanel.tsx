import { useState } from 'preact/hooks';
import type { EscalationSuggestion } from '../lib/escalation';
import type { Attempt } from '../lib/runtime/safely';
import { formatInstant, type TimeOpts } from '../lib/runtime/format';
import { ContactList } from './ContactList';

interface Props {
  escalation: Attempt<EscalationSuggestion>;
  now: Date;
  time: TimeOpts;
  copy: (text: string) => Promise<boolean>;
}

export function EscalationPanel({ escalation, now, time, copy }: Props) {
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  if (!escalation.ok)
    return (
      <section class="sla-section" aria-label="Escalation" data-testid="sla-escalation" data-error="true">
        <p class="sla-muted">Escalation could not be worked out for this ticket.</p>
      </section>
    );
  const { current, next, note } = escalation.value;
  const onCopy = () => {
    copy(note).then(
      (ok) => setCopied(ok ? 'ok' : 'failed'),
      () => setCopied('failed'),
    );
  };
  return (
    <section class="sla-section" aria-label="Escalation" data-testid="sla-escalation">
      <h3 class="sla-h">
        {current ? (
          <>
            Escalate now: <span data-testid="sla-escalation-level">{current.level.name}</span>
          </>
        ) : (
          'No escalation needed yet'
        )}
      </h3>
      {current && <ContactList contacts={current.level.contacts} />}
      {next && (
        <p class="sla-muted" data-testid="sla-escalation-next">
          Next: {next.level.name}{' '}
          {next.firesAt ? `at ${formatInstant(next.firesAt, now, time)}` : 'when its trigger is reached'}
        </p>
      )}
      <div class="sla-row">
        <button type="button" class="sla-button" onClick={onCopy} data-testid="sla-copy-note">
          Copy escalation note
        </button>
        <span role="status" class="sla-muted" data-testid="sla-copy-status">
          {copied === 'ok' ? 'Copied' : copied === 'failed' ? 'Could not copy; select the note below' : ''}
        </span>
      </div>
      {copied === 'failed' && (
        <textarea class="sla-note" readOnly rows={6} value={note} aria-label="Escalation note" data-testid="sla-note-text" />
      )}
    </section>
  );
}
