/**
 * Jira Service Management: Cloud (`<site>.atlassian.net`, React issue view, full page or queue side panel)
 * and Data Center (any host, server-rendered issue view, detected by `meta[name=application-name]` = JIRA).
 *
 * ✔ confirmed from public extensions/scripts (research/helpdesk-pages.md §3 and Jira Server scrapers):
 *   issue key from the URL (last `KEY-n`), Cloud `data-testid`s for summary, breadcrumb key, status,
 *   priority, reporter; side panel `issue-layout.compact-layout`; DC ids `#key-val`, `#summary-val`,
 *   `#status-val`, `#priority-val`, `#reporter-val`, `#created-val time[datetime]`.
 * ? best effort (documented REST shapes, not seen from a browser here): `/rest/servicedeskapi/request/{key}`
 *   (reporter email, createdDate, currentStatus, summary, Organizations field found by label),
 *   `/status` (history), `/comment` (`public` + author; agent = anyone but the reporter),
 *   `/rest/api/2/issue/{key}?fields=priority`. Cloud shows created time only as relative text: not read.
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, compact, epochDate, first, get, isoDate, str, text, textOf, writer, type Put, guardedEnrich } from './dom';
import { jira, jiraIsCloud as isCloud } from './urls';

const SEL = {
  dcMarker: [
    'meta[name="application-name"][content="JIRA" i]', // ✔ Jira server pages (tmetric)
  ],
  contextPath: [
    'meta[name="ajs-context-path"]', // ✔ DC context path, e.g. "/jira" (tmetric)
  ],
  currentKey: [
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container"] a', // ✔ Cloud (toggl 2026-02)
    '#key-val', // ✔ DC issue view (Jira Server scrapers)
  ],
  issueRoot: [
    '[data-testid*="issue-layout.compact-layout"]', // ✔ Cloud queue side panel (tmetric)
    '#issue-content', // ? DC issue view body
  ],
  subject: [
    'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]', // ✔ Cloud (toggl 2026-02)
    '#summary-val', // ✔ DC
  ],
  status: [
    '[data-testid="issue-field-status.ui.status-view.status-button.status-button"]', // ✔ Cloud (LauraSWP 2025-07)
    '#status-val', // ✔ DC
  ],
  priority: [
    '[data-testid="issue-field-priority-readview-full.ui.priority.wrapper"]', // ✔ Cloud (LauraSWP 2025-07)
    '#priority-val', // ✔ DC
  ],
  priorityIcon: [
    'img[alt]', // ✔ priority icon alt = name, used when the wrapper has no text
  ],
  reporter: [
    '[data-testid="issue.views.field.user.reporter"]', // ✔ Cloud (several scripts)
    '#reporter-val', // ✔ DC
  ],
  created: [
    '#created-val time[datetime]', // ✔ DC "2026-11-20T09:00:00+0100" (Jira Server scrapers)
  ],
  anchor: [
    'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]', // ✔ Cloud summary heading
    '#summary-val', // ✔ DC summary heading
  ],
} as const;

const KEY = /[A-Z][A-Z0-9_]+-\d+/g;

function keyFromUrl(url: URL): string | undefined {
  let path = url.pathname + url.search;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep it encoded */
  }
  return path.match(KEY)?.at(-1);
}

/** The issue container showing `key` (side panel or whole page), or null when another issue is shown. */
function issueRoot(doc: Document, key: string): ParentNode | null {
  const shown = all(doc, SEL.currentKey);
  const own = shown.find((el) => {
    const k = el.getAttribute('data-issue-key') ?? el.textContent?.trim() ?? '';
    return k === key || (el.getAttribute('href') ?? '').endsWith(`/${key}`);
  });
  if (!own) return null;
  for (const s of SEL.issueRoot) {
    try {
      const r = own.closest(s);
      if (r) return r;
    } catch {
      /* skip invalid selector */
    }
  }
  return doc;
}

/** "+0100" offsets (Jira's own format) are not ISO for every engine: add the colon. */
const jiraDate = (s: string | undefined) => isoDate(s?.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const key = keyFromUrl(url);
    if (!key) return null;
    if (!isCloud(url) && !first(doc, SEL.dcMarker)) return null;
    const root = issueRoot(doc, key);
    if (!root) return null;
    const s: TicketSnapshot = { helpdesk: 'jira', ticketId: key, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(root, SEL.subject));
    put('status', 'dom', () => text(root, SEL.status));
    put('priority', 'dom', () => {
      const wrap = first(root, SEL.priority);
      return textOf(wrap) ?? attr(wrap, SEL.priorityIcon, 'alt');
    });
    put('requesterName', 'dom', () => text(root, SEL.reporter));
    put('createdAt', 'dom', () => jiraDate(attr(root, SEL.created, 'datetime')));
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

/** JSM DateDTO: {iso8601, jira, friendly, epochMillis}. */
const dto = (v: unknown) => epochDate(get(v, 'epochMillis')) ?? jiraDate(str(get(v, 'iso8601')));

/** Identity keys of a JSM user (Cloud accountId, DC key/name, email). */
const ids = (u: unknown) =>
  ['accountId', 'key', 'name', 'emailAddress'].map((k) => str(get(u, k))).filter((v): v is string => !!v);

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  let ctx = '';
  try {
    ctx = (doc ? attr(doc, SEL.contextPath, 'content') : undefined)?.replace(/\/+$/, '') ?? '';
  } catch {
    /* no context path */
  }
  const base = `${ctx}/rest/servicedeskapi/request/${encodeURIComponent(s.ticketId)}`;

  const req = await fetchJson(getJson, base, problems);
  const reporter = get(req, 'reporter');
  if (req && typeof req === 'object' && get(req, 'issueKey') !== undefined) {
    const fields = get(req, 'requestFieldValues');
    const list = Array.isArray(fields) ? fields : [];
    const field = (pred: (f: unknown) => boolean) => list.find((f) => { try { return pred(f); } catch { return false; } });
    const org = get(field((f) => /organi[sz]ation/i.test(`${str(get(f, 'label')) ?? ''} ${str(get(f, 'fieldId')) ?? ''}`) && Array.isArray(get(f, 'value'))), 'value', 0);
    put('subject', 'api', () => str(get(field((f) => get(f, 'fieldId') === 'summary'), 'value')));
    put('status', 'api', () => str(get(req, 'currentStatus', 'status')));
    put('createdAt', 'api', () => dto(get(req, 'createdDate')));
    put('requesterName', 'api', () => str(get(reporter, 'displayName')));
    put('requesterEmail', 'api', () => str(get(reporter, 'emailAddress'))?.toLowerCase());
    put('organization', 'api', () => str(get(org, 'name')));
    put('organizationId', 'api', () => str(get(org, 'id')));
  } else if (req !== undefined) {
    problems.push('api: request JSON had no issueKey');
  }

  const history: { status: string; at: Date }[] = [];
  const statuses = get(await fetchJson(getJson, `${base}/status`, problems), 'values');
  if (Array.isArray(statuses)) {
    for (const v of statuses) {
      const status = str(get(v, 'status'));
      const at = dto(get(v, 'statusDate'));
      if (status && at) history.push({ status, at });
    }
  }
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  put('statusHistory', 'api', () => history);

  // Public comments by anyone but the reporter count as agent replies (customers other than the
  // reporter rarely comment on a request; JSM marks internal comments public:false).
  const comments = get(await fetchJson(getJson, `${base}/comment?limit=100`, problems), 'values');
  const reporterIds = new Set(ids(reporter));
  const replies: Date[] = [];
  if (Array.isArray(comments) && reporterIds.size) {
    for (const c of comments) {
      if (get(c, 'public') !== true) continue;
      if (ids(get(c, 'author')).some((i) => reporterIds.has(i))) continue;
      const at = dto(get(c, 'created'));
      if (at) replies.push(at);
    }
  } else if (Array.isArray(comments)) {
    problems.push('api: reporter unknown, comments not classified');
  }
  replies.sort((a, b) => a.getTime() - b.getTime());
  put('firstAgentReplyAt', 'api', () => replies[0]);
  put('lastAgentReplyAt', 'api', () => replies.at(-1));

  const issue = await fetchJson(getJson, `${ctx}/rest/api/2/issue/${encodeURIComponent(s.ticketId)}?fields=priority`, problems);
  put('priority', 'api', () => str(get(issue, 'fields', 'priority', 'name')));
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    // The side panel's heading comes first when a queue shows one.
    const panel = first(doc, [SEL.issueRoot[0]]);
    return first(panel ?? doc, SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'jira',
  label: 'Jira Service Management',
  matches: jira,
  readTicket,
  enrich,
  anchor,
};
