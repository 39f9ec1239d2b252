// Per-mount overlay state: input signals written by the controller, computed engine results read by
// the components. Every engine call goes through attempt(), so a throwing engine becomes an error
// value the overlay renders instead of an exception in the page.
import { computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { TicketSnapshot } from '../adapters/types';
import type { Contract } from '../contracts/model';
import type { EscalationSuggestion } from '../escalation';
import type { MatchIndex, MatchResult } from '../match';
import type { TermStatus } from '../contracts/status';
import type { SlaResult, ClockState } from '../sla/types';
import type { StatusEntry } from '../sla/status';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { attempt, type Attempt } from './safely';
import { CLOCK_LABEL, STATE_WORD } from './format';

export type { StatusEntry };

/** The engines, injected so views and the controller can be tested with constructed results. */
export interface Engines {
  buildIndex(contracts: readonly Contract[]): MatchIndex;
  match(index: MatchIndex, snapshot: TicketSnapshot, now: Date): MatchResult;
  sla(
    contract: Contract,
    snapshot: TicketSnapshot,
    now: Date,
    opts: { warnPercent: number; observedHistory: readonly StatusEntry[]; firstSeenAt?: Date },
  ): SlaResult;
  escalate(contract: Contract, snapshot: TicketSnapshot, sla: SlaResult, now: Date, ticketUrl: string): EscalationSuggestion;
  term(contract: Contract, now: Date): TermStatus;
}

export type Phase = 'loading' | 'ready' | 'error';

export interface AdapterInfo {
  id: string;
  label: string;
}

export interface OverlayState {
  // inputs (written by the controller)
  phase: Signal<Phase>;
  error: Signal<string | null>;
  snapshot: Signal<TicketSnapshot | null>;
  adapter: Signal<AdapterInfo | null>;
  ticketUrl: Signal<string>;
  contracts: Signal<readonly Contract[]>;
  settings: Signal<Settings>;
  observedHistory: Signal<readonly StatusEntry[]>;
  /** When this page first saw the ticket (the clocks' start when the creation time is unknown). */
  firstSeenAt: Signal<Date | undefined>;
  now: ReadonlySignal<Date>;
  /** Where the overlay sits: by the ticket header, or the fallback corner panel. */
  placement: Signal<'inline' | 'corner'>;
  /** Zone for absolute times; undefined = the agent's browser zone. */
  agentTimeZone?: string;
  // derived
  index: ReadonlySignal<Attempt<MatchIndex>>;
  match: ReadonlySignal<Attempt<MatchResult> | null>;
  contract: ReadonlySignal<Contract | null>;
  sla: ReadonlySignal<Attempt<SlaResult> | null>;
  escalation: ReadonlySignal<Attempt<EscalationSuggestion> | null>;
  term: ReadonlySignal<Attempt<TermStatus> | null>;
  /** null = unknown (no contact list or no requester email). */
  authorisedRequester: ReadonlySignal<boolean | null>;
  /** Text for the polite live region: state changes only. */
  announcement: ReadonlySignal<string>;
  dispose(): void;
}

export interface OverlayStateInit {
  now: ReadonlySignal<Date>;
  contracts?: readonly Contract[];
  settings?: Settings;
  agentTimeZone?: string;
}

export function createOverlayState(engines: Engines, init: OverlayStateInit): OverlayState {
  const phase = signal<Phase>('loading');
  const error = signal<string | null>(null);
  const snapshot = signal<TicketSnapshot | null>(null);
  const adapter = signal<AdapterInfo | null>(null);
  const ticketUrl = signal('');
  const contracts = signal<readonly Contract[]>(init.contracts ?? []);
  const settings = signal<Settings>(init.settings ?? { ...DEFAULT_SETTINGS });
  const observedHistory = signal<readonly StatusEntry[]>([]);
  const firstSeenAt = signal<Date | undefined>(undefined);
  const placement = signal<'inline' | 'corner'>('inline');
  const now = init.now;

  // Matching and term status only need minute precision; without this they would re-run every tick.
  const minute = computed(() => Math.floor(now.value.getTime() / 60_000));

  const index = computed(() => attempt('match-index', () => engines.buildIndex(contracts.value)));

  const match = computed((): Attempt<MatchResult> | null => {
    const snap = snapshot.value;
    if (!snap) return null;
    const idx = index.value;
    if (!idx.ok) return idx;
    const at = new Date(minute.value * 60_000);
    return attempt('match', () => engines.match(idx.value, snap, at));
  });

  const contract = computed(() => {
    const m = match.value;
    return m?.ok && m.value.kind === 'matched' ? m.value.contract : null;
  });

  const sla = computed((): Attempt<SlaResult> | null => {
    const c = contract.value;
    const snap = snapshot.value;
    if (!c || !snap) return null;
    // The contract's own threshold beats the agent's default.
    const opts = {
      warnPercent: c.warnPercent ?? settings.value.warnPercent,
      observedHistory: observedHistory.value,
      firstSeenAt: firstSeenAt.value,
    };
    const at = now.value;
    return attempt('sla', () => engines.sla(c, snap, at, opts));
  });

  const escalation = computed((): Attempt<EscalationSuggestion> | null => {
    const c = contract.value;
    const snap = snapshot.value;
    const s = sla.value;
    if (!c || !snap || !s?.ok || !c.escalation?.length) return null;
    const at = now.value;
    const url = ticketUrl.value;
    return attempt('escalation', () => engines.escalate(c, snap, s.value, at, url));
  });

  const term = computed((): Attempt<TermStatus> | null => {
    const c = contract.value;
    if (!c) return null;
    const at = new Date(minute.value * 60_000);
    return attempt('term', () => engines.term(c, at));
  });

  const authorisedRequester = computed((): boolean | null => {
    const list = contract.value?.customer.contacts;
    const email = snapshot.value?.requesterEmail?.trim().toLowerCase();
    if (!list?.length || !email) return null;
    return list.some((c) => c.trim().toLowerCase() === email);
  });

  const announcement = signal('');
  let previous = new Map<string, ClockState>();
  let previousTicket: string | null = null;
  const stopAnnouncer = effect(() => {
    const s = sla.value;
    const ticket = snapshot.value ? `${snapshot.value.helpdesk}:${snapshot.value.ticketId}` : null;
    if (ticket !== previousTicket) {
      previous = new Map();
      previousTicket = ticket;
    }
    if (!s?.ok) return;
    const changes: string[] = [];
    const next = new Map<string, ClockState>();
    for (const clock of s.value.clocks) {
      const st = clock.contractual.state;
      next.set(clock.kind, st);
      const before = previous.get(clock.kind);
      if (before !== undefined && before !== st) changes.push(`${CLOCK_LABEL[clock.kind]} now ${STATE_WORD[st]}`);
    }
    previous = next;
    if (changes.length) announcement.value = `${changes.join('. ')}.`;
  });

  return {
    phase,
    error,
    snapshot,
    adapter,
    ticketUrl,
    contracts,
    settings,
    observedHistory,
    firstSeenAt,
    now,
    placement,
    agentTimeZone: init.agentTimeZone,
    index,
    match,
    contract,
    sla,
    escalation,
    term,
    authorisedRequester,
    announcement,
    dispose: stopAnnouncer,
  };
}

/** What the overlay can ask for; the controller implements these (components touch no storage or DOM). */
export interface OverlayActions {
  toggleCollapsed(): void;
  addContract(prefill: { domain?: string; name?: string }): void;
  /** Resolves true when the text reached the clipboard. */
  copy(text: string): Promise<boolean>;
}
