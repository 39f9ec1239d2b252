/**
 * HubSpot Service Hub help desk (`app[-eu1].hubspot.com/help-desk/{portal}/view/{view}/ticket/{id}`).
 *
 * ✔ confirmed from public extensions (research/helpdesk-pages.md §5, clockify 2026-03 and others): URL shape,
 *   `[data-application-name="svh-help-desk"]`, ticket name link, contact and company chicklets; CRM v3 ticket
 *   endpoint with `portalId`, `associations` and the `X-HubSpot-CSRF-hubspotapi` header from the
 *   `hubspotapi-csrf` cookie; properties subject, hs_pipeline_stage, hs_ticket_priority, createdate,
 *   first_agent_reply_date, last_reply_date, hs_last_message_sent_at.
 * ? best effort: requester email from the contact card text, `propertiesWithHistory` for stage history,
 *   contact/company/pipeline follow-up reads (public CRM v3 shapes), which of the "last reply" properties
 *   is agent-only (we prefer hs_last_message_sent_at). Status/priority are not read from the page.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { compact, emailIn, epochDate, first, get, isoDate, str, text, textOf, writer, type Put, guardedEnrich } from './dom';
import { hubspot } from './urls';

const SEL = {
  app: [
    '[data-application-name="svh-help-desk"]', // ✔ help desk app root (clockify 2026-03)
  ],
  ticketView: [
    '[data-test-id="ticket-header-name-link"]', // ✔ ticket header of the open ticket (clockify 2026-03)
  ],
  subject: [
    '[data-test-id="ticket-header-name-link"] span', // ✔ ticket name (clockify 2026-03)
    '[data-test-id="ticket-header-name-link"]', // ✔ same link without the inner span
  ],
  contact: [
    '[data-selenium-test="contact-chicklet-title-link"]', // ✔ associated contact name (clockify 2026-03)
  ],
  contactCard: [
    '[data-selenium-test="contact-chicklet"]', // ? contact card around the title link; its text shows the email
  ],
  company: [
    '[data-selenium-test="company-chicklet-title-link"]', // ✔ associated company name (clockify 2026-03)
  ],
  anchor: [
    '[data-test-id="ticket-header"]', // ? header row of the ticket view
    '[data-test-id="ticket-header-name-link"]', // ✔ ticket name link
  ],
} as const;

const TICKET_PATH = /^\/help-desk\/(\d+)\/(?:[^/]+\/)*ticket\/(\d+)(?:\/|$)/;
const PRIORITY: Record<string, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', URGENT: 'Urgent' };
const PROPS = [
  'subject', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority', 'createdate',
  'first_agent_reply_date', 'last_reply_date', 'hs_last_message_sent_at',
].join(',');

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = TICKET_PATH.exec(url.pathname)?.[2];
    if (!id) return null;
    const app = first(doc, SEL.app);
    if (!app || !first(app, SEL.ticketView)) return null;
    const s: TicketSnapshot = { helpdesk: 'hubspot', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(app, SEL.subject));
    put('requesterName', 'dom', () => text(app, SEL.contact));
    put('requesterEmail', 'dom', () => emailIn(textOf(first(app, SEL.contact)?.closest(SEL.contactCard[0]))));
    put('organization', 'dom', () => text(app, SEL.company));
    return s;
  } catch {
    return null;
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

/** HubSpot date properties come as ISO strings or epoch-millisecond strings. */
const hsDate = (v: unknown) => { const s = str(v); return s && /^\d+$/.test(s) ? epochDate(s) : isoDate(s); };

function cookie(doc: Document | undefined, name: string): string | undefined {
  try {
    for (const part of (doc?.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === name) return decodeURIComponent(v.join('='));
    }
  } catch {
    /* cookies unavailable */
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

const firstAssoc = (t: unknown, kind: string) => str(get(t, 'associations', kind, 'results', 0, 'id'));

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const portal = portalOf(doc);
  if (!portal) return { problems: ['api: portal id not found in the page URL'] };
  const csrf = cookie(doc, 'hubspotapi-csrf');
  const headers: Record<string, string> = csrf ? { 'X-HubSpot-CSRF-hubspotapi': csrf } : {};
  if (!csrf) problems.push('api: no hubspotapi-csrf cookie');
  const call = (path: string) => fetchJson(getJson, path, headers, problems);
  const crm = '/api/crm/v3';

  const t = await call(`${crm}/objects/tickets/${encodeURIComponent(s.ticketId)}?portalId=${portal}&properties=${PROPS}&propertiesWithHistory=hs_pipeline_stage&associations=contacts,companies`);
  const p = get(t, 'properties');
  if (!p || typeof p !== 'object') {
    if (t !== undefined) problems.push('api: ticket JSON had no properties');
    return compact({ ...out, problems: problems.length ? problems : undefined });
  }
  put('subject', 'api', () => str(get(p, 'subject')));
  put('priority', 'api', () => { const v = str(get(p, 'hs_ticket_priority')); return v && (PRIORITY[v] ?? v); });
  put('createdAt', 'api', () => hsDate(get(p, 'createdate')) ?? isoDate(str(get(t, 'createdAt'))));
  put('firstAgentReplyAt', 'api', () => hsDate(get(p, 'first_agent_reply_date')));
  put('lastAgentReplyAt', 'api', () => hsDate(get(p, 'hs_last_message_sent_at')) ?? hsDate(get(p, 'last_reply_date')));

  // Stages are ids ("1", "4", or numbers for custom pipelines); their labels live on the pipeline.
  const pipeline = str(get(p, 'hs_pipeline'));
  const stages = new Map<string, string>();
  if (pipeline) {
    const pl = await call(`${crm}/pipelines/tickets/${encodeURIComponent(pipeline)}?portalId=${portal}`);
    const list = get(pl, 'stages');
    if (Array.isArray(list)) for (const st of list) { const id = str(get(st, 'id')); const l = str(get(st, 'label')); if (id && l) stages.set(id, l); }
  }
  const stage = (v: unknown) => { const id = str(v); return id ? (stages.get(id) ?? id) : undefined; };
  put('status', 'api', () => stage(get(p, 'hs_pipeline_stage')));
  const hist = get(t, 'propertiesWithHistory', 'hs_pipeline_stage');
  if (Array.isArray(hist)) {
    const history: { status: string; at: Date }[] = [];
    for (const h of hist) {
      const status = stage(get(h, 'value'));
      const at = hsDate(get(h, 'timestamp'));
      if (status && at) history.push({ status, at });
    }
    history.sort((a, b) => a.at.getTime() - b.at.getTime());
    put('statusHistory', 'api', () => history);
  }

  const contactId = firstAssoc(t, 'contacts');
  if (contactId) {
    const c = get(await call(`${crm}/objects/contacts/${contactId}?portalId=${portal}&properties=email,firstname,lastname`), 'properties');
    put('requesterEmail', 'api', () => str(get(c, 'email'))?.toLowerCase());
    put('requesterName', 'api', () => [str(get(c, 'firstname')), str(get(c, 'lastname'))].filter(Boolean).join(' ') || undefined);
  }
  const companyId = firstAssoc(t, 'companies');
  if (companyId) {
    const co = get(await call(`${crm}/objects/companies/${companyId}?portalId=${portal}&properties=name,domain`), 'properties');
    put('organization', 'api', () => str(get(co, 'name')));
    put('organizationId', 'api', () => companyId);
  }
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    return first(first(doc, SEL.app), SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'hubspot',
  label: 'HubSpot',
  matches: hubspot,
  readTicket,
  enrich,
  anchor,
};
