/**
 * osTicket staff panel (self-hosted, any host and prefix): `…/scp/tickets.php?id=N` (N = internal id).
 *
 * ✔ from osTicket's own templates (include/staff/ticket-view.inc.php, templates/thread-entry.tmpl.php):
 *   reload link `.flush-left h2 a[href="tickets.php?id=N"]` ("Ticket #NUMBER"), `.tixTitle h3` subject,
 *   `table.ticket_info` th/td rows (Status, Priority, Department, Create Date | User, Email, Organization,
 *   Source | Assigned To, SLA Plan, Due Date | Help Topic, Last Message, Last Response), `#user-<uid>-name`
 *   / `#user-<uid>-email`, the status / priority edit links, `i.icon-building` before the organisation,
 *   thread entries `.thread-entry.message|response|note` with `time[datetime]` (W3C, with offset).
 * ? best effort: the row order used when labels are translated (as in the template), text dates
 *   ("11/12/26 9:14 AM" is read m/d/y, "12.11.26 09:14" d.m.y, in the browser's zone) used only when the
 *   thread has no machine-readable time. No session API: osTicket's API needs an API key.
 */
import type { HelpdeskAdapter, TicketSnapshot } from './types';
import { all, emailIn, first, isoDate, text, textOf, writer, type Put } from './dom';
import { osticket, osticketTicketId as urlId } from './urls';

const SEL = {
  reload: [
    '.flush-left h2 a[href*="tickets.php?id="]', // ✔ "Ticket #NUMBER" reload link in the sticky bar
  ],
  subject: [
    '.tixTitle h3', // ✔ subject under the bar
  ],
  infoTables: [
    'table.ticket_info:not(.custom-data)', // ✔ the two core info tables (custom forms use .custom-data)
  ],
  status: [
    'table.ticket_info a[data-dropdown="#action-dropdown-statuses"]', // ✔ status cell link (agent may close)
  ],
  priority: [
    'table.ticket_info a[href$="/field/priority/edit"]', // ✔ priority cell link (agent may edit)
  ],
  userName: [
    'table.ticket_info span[id^="user-"][id$="-name"]', // ✔ <span id="user-<uid>-name">
  ],
  userEmail: [
    'table.ticket_info span[id^="user-"][id$="-email"]', // ✔ <span id="user-<uid>-email">
  ],
  orgIcon: [
    'table.ticket_info td > i.icon-building', // ✔ organisation cell starts with the building icon
  ],
  entry: [
    '#ticketThread .thread-entry', // ✔ thread rendered with html-id "ticketThread"
    '#ticket_thread .thread-entry', // ✔ same entries inside the thread tab
  ],
  entryTime: [
    '.header time[datetime]', // ✔ W3C time of the entry
  ],
  anchor: [
    '.tixTitle', // ✔ subject row under the sticky bar
    '.sticky.bar .flush-left', // ✔ ticket number
  ],
} as const;

/** English template labels → the field; other languages fall back to ids and row order. */
const LABELS: Record<string, 'status' | 'priority' | 'created' | 'user' | 'email' | 'organization' | 'lastResponse'> = {
  status: 'status',
  priority: 'priority',
  'create date': 'created',
  user: 'user',
  email: 'email',
  organization: 'organization',
  'last response': 'lastResponse',
};

/** [info table, left(0)/right(1) column, row] in ticket-view.inc.php when labels are not English. */
const ROWS = { status: [0, 0, 0], priority: [0, 0, 1], created: [0, 0, 3], lastResponse: [1, 1, 2] } as const;

/** Text of the element itself, without the counters and dropdowns nested in it. */
function ownText(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  let t = '';
  for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) t += n.textContent ?? '';
  return t.replace(/\s+/g, ' ').trim() || undefined;
}

const childrenOf = (el: Element | null | undefined, tag: string) =>
  el ? Array.from(el.children).filter((c) => c.tagName === tag.toUpperCase()) : [];

function rowsOf(el: Element | null | undefined): Element[] {
  const direct = childrenOf(el, 'tr');
  return direct.length ? direct : childrenOf(el, 'tbody').flatMap((b) => childrenOf(b, 'tr'));
}

/** The value cell at [table, column, row] of the core info tables. */
function cellAt(tables: Element[], [t, col, row]: readonly [number, number, number]): Element | undefined {
  const outer = rowsOf(tables[t])[0];
  const inner = childrenOf(childrenOf(outer, 'td')[col], 'table')[0];
  return childrenOf(rowsOf(inner)[row], 'td')[0];
}

function labelled(tables: Element[]): Map<string, Element> {
  const cells = new Map<string, Element>();
  for (const table of tables) {
    for (const th of Array.from(table.querySelectorAll('th'))) {
      const key = LABELS[(textOf(th) ?? '').replace(/:$/, '').trim().toLowerCase()];
      const td = th.nextElementSibling;
      if (key && td?.tagName === 'TD' && !cells.has(key)) cells.set(key, td);
    }
  }
  return cells;
}

/** osTicket's configured date text, read in the browser's zone. */
export function osDate(raw: string | undefined): Date | undefined {
  const s = raw?.replace(/\s+/g, ' ').trim();
  if (!s) return undefined;
  const time = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?/i.exec(s);
  let h = time ? Number(time[1]) : 0;
  const ap = time?.[4]?.toUpperCase();
  if (ap === 'PM' && h < 12) h += 12;
  if (ap === 'AM' && h === 12) h = 0;
  const mi = time ? Number(time[2]) : 0;
  const sec = time ? Number(time[3] ?? 0) : 0;
  let y: number, mo: number, d: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\b/.exec(s))) [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b/.exec(s))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  if (y < 100) y += 2000;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return undefined;
  const date = new Date(y, mo - 1, d, h, mi, sec);
  return date.getDate() === d ? date : undefined;
}

function thread(doc: Document) {
  const any: Date[] = [];
  const replies: Date[] = [];
  for (const e of all(doc, SEL.entry)) {
    try {
      const raw = first(e, SEL.entryTime)?.getAttribute('datetime') ?? '';
      // W3C with offset, e.g. 2026-11-12T09:14:05-05:00; Date.parse alone would take "5" as a year.
      const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw.trim()) ? isoDate(raw) : undefined;
      if (!at) continue;
      any.push(at);
      // "response" = an agent's reply to the user; "note" is internal, "message" is from the user side.
      if (e.classList.contains('response')) replies.push(at);
    } catch {
      /* skip the odd entry */
    }
  }
  const sort = (d: Date[]) => d.sort((a, b) => a.getTime() - b.getTime());
  return { any: sort(any), replies: sort(replies) };
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = urlId(url);
    if (!id) return null;
    const tables = all(doc, SEL.infoTables);
    const reload = first(doc, SEL.reload);
    if (!tables.length || !reload || !first(doc, SEL.subject)) return null;
    // pjax swaps the view in place: a reload link for another ticket means the page is not this one yet.
    const linked = /[?&]id=(\d+)/.exec(reload.getAttribute('href') ?? '')?.[1];
    if (linked !== id) return null;
    const s: TicketSnapshot = { helpdesk: 'osticket', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    const cells = labelled(tables);
    const cell = (k: keyof typeof ROWS) => cells.get(k) ?? cellAt(tables, ROWS[k]);
    put('subject', 'dom', () => text(doc, SEL.subject));
    put('status', 'dom', () => text(doc, SEL.status) ?? textOf(cell('status')));
    put('priority', 'dom', () => text(doc, SEL.priority) ?? textOf(cell('priority')));
    put('requesterName', 'dom', () => text(doc, SEL.userName) ?? textOf(cells.get('user')?.querySelector('span') ?? cells.get('user')));
    put('requesterEmail', 'dom', () => emailIn(text(doc, SEL.userEmail) ?? textOf(cells.get('email'))));
    put('organization', 'dom', () => ownText(first(doc, SEL.orgIcon)?.parentElement) ?? ownText(cells.get('organization')));
    const t = thread(doc);
    // The first thread entry is the ticket's opening message; its time is machine-readable, the
    // "Create Date" cell is formatted text.
    put('createdAt', 'dom', () => t.any[0] ?? osDate(textOf(cell('created'))));
    put('firstAgentReplyAt', 'dom', () => t.replies[0]);
    put('lastAgentReplyAt', 'dom', () => t.replies.at(-1) ?? osDate(textOf(cell('lastResponse'))));
    return s;
  } catch {
    return null;
  }
}

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.infoTables) ? first(doc, SEL.anchor) : null;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'osticket',
  label: 'osTicket',
  matches: osticket,
  readTicket,
  anchor,
};
