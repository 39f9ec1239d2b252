/**
 * FreeScout (self-hosted Help Scout clone, any host): `…/conversation/{id}` (internal id; the number is "#412").
 *
 * ✔ from FreeScout's own Blade templates (resources/views/conversations/view.blade.php,
 *   conversations/partials/thread.blade.php, customers/profile_snippet.blade.php):
 *   `body[data-conversation_id]`, title "#number subject - customer", `.conv-subjtext`, `.conv-numnav strong`,
 *   status `.conv-status li.active a[data-status]`, customer `.customer-name` / `.customer-email`,
 *   threads `.thread.thread-type-{customer|message|note|lineitem|draft}` with `a.thread-date[title]`.
 * ? best effort: the organisation is the first line of the customer's details block (company when set);
 *   thread dates are text ("Nov 18, 2026 15:20" in the agent's FreeScout zone, read in the browser's zone).
 *   No session JSON API (FreeScout's API module needs a key), so no enrich.
 */
import type { HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, emailIn, first, text, writer, type Put } from './dom';
import { freescout, FREESCOUT_PATH as PATH } from './urls';

const SEL = {
  body: [
    'body[data-conversation_id]', // ✔ view.blade.php body_attrs
  ],
  subject: [
    '#conv-subject .conv-subjtext', // ✔ subject block
  ],
  number: [
    '.conv-numnav strong', // ✔ "# <strong>412</strong>"
  ],
  status: [
    '.conv-status li.active a[data-status]', // ✔ status dropdown, current one marked active
    '.conv-info .btn-group[title^="Status"] .conv-info-val span', // ✔ button label (English tooltip)
  ],
  customerName: [
    '.conv-customer-block .customer-name', // ✔ profile_snippet
  ],
  customerEmail: [
    '.conv-customer-block .customer-email a', // ✔ main email listed first (profile_snippet)
    '.conv-customer-block a[href^="mailto:"]', // ? older snippets linked mailto:
  ],
  organization: [
    '.conv-customer-block .customer-extra .customer-section:not(.customer-social-profiles) > div:first-child', // ? company line
  ],
  threads: [
    '#conv-layout-main .thread.thread-type-customer, #conv-layout-main .thread.thread-type-message, #conv-layout-main .thread.thread-type-note, #conv-layout-main .thread.thread-type-phone', // ✔ conversation items (no drafts, no line items)
  ],
  threadDate: [
    '.thread-info a.thread-date[title]', // ✔ title = User::dateFormat(created_at)
  ],
  anchor: [
    '#conv-subject .conv-subj-block', // ✔ subject row
    '#conv-toolbar', // ✔ toolbar above it
  ],
} as const;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Nov 18, 2026 15:20" / "Nov 18, 2026 03:20 PM" (FreeScout's 'M j, Y H:i'), in the browser's zone. */
export function fsDate(raw: string | undefined): Date | undefined {
  const m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(raw?.replace(/\s+/g, ' ').trim() ?? '');
  if (!m) return undefined;
  const mo = MONTHS.indexOf(m[1]!.toLowerCase());
  const d = Number(m[2]);
  let h = Number(m[4]);
  const ap = m[7]?.toLowerCase();
  if (ap === 'pm' && h < 12) h += 12;
  if (ap === 'am' && h === 12) h = 0;
  const mi = Number(m[5]);
  const s = Number(m[6] ?? 0);
  if (mo < 0 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Number(m[3]), mo, d, h, mi, s);
  return date.getDate() === d ? date : undefined;
}

/** "#412 Subject - Customer" → parts, when the number matches. */
function fromTitle(title: string, number: string | undefined) {
  const m = /^#(\d+) (.*)$/.exec(title.trim());
  if (!m || (number && m[1] !== number)) return {};
  const cut = m[2]!.lastIndexOf(' - ');
  return cut > 0 ? { subject: m[2]!.slice(0, cut).trim(), customer: m[2]!.slice(cut + 3).trim() } : { subject: m[2]!.trim() };
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = PATH.exec(url.pathname)?.[1];
    if (!id) return null;
    // The body names the conversation the server rendered; FreeScout reloads whole pages between them.
    if (attr(doc, SEL.body, 'data-conversation_id') !== id) return null;
    const s: TicketSnapshot = { helpdesk: 'freescout', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    const title = fromTitle(doc.title ?? '', text(doc, SEL.number));
    put('subject', 'dom', () => text(doc, SEL.subject));
    if (!s.subject) put('subject', 'title', () => title.subject);
    put('status', 'dom', () => text(doc, SEL.status));
    put('requesterName', 'dom', () => text(doc, SEL.customerName));
    if (!s.requesterName) put('requesterName', 'title', () => title.customer);
    put('requesterEmail', 'dom', () => emailIn(text(doc, SEL.customerEmail)));
    put('organization', 'dom', () => text(doc, SEL.organization));
    const any: Date[] = [];
    const replies: Date[] = [];
    for (const t of all(doc, SEL.threads)) {
      const at = fsDate(attr(t, SEL.threadDate, 'title'));
      if (!at) continue;
      any.push(at);
      if (t.classList.contains('thread-type-message')) replies.push(at); // "message" = agent reply; notes are internal
    }
    const asc = (a: Date, b: Date) => a.getTime() - b.getTime();
    any.sort(asc);
    replies.sort(asc);
    put('createdAt', 'dom', () => any[0]);
    put('firstAgentReplyAt', 'dom', () => replies[0]);
    put('lastAgentReplyAt', 'dom', () => replies.at(-1));
    return s;
  } catch {
    return null;
  }
}

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.body) ? first(doc, SEL.anchor) : null;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'freescout',
  label: 'FreeScout',
  matches: freescout,
  readTicket,
  anchor,
};
