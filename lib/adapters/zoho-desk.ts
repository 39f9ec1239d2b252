/**
 * Zoho Desk agent UI (`desk.zoho.{com,eu,in,com.au,jp,…}/agent/{portal}/{dept}/tickets/details/{id}`).
 *
 * ✔ confirmed from public extensions (research/helpdesk-pages.md §7, clockify 2026-03, a tab-title extension):
 *   URL shape, `.zd_v2-ticketdetailview-container`, `.zd_v2-ticketsubject-ticketIdText` (number),
 *   `h1[data-id="caseSubjectText"]` (`data-title` holds the full subject), `.zd_v2-ticketsubject-rightSideDiv`;
 *   the agent UI's own `/supportapi/zd/{portal}/api/v1/…` proxy answers with the session cookie and an
 *   `orgId` (query or header) — used by public scrapers.
 * ? best effort: the proxy returns the documented public API v1 shapes (ticket with `include=contacts`:
 *   subject, status, priority, createdTime, contact{firstName,lastName,email,account{accountName,id}};
 *   threads: direction, visibility, createdTime). The orgId is a page global: we look for it in URLs and
 *   inline scripts of the page (e.g. avatar `…?orgId=`); without it enrich reports a problem. Status, priority
 *   and the contact are not read from the DOM (no confirmed selectors); no status history.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, compact, first, get, isoDate, str, text, writer, type Put, guardedEnrich } from './dom';
import { zohoDesk } from './urls';

const SEL = {
  detail: [
    '.zd_v2-ticketdetailview-container', // ✔ open ticket view (clockify 2026-03)
    '.ticket-DVPanel', // ✔ older detail panel (tmetric)
  ],
  number: [
    '.zd_v2-ticketsubject-ticketIdText', // ✔ "#1042" (clockify 2026-03)
    '#caseNum', // ✔ older layout (tmetric)
  ],
  subject: [
    '[data-id="caseSubjectText"]', // ✔ data-title has the untruncated subject (clockify, tab-title extension)
    '#caseSubjectText', // ✔ older layout (tmetric)
  ],
  orgIdCarrier: [
    'img[src*="orgId="], a[href*="orgId="], link[href*="orgId="]', // ? agent avatars / downloads carry ?orgId=
    'script:not([src])', // ? inline bootstrap data naming orgId
  ],
  anchor: [
    '.zd_v2-ticketsubject-rightSideDiv', // ✔ subject row actions (clockify 2026-03)
    '[data-id="caseSubjectText"]', // ✔
  ],
} as const;

/** Zoho's data centres. */
const TICKET_PATH = /^\/agent\/([^/]+)\/[^/]+\/tickets\/details\/(\d+)(?:\/|$)/;

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = TICKET_PATH.exec(url.pathname)?.[2];
    if (!id) return null;
    const detail = first(doc, SEL.detail);
    if (!detail || !first(detail, SEL.subject)) return null;
    const s: TicketSnapshot = { helpdesk: 'zoho-desk', ticketId: id, sources: { ticketId: 'url' } };
    writer(s)('subject', 'dom', () => attr(detail, SEL.subject, 'data-title') ?? text(detail, SEL.subject));
    return s;
  } catch {
    return null;
  }
}

function orgIdOf(doc: Document | undefined): string | undefined {
  if (!doc) return undefined;
  try {
    for (const sel of SEL.orgIdCarrier) {
      for (const el of all(doc, [sel])) {
        const s = el.getAttribute('src') ?? el.getAttribute('href') ?? el.textContent ?? '';
        const m = /\borgId["']?\s*(?:=|:)\s*["']?(\d{5,})/i.exec(s);
        if (m) return m[1];
      }
    }
  } catch {
    /* not found */
  }
  return undefined;
}

function portalOf(doc: Document | undefined): string | undefined {
  try {
    return doc ? TICKET_PATH.exec(new URL(doc.URL).pathname)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

async function fetchJson(getJson: GetJson, path: string, headers: Record<string, string>, problems: string[]): Promise<unknown> {
  try {
    return await getJson(path, { headers });
  } catch (e) {
    problems.push(`api: ${path.split('?')[0]}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const portal = portalOf(doc);
  const orgId = orgIdOf(doc);
  if (!portal || !orgId) return { problems: [`api: ${portal ? 'orgId' : 'portal'} not found on the page`] };
  const headers = { orgId };
  const base = `/supportapi/zd/${encodeURIComponent(portal)}/api/v1/tickets/${encodeURIComponent(s.ticketId)}`;

  const t = await fetchJson(getJson, `${base}?include=contacts&orgId=${orgId}`, headers, problems);
  const contact = get(t, 'contact');
  if (t && typeof t === 'object' && get(t, 'id') !== undefined) {
    put('subject', 'api', () => str(get(t, 'subject')));
    put('status', 'api', () => str(get(t, 'status')));
    put('priority', 'api', () => str(get(t, 'priority')));
    put('createdAt', 'api', () => isoDate(str(get(t, 'createdTime'))));
    put('requesterName', 'api', () => [str(get(contact, 'firstName')), str(get(contact, 'lastName'))].filter(Boolean).join(' ') || undefined);
    put('requesterEmail', 'api', () => (str(get(contact, 'email')) ?? str(get(t, 'email')))?.toLowerCase());
    put('organization', 'api', () => str(get(contact, 'account', 'accountName')));
    put('organizationId', 'api', () => str(get(t, 'accountId')) ?? str(get(contact, 'account', 'id')));
  } else if (t !== undefined) {
    problems.push('api: ticket JSON had no id');
  }

  // Threads list newest first and 10 per page by default: ask for 100.
  const threads = get(await fetchJson(getJson, `${base}/threads?limit=100&orgId=${orgId}`, headers, problems), 'data');
  const replies: Date[] = [];
  if (Array.isArray(threads)) {
    for (const th of threads) {
      if (get(th, 'direction') !== 'out' || get(th, 'visibility') !== 'public') continue;
      const type = str(get(th, 'author', 'type'));
      if (type && type !== 'AGENT') continue;
      const at = isoDate(str(get(th, 'createdTime')));
      if (at) replies.push(at);
    }
  }
  replies.sort((a, b) => a.getTime() - b.getTime());
  put('firstAgentReplyAt', 'api', () => replies[0]);
  put('lastAgentReplyAt', 'api', () => replies.at(-1));
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    return first(first(doc, SEL.detail), SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'zoho-desk',
  label: 'Zoho Desk',
  matches: zohoDesk,
  readTicket,
  enrich,
  anchor,
};
