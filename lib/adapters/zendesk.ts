/**
 * Zendesk Support agent workspace (`https://<sub>.zendesk.com/agent/tickets/<id>`).
 *
 * ✔ confirmed from public extensions/test code (research/helpdesk-pages.md §1): ticket id (URL, active
 *   header tab, pane `data-ticket-id`), active pane, subject, requester name, priority, conversation log
 *   (author type, internal-note tag, `time[datetime]`); API ticket + `include=users,organizations`,
 *   audits (status Change/Create events, Comment events with `public` and `author_id`).
 * ? best effort: status and organization in the DOM (test ids seen once or guessed), created / reply times
 *   from the DOM log (the log may be lazily loaded, so the API wins), `include=users` on audits.
 *   Custom ticket statuses are reported by their system category (open, pending, ...).
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, compact, first, get, isoDate, str, text, writer, type Put, guardedEnrich } from './dom';
import { zendesk } from './urls';

const SEL = {
  activePane: [
    '.ticket-panes-grid-layout[data-is-active="true"]', // ✔ agent workspace pane of the selected tab (T, C)
    '[data-test-id="ticket-pane"][data-is-active="true"]', // ? same pane with a test id (older workspace)
  ],
  activeTab: [
    '[role="tab"][data-test-id="header-tab"][aria-selected="true"]', // ✔ header tab, data-entity-id = ticket id (pc)
  ],
  paneTicketId: [
    '.conversation-polaris[data-ticket-id]', // ✔ conversation column of the pane (pc)
    '[data-side-conversations-anchor-id]', // ✔ side-conversations anchor carries the id (T)
  ],
  subject: [
    'input[data-test-id="omni-header-subject"]', // ✔ agent workspace header, read .value (T, M, C)
    '[data-test-id="ticket-pane-subject"]', // ✔ older ticket layout (M)
  ],
  requesterName: [
    '[data-test-id="ticket-system-field-requester-select"] [data-garden-id="dropdowns.combobox.value"]', // ? Garden value node
    '[data-test-id="ticket-system-field-requester-select"]', // ✔ requester field, name only (Selenium/Playwright pc)
  ],
  organization: [
    '[data-test-id="ticket-system-field-organization-select"] [data-garden-id="dropdowns.combobox.value"]', // ? guessed from the requester field
    '[data-test-id="ticket-system-field-organization-value"]', // ? seen in one public script (pc)
  ],
  priority: [
    '[data-test-id="ticket-fields-priority-select"] [data-garden-id="dropdowns.combobox.value"]', // ✔ (pc, pc)
  ],
  status: [
    '[data-test-id="ticket-fields-status-select"] [data-garden-id="dropdowns.combobox.value"]', // ? by analogy with priority
    '[data-test-id="ticket-fields-status-view"]', // ? guessed; the submit button shows "submit as", not the saved status
  ],
  logItem: [
    'article[data-test-id="omni-log-comment-item"]', // ✔ one per comment in the conversation log (pc, pc)
  ],
  logMessage: [
    '[data-test-id="omni-log-item-message"][type]', // ✔ type="end-user" | "agent" (pc)
  ],
  internalNote: [
    '[data-test-id="omni-log-internal-note-tag"]', // ✔ internal-note badge (pc)
  ],
  logTime: [
    'time[data-test-id="timestamp-relative"][datetime]', // ✔ ISO instant in datetime (pc); the "absolute" one can carry a fake Z
    'time[datetime]', // ? any machine-readable time in the item
  ],
  anchor: [
    '[data-test-id="omni-header"]', // ? header row of the pane
    'input[data-test-id="omni-header-subject"]', // ✔ subject input (insert after it)
    '[data-test-id="ticket-pane-subject"]', // ✔ older layout
  ],
} as const;

const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:\/|$)/;

const STATUS: Record<string, string> = {
  new: 'New', open: 'Open', pending: 'Pending', hold: 'On-hold', solved: 'Solved', closed: 'Closed',
};
const PRIORITY: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

function activePane(doc: Document, id: string): Element | null {
  const pane = first(doc, SEL.activePane);
  if (!pane) return null;
  // During a tab switch the URL changes before the pane does: a pane that names another ticket is stale.
  const marker = first(pane, SEL.paneTicketId);
  const paneId = marker?.getAttribute('data-ticket-id') ?? marker?.getAttribute('data-side-conversations-anchor-id');
  if (paneId && paneId !== id) return null;
  const tabId = attr(doc, SEL.activeTab, 'data-entity-id');
  if (!paneId && tabId && tabId !== id) return null;
  return pane;
}

function logTimes(pane: Element) {
  const agent: Date[] = [];
  const any: Date[] = [];
  for (const item of all(pane, SEL.logItem)) {
    try {
      const at = isoDate(attr(item, SEL.logTime, 'datetime'));
      if (!at) continue;
      any.push(at);
      const type = first(item, SEL.logMessage)?.getAttribute('type');
      if (type === 'agent' && !first(item, SEL.internalNote)) agent.push(at);
    } catch {
      /* skip the odd item */
    }
  }
  const sort = (d: Date[]) => d.sort((a, b) => a.getTime() - b.getTime());
  return { agent: sort(agent), any: sort(any) };
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = TICKET_PATH.exec(url.pathname)?.[1];
    if (!id) return null;
    const pane = activePane(doc, id);
    if (!pane) return null;
    const s: TicketSnapshot = { helpdesk: 'zendesk', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(pane, SEL.subject));
    put('requesterName', 'dom', () => text(pane, SEL.requesterName));
    put('organization', 'dom', () => text(pane, SEL.organization));
    put('priority', 'dom', () => text(pane, SEL.priority));
    put('status', 'dom', () => text(pane, SEL.status));
    const times = logTimes(pane);
    // The oldest comment is the ticket description; a lazily loaded log makes this late, so the API wins.
    put('createdAt', 'dom', () => times.any[0]);
    put('firstAgentReplyAt', 'dom', () => times.agent[0]);
    put('lastAgentReplyAt', 'dom', () => times.agent.at(-1));
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

const byId = (list: unknown, id: unknown) =>
  Array.isArray(list) ? list.find((x) => id !== undefined && id !== null && get(x, 'id') === id) : undefined;

/** Same-origin path of a `next_page` URL (audits paginate with absolute URLs). */
function pathOf(next: unknown): string | undefined {
  const u = str(next);
  if (!u) return undefined;
  try {
    const p = new URL(u, 'https://x.invalid');
    return p.pathname + p.search;
  } catch {
    return undefined;
  }
}

const MAX_AUDIT_PAGES = 10;

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const id = encodeURIComponent(s.ticketId);

  const body = await fetchJson(getJson, `/api/v2/tickets/${id}.json?include=users,organizations`, problems);
  const t = get(body, 'ticket');
  const requesterId = get(t, 'requester_id');
  if (t && typeof t === 'object') {
    const requester = byId(get(body, 'users'), requesterId);
    const org = byId(get(body, 'organizations'), get(t, 'organization_id'));
    put('subject', 'api', () => str(get(t, 'subject')));
    put('status', 'api', () => { const v = str(get(t, 'status')); return v && (STATUS[v] ?? v); });
    put('priority', 'api', () => { const v = str(get(t, 'priority')); return v && (PRIORITY[v] ?? v); });
    put('createdAt', 'api', () => isoDate(str(get(t, 'created_at'))));
    put('requesterName', 'api', () => str(get(requester, 'name')));
    put('requesterEmail', 'api', () => str(get(requester, 'email'))?.toLowerCase());
    put('organization', 'api', () => str(get(org, 'name')));
    put('organizationId', 'api', () => str(get(t, 'organization_id')));
  } else if (body !== undefined) {
    problems.push('api: ticket JSON had no "ticket" object');
  }

  // Roles decide who is an agent: the requester (or any end user) commenting publicly is not a reply.
  const roles = new Map<unknown, string>();
  const learnRoles = (users: unknown) => {
    if (Array.isArray(users)) for (const u of users) { const r = str(get(u, 'role')); if (r) roles.set(get(u, 'id'), r); }
  };
  learnRoles(get(body, 'users'));

  const history: { status: string; at: Date }[] = [];
  const replies: Date[] = [];
  let unknownAuthors = 0;
  let path: string | undefined = `/api/v2/tickets/${id}/audits.json?include=users`;
  for (let page = 0; path && page < MAX_AUDIT_PAGES; page++) {
    const res = await fetchJson(getJson, path, problems);
    const audits = get(res, 'audits');
    if (!Array.isArray(audits)) {
      if (res !== undefined) problems.push('api: audits JSON had no "audits" list');
      break;
    }
    learnRoles(get(res, 'users'));
    for (const audit of audits) {
      try {
        const at = isoDate(str(get(audit, 'created_at')));
        const events = get(audit, 'events');
        if (!at || !Array.isArray(events)) continue;
        // The creation audit's comment is the ticket description, even when an agent opened it for the customer.
        const isCreation = events.some((e) => get(e, 'type') === 'Create');
        for (const e of events) {
          const type = get(e, 'type');
          if ((type === 'Create' || type === 'Change') && get(e, 'field_name') === 'status') {
            const v = str(get(e, 'value'));
            if (v) history.push({ status: STATUS[v] ?? v, at });
          } else if (type === 'Comment' && get(e, 'public') === true && !isCreation) {
            const author = get(e, 'author_id') ?? get(audit, 'author_id');
            const role = roles.get(author);
            if (role === 'agent' || role === 'admin') replies.push(at);
            else if (role === undefined && author !== requesterId) unknownAuthors++;
          }
        }
      } catch {
        /* skip the odd audit */
      }
    }
    path = pathOf(get(res, 'next_page'));
  }
  if (unknownAuthors) problems.push(`api: ${unknownAuthors} public comment(s) by authors of unknown role were not counted as replies`);
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  replies.sort((a, b) => a.getTime() - b.getTime());
  put('statusHistory', 'api', () => history);
  put('firstAgentReplyAt', 'api', () => replies[0]);
  put('lastAgentReplyAt', 'api', () => replies.at(-1));
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    const pane = first(doc, SEL.activePane);
    return pane ? first(pane, SEL.anchor) : null;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'zendesk',
  label: 'Zendesk',
  matches: zendesk,
  readTicket,
  enrich,
  anchor,
};
