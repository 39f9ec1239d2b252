// Matching a ticket to a contract (see ../shared/DESIGN.md "Matching"). Implementation pending.
import type { TicketSnapshot } from './adapters/types';
import type { Contract } from './contracts/model';

export type MatchBy = 'externalId' | 'email' | 'domain' | 'name' | 'alias';
/** Contract term status relative to "today" in the contract's zone. */
export type TermStatus = 'active' | 'expired' | 'notStarted';

export type MatchResult =
  | { kind: 'matched'; contract: Contract; by: MatchBy; key: string; term: TermStatus }
  | { kind: 'ambiguous'; candidates: Contract[]; by: MatchBy; key: string }
  /** `domain` = the requester's email domain when known (for "no contract for acme.com"). */
  | { kind: 'none'; domain?: string };

export interface MatchIndex {
  readonly size: number;
}

export function buildMatchIndex(_contracts: readonly Contract[]): MatchIndex {
  throw new Error('not implemented yet');
}

export function matchTicket(_index: MatchIndex, _t: Pick<TicketSnapshot, 'requesterEmail' | 'organization' | 'organizationId' | 'helpdesk' | 'requesterName'>, _now?: Date): MatchResult {
  throw new Error('not implemented yet');
}
