/**
 * Intercom inbox (`app[.eu|.au].intercom.com/a/inbox/{app}/inbox/…/conversation/{id}`).
 *
 * ✔ confirmed from public extensions (research/helpdesk-pages.md §6, clockify 2026-03): URL shape, conversation
 *   toolbar and header title markers; the internal `GET /ember/inbox/conversations/{id}?app_id=…` used with the
 *   session by several public extensions.
 * ? reverse-engineered, not documented by Intercom (public extension code, "decoded via live inspection"):
 *   `renderable_parts[].renderable_type` 1/12 = customer message, 2/24 = admin reply visible to the customer,
 *   3 = internal note, others = events; `user_summary` (name, email, companies), `state`, boolean `priority`,
 *   timestamps as ISO strings or unix seconds. The DOM gives only the title (Tailwind classes, shadow roots).
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { compact, epochDate, first, get, isoDate, str, text, writer, type Put, guardedEnrich } from './dom';
import { intercom } from './urls';

const SEL = {
  toolbar: [
    '[data-intercom-target="conversation-toolbar"]', // ✔ toolbar of the open conversation (clockify 2026-03)
  ],
  title: [
    '[data-inbox-conversation-header-title]', // ✔ conversation header title (clockify 2026-03)
  ],
  anchor: [
    '[data-intercom-target="conversation-toolbar"]', // ✔
    '[data-inbox-conversation-header-title]', // ✔
  ],
} as const;

const CONVERSATION_PATH = /^\/a\/(?:inbox|apps)\/([^/]+)\/(?:[^/]+\/)*conversations?\/(\d+)(?:\/|$)/;
const CUSTOMER_PARTS = new Set([1, 12]);
const ADMIN_REPLY_PARTS = new Set([2, 24]);
const STATE: Record<string, string> = { open: 'Open', snoozed: 'Snoozed', closed: 'Closed' };

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = CONVERSATION_PATH.exec(url.pathname)?.[2];
    if (!id || !first(doc, [...SEL.toolbar, ...SEL.title])) return null;
    const s: TicketSnapshot = { helpdesk: 'intercom', ticketId: id, sources: { ticketId: 'url' } };
    writer(s)('subject', 'dom', () => text(doc, SEL.title));
    return s;
  } catch {
    return null;
  }
}

/** ISO strings or unix seconds, depending on the endpoint version. */
const icDate = (v: unknown) => (typeof v === 'number' ? epochDate(v) : isoDate(str(v)));

function appOf(doc: Document | undefined): string | undefined {
  try {
    return doc ? CONVERSATION_PATH.exec(new URL(doc.URL).pathname)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const app = appOf(doc);
  if (!app) return { problems: ['api: workspace id not found in the page URL'] };
  const path = `/ember/inbox/conversations/${encodeURIComponent(s.ticketId)}?app_id=${encodeURIComponent(app)}`;
  let c: unknown;
  try {
    c = await getJson(path);
  } catch (e) {
    return { problems: [`api: ${path.split('?')[0]}: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!c || typeof c !== 'object' || get(c, 'id') === undefined) return { problems: ['api: conversation JSON had no id'] };

  const user = get(c, 'user_summary');
  put('subject', 'api', () => str(get(c, 'title')));
  put('status', 'api', () => { const v = str(get(c, 'state')); return v && (STATE[v] ?? v); });
  put('priority', 'api', () => { const p = get(c, 'priority'); return p === true ? 'Priority' : str(p); });
  put('createdAt', 'api', () => icDate(get(c, 'created_at')));
  put('requesterName', 'api', () => str(get(user, 'name')));
  put('requesterEmail', 'api', () => str(get(user, 'email'))?.toLowerCase());
  put('organization', 'api', () => str(get(user, 'first_company', 'name')) ?? str(get(user, 'companies', 0, 'name')));
  put('organizationId', 'api', () => str(get(user, 'first_company', 'id')) ?? str(get(user, 'companies', 0, 'id')));

  const parts = get(c, 'renderable_parts');
  const replies: Date[] = [];
  let unknown = 0;
  if (Array.isArray(parts)) {
    for (const part of parts) {
      const type = get(part, 'renderable_type');
      if (typeof type !== 'number') continue;
      if (ADMIN_REPLY_PARTS.has(type)) {
        const at = icDate(get(part, 'created_at'));
        if (at) replies.push(at);
      } else if (!CUSTOMER_PARTS.has(type) && type !== 3 && get(part, 'renderable_data', 'blocks') !== undefined) {
        unknown++; // a new kind of message: the mapping is reverse-engineered
      }
    }
  } else {
    problems.push('api: conversation JSON had no renderable_parts');
  }
  if (unknown) problems.push(`api: ${unknown} message part(s) of unknown type were not counted`);
  replies.sort((a, b) => a.getTime() - b.getTime());
  put('firstAgentReplyAt', 'api', () => replies[0]);
  put('lastAgentReplyAt', 'api', () => replies.at(-1));
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'intercom',
  label: 'Intercom',
  matches: intercom,
  readTicket,
  enrich,
  anchor,
};
