// What the popup shows about the ticket open in the current tab. The overlay (content script) computes
// it; content scripts neither know their tab id nor may write `storage.session` by default, so the
// content script sends the entry to the background, which stores it under the sender's tab id
// (`putActiveTicket(sender.tab.id, entry)`) and drops it when the tab closes. The popup reads it.
// Plain JSON only (session storage): dates are ISO strings.
import { storage } from 'wxt/utils/storage';
import type { ClockBasis, Severity, TargetKind } from './contracts/model';
import type { MatchBy, TermStatus } from './match';
import type { ClockState } from './sla/types';

export interface ActiveTicketClock {
  kind: TargetKind;
  state: ClockState;
  basis: ClockBasis;
  /** ISO instant; null while paused or unknown. */
  dueAt: string | null;
  /** Minutes left at `computedAt` (negative = overdue). */
  minutesLeft: number;
  /** The private, stricter target beside the contractual one. */
  internal?: { state: ClockState; dueAt: string | null; minutesLeft: number };
}

export interface ActiveTicketEntry {
  /** ISO instant the overlay computed this at; the popup ages `minutesLeft` from here. */
  computedAt: string;
  url?: string;
  snapshot: {
    helpdesk: string;
    ticketId: string;
    subject?: string;
    requesterName?: string;
    requesterEmail?: string;
    organization?: string;
    priority?: string;
    status?: string;
  };
  /** The matched contract's id; null when none or ambiguous. */
  contractId: string | null;
  match: { kind: 'matched' | 'ambiguous' | 'none'; by?: MatchBy; term?: TermStatus; candidateIds?: string[] };
  severity: Severity | null;
  clocks: ActiveTicketClock[];
  pausedNow?: boolean;
}

/** Tab id (as a string key) → entry. */
export type ActiveTickets = Record<string, ActiveTicketEntry>;

export const activeTicketsItem = storage.defineItem<ActiveTickets>('session:activeTickets', { fallback: {} });

/** Entries older than this are stale (the tab navigated away without telling us). */
export const ACTIVE_TICKET_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export async function putActiveTicket(tabId: number, entry: ActiveTicketEntry | null): Promise<void> {
  const all = { ...(await activeTicketsItem.getValue()) };
  if (entry) all[String(tabId)] = entry;
  else delete all[String(tabId)];
  await activeTicketsItem.setValue(all);
}

/** The entry for a tab, or null when there is none or it is stale/malformed. */
export function activeTicketFor(all: ActiveTickets | null | undefined, tabId: number | undefined, now: Date): ActiveTicketEntry | null {
  if (!all || tabId === undefined) return null;
  const e = all[String(tabId)];
  if (!e || typeof e !== 'object' || !e.snapshot || !Array.isArray(e.clocks)) return null;
  const at = Date.parse(e.computedAt);
  if (!Number.isFinite(at) || now.getTime() - at > ACTIVE_TICKET_MAX_AGE_MS) return null;
  return e;
}
