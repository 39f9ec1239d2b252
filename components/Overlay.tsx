// The in-page overlay: a compact bar by the ticket header, expandable to entitlements, escalation and
// diagnostics. Reads signals only; every write goes through `actions` (see lib/runtime/controller.tsx).
import type { MatchResult } from '../lib/match';
import type { OverlayActions, OverlayState } from '../lib/runtime/state';
import type { TimeOpts } from '../lib/runtime/format';
import { ErrorBoundary } from './ErrorBoundary';
import { SlaClock } from './SlaClock';
import { EntitlementBadges } from './EntitlementBadges';
import { EscalationPanel } from './EscalationPanel';
import { Diagnostics } from './Diagnostics';
import { PickerHealthNotice } from './PickerContext';
import { Ambiguous, NoContract } from './MatchNotice';

interface Props {
  state: OverlayState;
  actions: OverlayActions;
}

export function Overlay({ state, actions }: Props) {
  const settings = state.settings.value;
  return (
    <div
      class="sla-root"
      data-testid="sla-overlay"
      data-theme={settings.theme}
      data-placement={state.placement.value}
      data-phase={state.phase.value}
    >
      <ErrorBoundary id="overlay" fallback={(e) => <CouldNotRead detail={e} />}>
        <Body state={state} actions={actions} />
      </ErrorBoundary>
      <PickerHealthNotice />
      <div class="sla-sr-only" role="status" aria-live="polite" data-testid="sla-live">
        {state.announcement}
      </div>
    </div>
  );
}

export function CouldNotRead({ detail }: { detail?: string | null }) {
  return (
    <div class="sla-bar sla-error" data-testid="sla-error">
      <span class="sla-brand">SLA Lens</span>
      <span>
        <span aria-hidden="true">⚠ </span>SLA Lens could not read this ticket
      </span>
      {detail && <span class="sla-muted sla-detail" title={detail}>({detail})</span>}
    </div>
  );
}

const sevLabel = (s: string | null) => (s ? s.replace(/^sev(\d)$/i, 'Sev $1') : 'Severity unknown');

function noContractLabel(state: OverlayState, m: Extract<MatchResult, { kind: 'none' }>): string | null {
  const s = state.snapshot.value;
  return m.domain ?? s?.organization ?? s?.requesterEmail ?? s?.requesterName ?? null;
}

function Body({ state, actions }: Props) {
  const phase = state.phase.value;
  if (phase === 'error') return <CouldNotRead detail={state.error.value} />;
  const match = state.match.value;
  if (phase === 'loading' || !match)
    return (
      <div class="sla-bar" data-testid="sla-loading" aria-busy="true">
        <span class="sla-brand">SLA Lens</span>
        <span class="sla-muted">reading ticket…</span>
      </div>
    );
  if (!match.ok) return <CouldNotRead detail={`matching failed: ${match.error}`} />;

  const settings = state.settings.value;
  const expanded = !settings.collapsed;
  const now = state.now.value;
  const time: TimeOpts = { hour12: settings.hour12, timeZone: state.agentTimeZone };
  const m = match.value;
  const sla = state.sla.value;
  const escalation = state.escalation.value;
  const term = state.term.value;
  const errors = [
    !state.index.value.ok && `contracts: ${state.index.value.error}`,
    sla && !sla.ok && `sla: ${sla.error}`,
    escalation && !escalation.ok && `escalation: ${escalation.error}`,
    term && !term.ok && `term: ${term.error}`,
  ].filter((e): e is string => !!e);

  const toggle = (
    <button
      type="button"
      class="sla-button sla-toggle"
      aria-expanded={expanded}
      aria-controls="sla-details"
      onClick={actions.toggleCollapsed}
      data-testid="sla-toggle"
    >
      {expanded ? 'Less' : 'More'}
      <span class="sla-sr-only"> SLA details</span>
    </button>
  );
  const diagnostics = (
    <Diagnostics adapter={state.adapter.value} snapshot={state.snapshot.value} match={match} sla={sla} errors={errors} />
  );

  if (m.kind !== 'matched') {
    const snap = state.snapshot.value;
    return (
      <>
        <div class="sla-bar">
          <span class="sla-brand">SLA Lens</span>
          {m.kind === 'none' ? (
            <NoContract
              label={noContractLabel(state, m)}
              onAdd={() => actions.addContract({ domain: m.domain, name: snap?.organization })}
            />
          ) : (
            <Ambiguous candidates={m.candidates} by={m.by} keyText={m.key} />
          )}
          {toggle}
        </div>
        {expanded && (
          <div class="sla-details" id="sla-details">
            {diagnostics}
          </div>
        )}
      </>
    );
  }

  const contract = m.contract;
  const termNow = term?.ok ? (term.value.state === 'expiring' ? 'active' : term.value.state) : m.term;
  const cov = sla?.ok ? sla.value.coverage : null;
  return (
    <>
      <div class="sla-bar">
        <span class="sla-brand">SLA Lens</span>
        <span class="sla-customer" data-testid="sla-customer">
          {contract.customer.name}
        </span>
        <span class="sla-badge sla-tier" data-testid="sla-tier">
          {contract.tier}
        </span>
        {termNow !== 'active' && (
          <span class="sla-badge sla-tone-bad" data-testid="sla-term-alert" data-term={termNow}>
            <span aria-hidden="true">✖ </span>
            {termNow === 'expired' ? 'contract expired' : 'contract not started'}
          </span>
        )}
        {sla?.ok && (
          <span class="sla-sev" data-testid="sla-severity">
            {sevLabel(sla.value.severity)}
          </span>
        )}
        {sla && !sla.ok && (
          <span class="sla-muted" data-testid="sla-clocks-error">
            <span aria-hidden="true">⚠ </span>SLA clocks unavailable
          </span>
        )}
        {sla?.ok && sla.value.clocks.length > 0 && (
          <ul class="sla-clocks" aria-label="SLA clocks">
            {sla.value.clocks.map((c) => (
              <SlaClock key={c.kind} clock={c} now={now} time={time} />
            ))}
          </ul>
        )}
        {sla?.ok && sla.value.clocks.length === 0 && (
          <span class="sla-muted" data-testid="sla-no-clocks">
            {/* The engine says why (no priority, unmapped priority, no targets, no creation time). */}
            {sla.value.notes[0] ?? 'No SLA clocks for this ticket.'}
          </span>
        )}
        {cov && (
          <span class="sla-coverage" data-testid="sla-coverage" data-open={String(cov.open)}>
            <span aria-hidden="true">{cov.open ? '● ' : '○ '}</span>
            Customer {cov.localTime} · {cov.label}
          </span>
        )}
        {toggle}
      </div>
      {expanded && (
        <div class="sla-details" id="sla-details">
          <EntitlementBadges
            contract={contract}
            term={term}
            authorisedRequester={state.authorisedRequester.value}
          />
          {escalation && <EscalationPanel escalation={escalation} now={now} time={time} copy={actions.copy} />}
          {diagnostics}
        </div>
      )}
    </>
  );
}
