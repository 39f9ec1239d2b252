/**
 * Freshdesk agent UI (`https://<acct>.freshdesk.com/a/tickets/<id>`, Ember SPA).
 *
 * ✔ confirmed from public extensions/userscripts (research/helpdesk-pages.md §2): URL id, details page
 *   wrapper (`#ticket-details`), breadcrumb id, subject heading, `[#id] subject` title, requester email
 *   (`requester-info-contact-email`), company link with id; internal API `/api/_/tickets/{id}` (`{ticket}`)
 *   and `/conversations` (`incoming`, `private`, `user_id`); numeric status/priority codes.
 * ? best effort: status/priority widgets (test ids seen in one script), requester name test id,
 *   `include=requester,company,stats` on the internal API (documented for /api/v2). Status history is
 *   not read (the activities payload shape is not public); custom statuses (codes > 5) keep the page's label.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { attr, compact, emailIn, first, get, isoDate, str, text, writer, type Put, guardedEnrich } from './dom';
import { freshdesk } from './urls';

const SEL = {
  details: [
    '#ticket-details', // ✔ ticket details column (clockify 2026-03)
  ],
  page: [
    '.app-main-wrapper', // ✔ wrapper holding #mainactionbar and #ticket-details (clockify 2026-03)
  ],
  breadcrumbId: [
    '.breadcrumb__item.active', // ✔ "#4711" in the header breadcrumb (toggl, clockify)
  ],
  subject: [
    '.ticket-subject-heading', // ✔ own text only, badges are child elements (toggl)
    '.sentiment-ticket-heading', // ✔ 2026 layout with sentiment icon (clockify)
  ],
  status: [
    '[data-test-id="tkt-properties-status"] .ember-power-select-selected-item', // ? properties form (one public script)
  ],
  priority: [
    '[data-test-id="priority"] .ember-power-select-selected-item', // ? properties form (one public script)
  ],
  requesterName: [
    '[data-test-id="requester-info-contact-name"] .info-details-content', // ? by analogy with the email row
    '.requester-info .contact-name', // ? contact card heading
  ],
  requesterEmail: [
    '[data-test-id="requester-info-contact-email"] .info-details-content', // ✔ contact card (LauraSWP 2025-07, pc)
  ],
  company: [
    '.company-info a[href*="/companies/"]', // ✔ company link, href ends in the id (pc)
  ],
  anchor: [
    '.ticket-subject-heading', // ✔ subject heading (toggl)
    '.sentiment-ticket-heading', // ✔ 2026 layout (clockify)
    '#mainactionbar .page-actions__left', // ✔ action bar (clockify)
  ],
} as const;

const TICKET_PATH = /^\/(?:a|helpdesk)\/tickets\/(\d+)(?:\/|$)/;
const TITLE = /^\s*\[#(\d+)\]\s*(.+?)(?:\s+:\s+[^:]*)?\s*$/;

/** Freshdesk's fixed codes; 6+ are account-defined custom statuses. */
const STATUS: Record<number, string> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
const PRIORITY: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };
/** Conversation `source` code of a forwarded email. */
const FORWARD = 8;

/** Text of the element itself without its child elements (badges, icons). */
function ownText(el: Element | null): string | undefined {
  if (!el) return undefined;
  let t = '';
  for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) t += n.textContent ?? '';
  return t.replace(/\s+/g, ' ').trim() || undefined;
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = TICKET_PATH.exec(url.pathname)?.[1];
    if (!id) return null;
    const details = first(doc, SEL.details);
    if (!details) return null;
    const root = details.closest(SEL.page[0]) ?? details;
    // The Ember app swaps the route before the details re-render: a breadcrumb naming another id is stale.
    const crumb = text(root, SEL.breadcrumbId)?.match(/\d+/)?.[0];
    if (crumb && crumb !== id) return null;

    const s: TicketSnapshot = { helpdesk: 'freshdesk', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    const title = TITLE.exec(doc.title ?? '');
    put('subject', 'dom', () => ownText(first(root, SEL.subject)));
    if (!s.subject && title?.[1] === id) put('subject', 'title', () => title[2]);
    put('status', 'dom', () => text(root, SEL.status));
    put('priority', 'dom', () => text(root, SEL.priority));
    put('requesterName', 'dom', () => text(root, SEL.requesterName));
    put('requesterEmail', 'dom', () => emailIn(text(root, SEL.requesterEmail)));
    put('organization', 'dom', () => text(root, SEL.company));
    put('organizationId', 'dom', () => /\/companies\/(\d+)/.exec(attr(root, SEL.company, 'href') ?? '')?.[1]);
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

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const id = encodeURIComponent(s.ticketId);

  const body = await fetchJson(getJson, `/api/_/tickets/${id}?include=requester,company,stats`, problems);
  // The internal API wraps the ticket in {ticket}; /api/v2 returns it bare.
  const t = get(body, 'ticket') ?? body;
  const stats = get(t, 'stats');
  if (t && typeof t === 'object' && get(t, 'id') !== undefined) {
    const status = num(get(t, 'status'));
    put('subject', 'api', () => str(get(t, 'subject')));
    put('status', 'api', () => (status === undefined ? undefined : STATUS[status]));
    if (status !== undefined && !STATUS[status]) problems.push(`api: custom status ${status}, kept the page's label`);
    put('priority', 'api', () => { const p = num(get(t, 'priority')); return p === undefined ? undefined : PRIORITY[p]; });
    put('createdAt', 'api', () => isoDate(str(get(t, 'created_at'))));
    put('requesterName', 'api', () => str(get(t, 'requester', 'name')));
    put('requesterEmail', 'api', () => str(get(t, 'requester', 'email'))?.toLowerCase());
    put('organization', 'api', () => str(get(t, 'company', 'name')));
    put('organizationId', 'api', () => str(get(t, 'company_id')) ?? str(get(t, 'company', 'id')));
  } else if (body !== undefined) {
    problems.push('api: ticket JSON had no ticket');
  }

  const conv = await fetchJson(getJson, `/api/_/tickets/${id}/conversations`, problems);
  const list = Array.isArray(conv) ? conv : get(conv, 'conversations');
  const replies: Date[] = [];
  if (Array.isArray(list)) {
    const requesterId = get(t, 'requester_id');
    for (const c of list) {
      // Public agent reply: outgoing and not a private note; the requester's own portal replies are incoming.
      if (get(c, 'incoming') !== false || get(c, 'private') !== false) continue;
      if (requesterId !== undefined && get(c, 'user_id') === requesterId) continue;
      if (get(c, 'source') === FORWARD) continue; // forwarded to a third party, not an answer to the customer
      const at = isoDate(str(get(c, 'created_at')));
      if (at) replies.push(at);
    }
    replies.sort((a, b) => a.getTime() - b.getTime());
  } else if (conv !== undefined) {
    problems.push('api: conversations JSON had no list');
  }
  // The conversations list is paged (oldest first); stats keep the first and latest response times.
  put('firstAgentReplyAt', 'api', () => replies[0] ?? isoDate(str(get(stats, 'first_responded_at'))));
  put('lastAgentReplyAt', 'api', () => {
    const fromStats = isoDate(str(get(stats, 'agent_responded_at')));
    const last = replies.at(-1);
    return last && fromStats ? (last > fromStats ? last : fromStats) : (last ?? fromStats);
  });
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    const details = first(doc, SEL.details);
    return details ? first(details.closest(SEL.page[0]) ?? details, SEL.anchor) : null;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'freshdesk',
  label: 'Freshdesk',
  matches: freshdesk,
  readTicket,
  enrich,
  anchor,
};
