/**
 * Request Tracker 5 (self-hosted, any host; any web path prefix such as /rt): `…/Ticket/Display.html?id=N`.
 *
 * ✔ confirmed against pages saved from a real RT 5.0.3 (Debian 12 package) and the templates
 *   (share/html/Ticket/Elements/ShowSummary, ShowBasics, ShowPeople, ShowDates, Elements/ShowCustomFields):
 *   body#comp-Ticket-Display, `#header h1` "#N: subject", the read-only `.inline-edit-display` of each box
 *   (each box repeats its labels in a hidden `form.inline-edit`), id, status, priority label, requestors
 *   ("Name <email>", `.user[data-user-id]`), custom fields `.custom-field-<Name> .current-value`, dates
 *   (viewer's zone, no marker), history `.transaction` rows (loaded by XHR after the page), REST 2
 *   ticket / history / user JSON.
 * ? best effort: which correspondence is an agent's (any creator who is not a requestor, as RT's own "Told"
 *   rule), English transaction texts ("Correspondence added", "Status changed from 'a' to 'b'"),
 *   custom field names Severity / Customer / Organization / Company, the web path read from page links.
 * Dates without a zone are read in the browser's zone (`new Date(y, m, d, h, mi, s)`): RT renders them in
 * the agent's RT zone, which is usually the same; the REST values (UTC) win when enrich runs.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, emailIn, first, get, isoDate, str, text, textOf, writer, type Put } from './dom';
import { requestTracker, requestTrackerTicketId as urlId } from './urls';

const SEL = {
  page: [
    'body#comp-Ticket-Display', // ✔ RT 4.x/5.x ticket display page id
  ],
  basics: [
    '.ticket-info-basics .inline-edit-display', // ✔ RT 5 "The Basics" box, read-only half
    '.ticket-info-basics', // ✔ RT 4.4 (no inline edit)
  ],
  people: [
    '.ticket-info-people .inline-edit-display', // ✔ RT 5 "People" box
    '.ticket-info-people', // ✔ RT 4.4
  ],
  dates: [
    '.ticket-info-dates .inline-edit-display', // ✔ RT 5 "Dates" box
    '.ticket-info-dates', // ✔ RT 4.4
  ],
  id: [
    '.id .value', // ✔ ShowBasics: <div class="id form-row">…<span>N</span>
  ],
  status: [
    '.status .current-value', // ✔ RT 5 ShowBasics
    '.status .value', // ✔ RT 4.4 table form
  ],
  priorityLabel: [
    '.priority .current-value .Priority', // ✔ RT 5.0.3 ShowPriority: <span class="Priority ticket-info-priority-high">High</span>
    '.priority .current-value [class^="ticket-info-priority-"]', // ✔ RT 5 template without the Priority class
  ],
  priorityText: [
    '.priority .current-value', // ✔ "High/Low" (priority/final priority) or "100/0" without PriorityAsString
    '.priority .value', // ✔ RT 4.4
  ],
  /** `{name}` is replaced by a custom field name: RT puts `custom-field-<Name>` on every CF row it shows. */
  customField: [
    '.inline-edit-display .custom-field-{name} .current-value', // ✔ RT 5 ShowCustomFields row (any box / grouping)
    '.custom-field-{name} .value', // ✔ RT 4.4 table row (edit forms use other classes)
  ],
  requestor: [
    '.requestors .user', // ✔ ShowPeople → ShowGroupMembers → ShowUser: "Name <email>", data-user-id
    '.requestors .value a', // ? older markup without the .user wrapper
  ],
  created: [
    '.date.created .current-value', // ✔ RT 5 ShowDates
    '.date.created .value', // ✔ RT 4.4 table form
  ],
  told: [
    '.date.told .current-value', // ✔ "Last Contact": RT sets it on correspondence from anyone who is not a requestor
    '.date.told .value', // ✔ RT 4.4
  ],
  subject: [
    '#header h1', // ✔ "#N: subject"
  ],
  transaction: [
    '#delayed_ticket_history .transaction[data-transaction-id]', // ✔ RT 5 history, loaded by XHR after the page
    '.history-container .transaction[data-transaction-id]', // ✔ same rows when history is shown inline (ShowHistory=always)
  ],
  txnDate: [
    '.metadata .date', // ✔ "Sun Nov 22 00:43:32 2026" (nbsp-separated)
  ],
  txnDescription: [
    '.metadata .description', // ✔ "<creator> - Correspondence added"
  ],
  txnUser: [
    '.metadata .description .user[data-user-id]', // ✔ the transaction's creator
  ],
  webPathLink: [
    'form.inline-edit[action$="/Ticket/Display.html"]', // ✔ action="/rt/Ticket/Display.html"
    'a[href*="/Ticket/Modify.html?id="]', // ✔ box title links
  ],
  anchor: [
    '#header h1', // ✔ page title row above the boxes
    '.ticket-summary', // ✔ the two box columns
  ],
} as const;

const SEVERITY_CF = ['Severity']; // ✔ the seeded SLA field; RT's own Priority is the fallback
const ORG_CF = ['Customer', 'Organization', 'Company']; // ? common names for an organisation CF

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * RT's date text in the browser's zone: DefaultFormat "Sun Nov 22 00:43:32 2026", ISO "2026-11-22 00:43:32",
 * LocalizedDateTime "Sun, Nov 22, 2026 12:43:32 AM"; RFC2822 carries an offset and is parsed as such.
 */
export function rtDate(raw: string | undefined): Date | undefined {
  const s = raw?.replace(/\s+/g, ' ').trim();
  if (!s || /^(not set|never)$/i.test(s)) return undefined;
  if (/[+-]\d{4}$|\bGMT\b|\bUTC\b|Z$/.test(s)) return isoDate(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (iso) return local(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0));
  const month = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.exec(s);
  const year = /\b(\d{4})\b/.exec(s);
  const time = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?\b/i.exec(s);
  if (!month || !year || !time) return undefined;
  const day = /\b(\d{1,2})\b/.exec(s.replace(time[0], ' ').replace(year[0], ' '));
  if (!day) return undefined;
  let h = Number(time[1]);
  const ampm = time[4]?.toUpperCase();
  if (ampm === 'PM' && h < 12) h += 12;
  if (ampm === 'AM' && h === 12) h = 0;
  return local(Number(year[1]), MONTHS.indexOf(month[1]!.toLowerCase()), Number(day[1]), h, Number(time[2]), Number(time[3] ?? 0));
}

function local(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(y, mo, d, h, mi, s);
  return date.getDate() === d ? date : undefined;
}

/** "Jane Doe <jane@x>" → name and email; "<x@y>" has no name. */
function person(raw: string | undefined): { name?: string; email?: string } {
  if (!raw) return {};
  const email = emailIn(raw);
  const name = raw.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  return { email, name: name && name.toLowerCase() !== email ? name : undefined };
}

function customField(root: ParentNode, names: string[]): string | undefined {
  for (const name of names) {
    const v = text(root, SEL.customField.map((s) => s.replace('{name}', name)));
    if (v && !/^\(no value\)$/i.test(v)) return v;
  }
  return undefined;
}

function priorityOf(basics: Element | null): string | undefined {
  const label = text(basics, SEL.priorityLabel);
  if (label) return label;
  // "High/Low" or "100/0": the part before the slash is the current priority.
  return text(basics, SEL.priorityText)?.split('/')[0]?.trim() || undefined;
}

interface History {
  loaded: boolean;
  agentReplies: Date[];
  statusChanges: { from: string; to: string; at: Date }[];
}

function readHistory(doc: Document, requestorIds: Set<string>, requestorNames: Set<string>): History {
  const h: History = { loaded: false, agentReplies: [], statusChanges: [] };
  for (const txn of all(doc, SEL.transaction)) {
    h.loaded = true;
    try {
      const at = rtDate(text(txn, SEL.txnDate));
      const desc = text(txn, SEL.txnDescription) ?? '';
      if (!at) continue;
      if (/ - Correspondence added$/.test(desc)) {
        const uid = attr(txn, SEL.txnUser, 'data-user-id');
        const who = desc.replace(/ - Correspondence added$/, '').trim().toLowerCase();
        const byRequestor = uid ? requestorIds.has(uid) : requestorNames.has(who);
        if (!byRequestor) h.agentReplies.push(at);
        continue;
      }
      const st = /Status changed from '([^']*)' to '([^']*)'$/.exec(desc);
      if (st) h.statusChanges.push({ from: st[1]!, to: st[2]!, at });
    } catch {
      /* skip the odd row */
    }
  }
  h.agentReplies.sort((a, b) => a.getTime() - b.getTime());
  h.statusChanges.sort((a, b) => a.at.getTime() - b.at.getTime());
  return h;
}

function statusHistory(created: Date | undefined, current: string | undefined, changes: { from: string; to: string; at: Date }[]) {
  if (!created) return undefined;
  const initial = changes[0]?.from || current;
  if (!initial) return undefined;
  return [{ status: initial, at: created }, ...changes.map((c) => ({ status: c.to, at: c.at }))];
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const fromUrl = urlId(url);
    if (!fromUrl || !first(doc, SEL.page)) return null;
    const basics = first(doc, SEL.basics);
    if (!basics) return null;
    // A merged ticket's old id shows the surviving ticket: the page's id is the truth.
    const shown = text(basics, SEL.id);
    const id = shown && /^\d+$/.test(shown) ? shown : fromUrl;
    const s: TicketSnapshot = { helpdesk: 'request-tracker', ticketId: id, sources: { ticketId: shown === id ? 'dom' : 'url' } };
    const put = writer(s);
    const header = text(doc, SEL.subject);
    const subjectIsOurs = header?.startsWith(`#${id}:`);
    if (subjectIsOurs) put('subject', 'dom', () => header!.replace(/^#\d+:\s*/, ''));
    else put('subject', 'title', () => doc.title?.match(new RegExp(`^#${id}:\\s*(.+)$`))?.[1]?.trim());
    put('status', 'dom', () => text(basics, SEL.status));
    put('priority', 'dom', () => customField(doc, SEVERITY_CF) ?? priorityOf(basics));
    put('organization', 'dom', () => customField(doc, ORG_CF));
    const people = first(doc, SEL.people);
    const requestors = all(people, SEL.requestor);
    const req = person(textOf(requestors[0]));
    put('requesterName', 'dom', () => req.name);
    put('requesterEmail', 'dom', () => req.email);
    const dates = first(doc, SEL.dates);
    put('createdAt', 'dom', () => rtDate(text(dates, SEL.created)));
    const ids = new Set(requestors.map((r) => r.getAttribute('data-user-id')).filter((v): v is string => !!v));
    const names = new Set(requestors.map((r) => textOf(r)?.toLowerCase()).filter((v): v is string => !!v));
    const hist = readHistory(doc, ids, names);
    if (hist.loaded) {
      put('firstAgentReplyAt', 'dom', () => hist.agentReplies[0]);
      put('lastAgentReplyAt', 'dom', () => hist.agentReplies.at(-1));
      put('statusHistory', 'dom', () => statusHistory(s.createdAt, s.status, hist.statusChanges));
    } else {
      // Before the history XHR lands, "Last Contact" is RT's own last non-requestor correspondence.
      put('lastAgentReplyAt', 'dom', () => rtDate(text(dates, SEL.told)));
    }
    return s;
  } catch {
    return null;
  }
}

/**
 * RT's web path (e.g. "/rt"; "" at the root): the page URL's path before "/Ticket/", else the page's own
 * links (a parsed copy of the page has no URL).
 */
export function webPath(doc: Document | undefined): string {
  const fromUrl = /^https?:\/\/[^/]+((?:\/[A-Za-z0-9._~%-]+)*)\/Ticket\/Display\.html(?:[?#]|$)/.exec(doc?.URL ?? '');
  if (fromUrl) return fromUrl[1] ?? '';
  const el = first(doc, SEL.webPathLink);
  const link = el?.getAttribute('action') ?? el?.getAttribute('href') ?? '';
  const m = /^((?:\/[A-Za-z0-9._~%-]+)*)\/Ticket\//.exec(link);
  return m?.[1] ?? '';
}

async function fetchJson(getJson: GetJson, path: string, problems: string[]): Promise<unknown> {
  try {
    return await getJson(path);
  } catch (e) {
    problems.push(`api: ${path.split('?')[0]}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

const HISTORY_FIELDS = 'fields=Type,Created,Creator,Field,OldValue,NewValue&per_page=100';

function cfValue(ticket: unknown, names: string[]): string | undefined {
  const cfs = get(ticket, 'CustomFields');
  if (!Array.isArray(cfs)) return undefined;
  for (const name of names) {
    const cf = cfs.find((c) => str(get(c, 'name'))?.toLowerCase() === name.toLowerCase());
    const v = str(get(cf, 'values', 0));
    if (v) return v;
  }
  return undefined;
}

const rtApiDate = (v: unknown) => {
  // REST 2 sends "2026-11-21T23:43:32Z"; Date.parse alone would also take "5" as a year.
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? isoDate(v) : undefined;
  return d && d.getTime() > 0 ? d : undefined; // RT's "not set" is 1970-01-01T00:00:00Z
};

async function enrich(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const problems: string[] = [];
  const out: Partial<TicketSnapshot> = { sources: {} };
  const put = writer(out);
  try {
    if (!/^\d+$/.test(s.ticketId)) return { problems: ['api: no numeric ticket id'] };
    const base = `${webPath(doc)}/REST/2.0`;
    const [ticket, page1] = await Promise.all([
      fetchJson(getJson, `${base}/ticket/${s.ticketId}`, problems),
      fetchJson(getJson, `${base}/ticket/${s.ticketId}/history?${HISTORY_FIELDS}`, problems),
    ]);
    const requestorIds = Array.isArray(get(ticket, 'Requestor'))
      ? (get(ticket, 'Requestor') as unknown[]).map((r) => str(get(r, 'id'))).filter((v): v is string => !!v)
      : [];
    let items: unknown[] = Array.isArray(get(page1, 'items')) ? (get(page1, 'items') as unknown[]) : [];
    const pages = Number(get(page1, 'pages'));
    let user: unknown;
    const userId = requestorIds[0];
    const userReq = userId ? fetchJson(getJson, `${base}/user/${encodeURIComponent(userId)}`, problems) : undefined;
    if (Number.isInteger(pages) && pages > 1 && pages < 10_000) {
      // The newest replies are on the last page; the middle pages only matter for old status spans.
      const last = await fetchJson(getJson, `${base}/ticket/${s.ticketId}/history?${HISTORY_FIELDS}&page=${pages}`, problems);
      if (Array.isArray(get(last, 'items'))) items = items.concat(get(last, 'items') as unknown[]);
      if (pages > 2) problems.push(`api: history has ${pages} pages; read the first and the last`);
    }
    user = userReq ? await userReq : undefined;

    if (ticket !== undefined) {
      put('subject', 'api', () => str(get(ticket, 'Subject')));
      put('status', 'api', () => str(get(ticket, 'Status')));
      put('createdAt', 'api', () => rtApiDate(get(ticket, 'Created')));
      // Priority is a number in the API; the page's label stays unless a Severity field says more.
      put('priority', 'api', () => cfValue(ticket, SEVERITY_CF));
      put('organization', 'api', () => cfValue(ticket, ORG_CF) ?? str(get(user, 'Organization')));
    }
    put('requesterEmail', 'api', () => emailIn(str(get(user, 'EmailAddress'))));
    put('requesterName', 'api', () => str(get(user, 'RealName')));

    if (page1 !== undefined && ticket !== undefined) {
      const requestors = new Set(requestorIds.map((r) => r.toLowerCase()));
      const replies: Date[] = [];
      const changes: { from: string; to: string; at: Date }[] = [];
      const seen = new Set<string>();
      for (const t of items) {
        const tid = str(get(t, 'id'));
        if (tid && seen.has(tid)) continue;
        if (tid) seen.add(tid);
        const type = str(get(t, 'Type'));
        const at = rtApiDate(get(t, 'Created'));
        if (!at) continue;
        const creator = str(get(t, 'Creator', 'id'))?.toLowerCase();
        if (type === 'Correspond' && creator && !requestors.has(creator)) replies.push(at);
        if (type === 'Status' || (type === 'Set' && str(get(t, 'Field')) === 'Status')) {
          const to = str(get(t, 'NewValue'));
          if (to) changes.push({ from: str(get(t, 'OldValue')) ?? '', to, at });
        }
      }
      replies.sort((a, b) => a.getTime() - b.getTime());
      changes.sort((a, b) => a.at.getTime() - b.at.getTime());
      put('firstAgentReplyAt', 'api', () => replies[0]);
      put('lastAgentReplyAt', 'api', () => replies.at(-1));
      put('statusHistory', 'api', () => statusHistory(out.createdAt, out.status, changes));
    }
  } catch (e) {
    problems.push(`api: unexpected response: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.length) out.problems = problems;
  return out;
}

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.page) ? first(doc, SEL.anchor) : null;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'request-tracker',
  label: 'Request Tracker',
  matches: requestTracker,
  readTicket,
  enrich,
  anchor,
};
