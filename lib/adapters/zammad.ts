/**
 * Zammad desktop app (self-hosted or *.zammad.com, any host): hash route `#ticket/zoom/{id}[/{article}]`.
 *
 * ✔ from Zammad's code and saved pages: one task per open ticket, `#content_permanent_Ticket-{id}`
 *   (TaskManager key "Ticket-<id>"; the active one has `.active`), `.ticketZoom-header .ticket-number`,
 *   `.ticket-title-update.js-objectTitle`, `.ticket-article-item.{customer|agent|system}[data-id]` with a
 *   `time[datetime]` permalink; REST `/api/v1/tickets/{id}?expand=true` (names for state, priority,
 *   customer login, organization), `/api/v1/ticket_articles/by_ticket/{id}` (sender, type, internal),
 *   `/api/v1/users/{id}`, `/api/v1/ticket_history/{id}` (the zoom's own history dialog: state changes,
 *   fetched because paused spans need the real status history).
 * ? best effort: sidebar form selects (`name="state_id"` / `"priority_id"`), customer / organisation
 *   sidebar headings, the `is-internal` class; in the DOM every non-internal agent article counts as a
 *   reply (public notes included), the API excludes notes as Zammad's own SLA does.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, emailIn, first, get, isoDate, str, text, writer, type Put } from './dom';
import { zammad, ZAMMAD_ROUTE as ROUTE } from './urls';

const SEL = {
  /** `{id}` is replaced by the ticket id. */
  task: [
    '#content_permanent_Ticket-{id}', // ✔ TaskManager content for key "Ticket-<id>"
  ],
  zoom: [
    '.ticketZoom', // ✔ ticket zoom inside the task
  ],
  title: [
    '.ticketZoom-header .ticket-title-update.js-objectTitle', // ✔ title.jst.eco (contenteditable)
    '.ticket-title-update', // ✔ older zoom without the header wrapper
  ],
  created: [
    '.ticketZoom-header .task-subline time[datetime]', // ? meta.jst.eco "created <humanTime>"
  ],
  // The option rendered `selected` is the saved value; the select's live value may be an unsaved edit.
  state: [
    '[data-tab="ticket"] select[name="state_id"] option[selected]', // ? sidebar ticket form
    'select[name="state_id"] option[selected]', // ✔ older bottom form (ticket_zoom.jst.eco)
  ],
  priority: [
    '[data-tab="ticket"] select[name="priority_id"] option[selected]', // ? sidebar ticket form
    'select[name="priority_id"] option[selected]', // ✔ older bottom form
  ],
  customerName: [
    '[data-tab="customer"] [title="Name"]', // ✔ customer sidebar heading (T)
  ],
  customerEmail: [
    '[data-tab="customer"] a[href^="mailto:"]', // ? customer sidebar attribute
  ],
  organization: [
    '[data-tab="organization"] [title="Name"]', // ? organisation sidebar heading, by analogy
  ],
  article: [
    '.ticket-article .ticket-article-item[data-id]', // ✔ one per article
  ],
  articleTime: [
    '.task-subline time[datetime]', // ✔ permalink time (ISO)
  ],
  anchor: [
    '.content.active[id^="content_permanent_Ticket-"] .ticketZoom-header', // ✔ title + number block of the visible task
    '.content.active .ticketZoom-header', // ✔ same, any task container (Zammad browser tests)
  ],
} as const;

const sel = (list: readonly string[], id: string) => list.map((s) => s.replace('{id}', id));

/** An ISO instant (Zammad always sends "2026-11-19T09:15:03.201Z"); Date.parse alone would take "5" as a year. */
function iso(v: unknown): Date | undefined {
  const s = typeof v === 'string' ? v.trim() : '';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? isoDate(s) : undefined;
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = ROUTE.exec(url.hash)?.[1];
    if (!id) return null;
    // Each open ticket keeps its own task container: read only this ticket's.
    const t = first(doc, sel(SEL.task, id));
    const zoom = first(t, SEL.zoom);
    if (!t || !zoom) return null;
    const s: TicketSnapshot = { helpdesk: 'zammad', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(zoom, SEL.title));
    put('status', 'dom', () => text(t, SEL.state));
    put('priority', 'dom', () => text(t, SEL.priority));
    put('requesterName', 'dom', () => text(t, SEL.customerName));
    put('requesterEmail', 'dom', () => emailIn(attr(t, SEL.customerEmail, 'href')));
    put('organization', 'dom', () => text(t, SEL.organization));
    const times: Date[] = [];
    const replies: Date[] = [];
    for (const a of all(zoom, SEL.article)) {
      const at = iso(attr(a, SEL.articleTime, 'datetime'));
      if (!at) continue;
      times.push(at);
      if (a.classList.contains('agent') && !a.classList.contains('is-internal')) replies.push(at);
    }
    const asc = (a: Date, b: Date) => a.getTime() - b.getTime();
    times.sort(asc);
    replies.sort(asc);
    put('createdAt', 'dom', () => iso(attr(zoom, SEL.created, 'datetime')) ?? times[0]);
    put('firstAgentReplyAt', 'dom', () => replies[0]);
    put('lastAgentReplyAt', 'dom', () => replies.at(-1));
    return s;
  } catch {
    return null;
  }
}

async function fetchJson(getJson: GetJson, path: string, problems: string[]): Promise<unknown> {
  try {
    return await getJson(path);
  } catch (e) {
    problems.push(`api: ${path.split('?')[0]}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

// Zammad's default ids, for payloads without the expanded names.
const AGENT_SENDER_ID = 1;
const NOTE_TYPE_ID = 10;

function publicAgentReply(a: unknown): boolean {
  const sender = str(get(a, 'sender'));
  const isAgent = sender ? sender === 'Agent' : get(a, 'sender_id') === AGENT_SENDER_ID;
  const type = str(get(a, 'type'));
  // Notes are not communication in Zammad's SLA terms, even when visible to the customer.
  const isNote = type ? type === 'note' : get(a, 'type_id') === NOTE_TYPE_ID;
  return isAgent && get(a, 'internal') === false && !isNote;
}

async function enrich(s: TicketSnapshot, getJson: GetJson): Promise<Partial<TicketSnapshot>> {
  const problems: string[] = [];
  const out: Partial<TicketSnapshot> = { sources: {} };
  const put = writer(out);
  try {
    const id = s.ticketId;
    if (!/^\d+$/.test(id)) return { problems: ['api: no numeric ticket id'] };
    const [ticket, articles, history] = await Promise.all([
      fetchJson(getJson, `/api/v1/tickets/${id}?expand=true`, problems),
      fetchJson(getJson, `/api/v1/ticket_articles/by_ticket/${id}`, problems),
      fetchJson(getJson, `/api/v1/ticket_history/${id}`, problems),
    ]);
    const customerId = get(ticket, 'customer_id');
    const user = typeof customerId === 'number' && Number.isInteger(customerId) && customerId > 0
      ? await fetchJson(getJson, `/api/v1/users/${customerId}`, problems)
      : undefined;

    put('subject', 'api', () => str(get(ticket, 'title')));
    put('status', 'api', () => str(get(ticket, 'state')));
    put('priority', 'api', () => str(get(ticket, 'priority')));
    put('organization', 'api', () => str(get(ticket, 'organization')));
    put('organizationId', 'api', () => (get(ticket, 'organization_id') == null ? undefined : str(get(ticket, 'organization_id'))));
    put('createdAt', 'api', () => iso(get(ticket, 'created_at')));
    put('requesterEmail', 'api', () => emailIn(str(get(user, 'email'))) ?? emailIn(str(get(ticket, 'customer'))));
    put('requesterName', 'api', () => [str(get(user, 'firstname')), str(get(user, 'lastname'))].filter(Boolean).join(' ') || undefined);

    if (Array.isArray(articles)) {
      const replies = articles
        .filter(publicAgentReply)
        .map((a) => iso(get(a, 'created_at')))
        .filter((d): d is Date => !!d)
        .sort((a, b) => a.getTime() - b.getTime());
      put('firstAgentReplyAt', 'api', () => replies[0]);
      put('lastAgentReplyAt', 'api', () => replies.at(-1));
    } else {
      // Zammad's own bookkeeping, when the articles are not readable.
      put('firstAgentReplyAt', 'api', () => iso(get(ticket, 'first_response_at')));
      put('lastAgentReplyAt', 'api', () => iso(get(ticket, 'last_contact_agent_at')));
    }

    const list = get(history, 'history') ?? get(history, 'list');
    if (Array.isArray(list) && out.createdAt) {
      const changes = list
        .filter((h) => get(h, 'object') === 'Ticket' && get(h, 'attribute') === 'state' && String(get(h, 'o_id')) === id)
        .map((h) => ({ from: str(get(h, 'value_from')), to: str(get(h, 'value_to')), at: iso(get(h, 'created_at')) }))
        .filter((c): c is { from: string | undefined; to: string; at: Date } => !!c.to && !!c.at)
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      const initial = changes[0]?.from ?? out.status;
      if (initial) put('statusHistory', 'api', () => [{ status: initial, at: out.createdAt! }, ...changes.map((c) => ({ status: c.to, at: c.at }))]);
    }
  } catch (e) {
    problems.push(`api: unexpected response: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.length) out.problems = problems;
  return out;
}

function anchor(doc: Document): Element | null {
  try {
    // The visible task is the active one; anchoring in a hidden task would put the bar out of sight.
    return first(doc, SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'zammad',
  label: 'Zammad',
  matches: zammad,
  readTicket,
  enrich,
  anchor,
};
