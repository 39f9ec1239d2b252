/**
 * Gorgias (`<account>.gorgias.com`): `/app/views/{viewId}/{ticketId}` and `/app/ticket/{ticketId}`.
 *
 * ✔ URL forms from public code ("verified against the live account"); the REST ticket shape
 *   (`/api/tickets/{id}`: status, priority, customer, messages with from_agent / public / channel,
 *   created_datetime / sent_datetime) from Gorgias' public API reference.
 * ? best effort: the whole page (CSS-module class names are assumed, only their readable prefix is
 *   matched), the page title "subject | Gorgias", and whether `/api/tickets/{id}` accepts the agent's
 *   session cookie (public docs only show API-key auth): enrich tries it and reports a failure as a problem.
 */
import type { FieldSource, GetJson, HelpdeskAdapter, SnapshotField, TicketSnapshot } from './types';
import { attr, emailIn, first, get, isoDate, str, text } from './dom';
import { gorgias, gorgiasTicketId as ticketId } from './urls';

const SEL = {
  ticket: [
    '[class*="TicketDetail_"]', // ? ticket pane (CSS module "TicketDetail")
    '[class*="TicketHeader_"]', // ? ticket header (CSS module "TicketHeader")
  ],
  ticketId: [
    '[data-ticket-id]', // ? the pane's ticket id, when rendered
  ],
  subject: [
    '[class*="TicketHeader_subject"]', // ? header subject
  ],
  status: [
    '[class*="TicketHeader_"] [class*="TicketStatus_"]', // ? status badge in the header
  ],
  anchor: [
    '[class*="TicketHeader_"]', // ? header row of the ticket pane
  ],
} as const;

type Put = <K extends SnapshotField>(k: K, src: FieldSource, read: () => TicketSnapshot[K] | undefined) => void;

function writer(s: Partial<TicketSnapshot>): Put {
  return (k, src, read) => {
    try {
      const v = read();
      if (v === undefined || v === '') return;
      (s as Record<string, unknown>)[k] = v;
      (s.sources ??= {})[k] = src;
    } catch {
      /* one odd node must not lose the other fields */
    }
  };
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = ticketId(url);
    if (!id || !first(doc, SEL.ticket)) return null;
    const shown = attr(doc, SEL.ticketId, 'data-ticket-id');
    if (shown && shown !== id) return null; // the SPA has not swapped the pane yet
    const s: TicketSnapshot = { helpdesk: 'gorgias', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(doc, SEL.subject));
    if (!s.subject) put('subject', 'title', () => /^(?:\(\d+\)\s*)?(.+?)\s+[|–-]\s+Gorgias$/.exec(doc.title?.trim() ?? '')?.[1]);
    put('status', 'dom', () => text(doc, SEL.status));
    return s;
  } catch {
    return null;
  }
}

/** Gorgias sends "2026-11-20T08:12:40.114251+00:00"; Date.parse alone would take "5" as a year. */
function iso(v: unknown): Date | undefined {
  const s = typeof v === 'string' ? v.trim() : '';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? isoDate(s) : undefined;
}

async function enrich(s: TicketSnapshot, getJson: GetJson): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = { sources: {} };
  const put = writer(out);
  if (!/^\d+$/.test(s.ticketId)) return { problems: ['api: no numeric ticket id'] };
  let t: unknown;
  try {
    t = await getJson(`/api/tickets/${s.ticketId}`);
  } catch (e) {
    return { problems: [`api: /api/tickets/${s.ticketId} (best effort, may need an API key): ${e instanceof Error ? e.message : String(e)}`] };
  }
  try {
    put('subject', 'api', () => str(get(t, 'subject')));
    put('status', 'api', () => str(get(t, 'status')));
    put('priority', 'api', () => str(get(t, 'priority')));
    put('createdAt', 'api', () => iso(get(t, 'created_datetime')));
    put('requesterEmail', 'api', () => emailIn(str(get(t, 'customer', 'email'))));
    put('requesterName', 'api', () => str(get(t, 'customer', 'name')));
    const messages = get(t, 'messages');
    if (Array.isArray(messages)) {
      // A public agent message; internal notes are from_agent too but not public.
      const replies = messages
        .filter((m) => get(m, 'from_agent') === true && get(m, 'public') === true && get(m, 'channel') !== 'internal-note')
        .map((m) => iso(get(m, 'sent_datetime')) ?? iso(get(m, 'created_datetime')))
        .filter((d): d is Date => !!d)
        .sort((a, b) => a.getTime() - b.getTime());
      put('firstAgentReplyAt', 'api', () => replies[0]);
      put('lastAgentReplyAt', 'api', () => replies.at(-1));
    }
  } catch (e) {
    out.problems = [`api: unexpected response: ${e instanceof Error ? e.message : String(e)}`];
  }
  return out;
}

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'gorgias',
  label: 'Gorgias',
  matches: gorgias,
  readTicket,
  enrich,
  anchor,
};
