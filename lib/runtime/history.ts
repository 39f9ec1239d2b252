// Status transitions this page has seen, per ticket, in memory only. When the helpdesk exposes no
// status history, these give the SLA engine real pause spans instead of "paused now".
import type { StatusEntry } from '../sla/status';

export interface TicketLog {
  firstSeenAt: Date;
  entries: StatusEntry[];
}

export interface StatusLog {
  /** Record the status seen now; only a change from the last seen status adds an entry. */
  observe(ticketKey: string, status: string | undefined, at: Date): TicketLog;
  get(ticketKey: string): TicketLog | undefined;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function createStatusLog(maxTickets = 200, maxEntries = 100): StatusLog {
  const logs = new Map<string, TicketLog>();
  return {
    observe(key, status, at) {
      let log = logs.get(key);
      if (!log) {
        if (logs.size >= maxTickets) logs.delete(logs.keys().next().value!);
        log = { firstSeenAt: at, entries: [] };
        logs.set(key, log);
      }
      const last = log.entries[log.entries.length - 1];
      if (status?.trim() && (!last || norm(last.status) !== norm(status))) {
        // A fresh array, so signals holding the previous one see a change.
        log.entries = [...log.entries, { status: status.trim(), at }].slice(-maxEntries);
      }
      return log;
    },
    get: (key) => logs.get(key),
  };
}
