// Escalation suggestion (see ../shared/DESIGN.md "Escalation"). Implementation pending.
import type { TicketSnapshot } from './adapters/types';
import type { Contract, EscalationLevel } from './contracts/model';
import type { SlaResult } from './sla/types';

export interface EscalationSuggestion {
  /** Highest level whose trigger is met now (null = none yet). */
  current: { level: EscalationLevel; index: number } | null;
  /** The level after it, and when it fires (null when it cannot be known, e.g. paused or breach-triggered). */
  next: { level: EscalationLevel; index: number; firesAt: Date | null } | null;
  /** Ready-to-copy plain-text note: ticket link, customer, severity, SLA state, level, contacts. */
  note: string;
}

export function suggestEscalation(
  _contract: Contract,
  _ticket: TicketSnapshot,
  _sla: SlaResult,
  _now: Date,
  _ticketUrl: string,
): EscalationSuggestion {
  throw new Error('not implemented yet');
}
