import type { Contract } from '../lib/contracts/model';
import type { Attempt } from '../lib/runtime/safely';
import type { TermStatus } from '../lib/contracts/status';
import { summarizeCalendar } from '../lib/runtime/format';
import { ContactList } from './ContactList';

interface Props {
  contract: Contract;
  term: Attempt<TermStatus> | null;
  /** false = the contract lists contacts and the requester is not one of them. */
  authorisedRequester: boolean | null;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function termBadge(t: TermStatus): { text: string; tone: 'warn' | 'bad' } | null {
  if (t.state === 'expired') return { text: `Contract expired ${plural(-t.daysLeft, 'day')} ago`, tone: 'bad' };
  if (t.state === 'notStarted')
    return { text: t.daysToStart ? `Contract starts in ${plural(t.daysToStart, 'day')}` : 'Contract not started', tone: 'bad' };
  if (t.state === 'expiring')
    return { text: t.daysLeft === 0 ? 'Contract ends today' : `Contract expires in ${plural(t.daysLeft, 'day')}`, tone: 'warn' };
  return null;
}

export function EntitlementBadges({ contract, term, authorisedRequester }: Props) {
  const e = contract.entitlements;
  const onboarding = !!contract.onboarding && !!term?.ok && term.value.onboarding;
  const tb = term?.ok ? termBadge(term.value) : null;
  const people = [e?.tam && { ...e.tam, role: e.tam.role ?? 'TAM' }, e?.dedicatedAgent && { ...e.dedicatedAgent, role: e.dedicatedAgent.role ?? 'Dedicated agent' }].filter(
    (c): c is NonNullable<typeof c> => !!c,
  );
  return (
    <section class="sla-section" aria-label="Entitlements" data-testid="sla-entitlements">
      <ul class="sla-badges">
        <li class="sla-badge" data-testid="sla-badge-tier">{contract.tier}</li>
        <li class="sla-badge" data-testid="sla-badge-coverage" title="Coverage hours">
          {summarizeCalendar(contract.calendar)}
        </li>
        {contract.channels.length > 0 && (
          <li class="sla-badge" data-testid="sla-badge-channels">
            {contract.channels.map((c) => (c === contract.primaryChannel ? `${c} (primary)` : c)).join(', ')}
          </li>
        )}
        {e?.tam && <li class="sla-badge" data-testid="sla-badge-tam">TAM {e.tam.name}</li>}
        {e?.dedicatedAgent && <li class="sla-badge" data-testid="sla-badge-dedicated">Dedicated agent {e.dedicatedAgent.name}</li>}
        {e?.pod && <li class="sla-badge" data-testid="sla-badge-pod">Pod {e.pod}</li>}
        {e?.badges?.map((b, i) => (
          <li key={i} class="sla-badge" data-testid="sla-badge-custom">{b}</li>
        ))}
        {onboarding && (
          <li class="sla-badge sla-tone-warn" data-testid="sla-badge-onboarding">
            Onboarding until {contract.onboarding!.end}
            {contract.onboarding!.note ? ` · ${contract.onboarding!.note}` : ''}
          </li>
        )}
        {tb && (
          <li class={`sla-badge sla-tone-${tb.tone}`} data-testid="sla-badge-term" data-term={term?.ok ? term.value.state : undefined}>
            <span aria-hidden="true">{tb.tone === 'bad' ? '✖ ' : '⚠ '}</span>
            {tb.text}
          </li>
        )}
        {authorisedRequester === false && (
          <li class="sla-badge sla-tone-bad" data-testid="sla-badge-unauthorised">
            <span aria-hidden="true">⚠ </span>Requester is not an authorised contact
          </li>
        )}
      </ul>
      {contract.outOfScope && (
        <p class="sla-out-of-scope" data-testid="sla-out-of-scope">
          <strong>Out of scope:</strong> {contract.outOfScope}
        </p>
      )}
      {people.length > 0 && <ContactList contacts={people} />}
    </section>
  );
}
