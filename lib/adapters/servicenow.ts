/**
 * ServiceNow: classic forms (`/<table>.do?sys_id=…`, usually inside `iframe#gsft_main` of the UI16 / Polaris
 * shell) and Next Experience workspaces (`/now/<ws>/record/<table>/<sys_id>`, DOM in shadow roots).
 * Works for any task table (incident, sn_customerservice_case, …); ticketId = the record's sys_id.
 *
 * ✔ confirmed from public code (research/helpdesk-pages.md §4, ServiceNow-Utils, Selenium/Playwright suites):
 *   URL shapes (incl. nav_to.do?uri= and /now/nav/ui/classic/params/target/<encoded>), `iframe#gsft_main`,
 *   form field ids `<table>.<field>` / `sys_display.<table>.<ref>`, `#document_tags[data-sys_id]`,
 *   `input#sysparm_ck` (X-UserToken), Table API with `sysparm_display_value=all` ({display_value, value},
 *   `value` dates in UTC), `sys_journal_field` comments.
 * ? best effort: `sys_uniqueValue`, company/account/contact/opened_at ids (follow the convention, not seen),
 *   `sys_readonly.*` variants, workspace markers, `sys_audit` / `sys_choice` queries, dot-walked
 *   `caller_id.user_name`. Classic `opened_at` is text in the user's zone and format: read only when
 *   "YYYY-MM-DD HH:MM:SS" and taken in the browser's zone (the API value wins).
 */
import type { GetJson, HelpdeskAdapter, TicketSnapshot } from './types';
import { all, attr, compact, first, get, isoDate, str, text, writer, type Put, guardedEnrich } from './dom';
import { servicenow } from './urls';

/** `{t}` = table name ([a-z0-9_], safe inside a selector). */
const SEL = {
  frame: [
    'iframe#gsft_main', // ✔ classic content frame (ServiceNow-Utils)
  ],
  form: [
    'form[id$=".do"][name$=".do"]', // ✔ classic form, id/name "<table>.do" (research fixture, SNU)
  ],
  sysId: [
    'input#sys_uniqueValue', // ? hidden sys_id of the record on classic forms
    '#document_tags[data-sys_id]', // ✔ tag bar carries the sys_id (henderson2k/sn stub.js)
  ],
  token: [
    'input#sysparm_ck', // ✔ session token for X-UserToken (ServiceNow-Utils)
  ],
  inlineScript: [
    'script:not([src])', // ? workspace shells set `g_ck = '…'` in an inline script
  ],
  workspace: [
    '[component-id]', // ✔ Next Experience macroponents (ServiceNow-Utils)
    'sn-canvas-appshell-root', // ? workspace app shell element
  ],
  subject: [
    '#{t}\\.short_description', // ✔ editable field (Selenium pc)
    '#sys_readonly\\.{t}\\.short_description', // ? read-only rendering
  ],
  requesterName: [
    '#sys_display\\.{t}\\.caller_id', // ✔ incident caller (Selenium pc)
    '#sys_display\\.{t}\\.contact', // ? CSM case contact
    '#sys_display\\.{t}\\.requested_for', // ? request item
  ],
  organization: [
    '#sys_display\\.{t}\\.company', // ? incident company (convention)
    '#sys_display\\.{t}\\.account', // ? CSM case account (convention)
  ],
  organizationId: [
    'input#{t}\\.company', // ? hidden reference value = company sys_id (convention)
    'input#{t}\\.account', // ? CSM case account sys_id
  ],
  priority: [
    'select#{t}\\.priority', // ✔ label of the selected option, e.g. "1 - Critical" (Playwright pc)
    '#sys_readonly\\.{t}\\.priority', // ? read-only rendering
  ],
  status: [
    'select#{t}\\.state', // ✔ (Playwright pc)
    '#sys_readonly\\.{t}\\.state', // ? read-only rendering
  ],
  openedAt: [
    'input#{t}\\.opened_at', // ? convention
    '#sys_readonly\\.{t}\\.opened_at', // ? read-only rendering (usual for opened_at)
  ],
  anchor: [
    '.navbar-header', // ✔ classic form header bar (UI16 forms)
    'form[id$=".do"][name$=".do"]', // ✔ the form itself
  ],
} as const;

const forTable = (sels: readonly string[], table: string) => sels.map((s) => s.replaceAll('{t}', table));

const SYS_ID = /^[0-9a-f]{32}$/;
const WORKSPACE = /^\/now\/(?:[^/]+\/)*record\/([a-z0-9_]+)\/([0-9a-f]{32})(?:\/|$)/;
const CLASSIC = /^\/([a-z0-9_]+)\.do$/;
const NOT_FORMS = new Set(['nav_to', 'home', 'ui_page', 'sys_ui_page', 'navpage', 'login']);

interface Target { table?: string; sysId?: string }

/** Table and sys_id named by a URL, through nav_to.do?uri= and the (possibly double-encoded) Polaris target. */
function targetOf(url: URL, depth = 0): Target | undefined {
  const ws = WORKSPACE.exec(url.pathname);
  if (ws) return { table: ws[1], sysId: ws[2] };
  if (depth > 3) return undefined;
  const inner = url.searchParams.get('uri') ?? /^\/now\/nav\/ui\/classic\/params\/target\/(.+)$/.exec(url.pathname)?.[1];
  if (inner && url.pathname !== `/${inner}`) {
    let t = inner;
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(t); i++) {
      try {
        t = decodeURIComponent(t);
      } catch {
        break;
      }
    }
    try {
      return targetOf(new URL(t.startsWith('/') ? t : `/${t}`, url.origin), depth + 1);
    } catch {
      return undefined;
    }
  }
  const table = CLASSIC.exec(url.pathname)?.[1];
  if (!table || NOT_FORMS.has(table) || table.endsWith('_list')) return undefined;
  return { table, sysId: url.searchParams.get('sys_id') ?? undefined };
}

function sysIdParam(href: string): string | null {
  try {
    return new URL(href).searchParams.get('sys_id');
  } catch {
    return null;
  }
}

/** The classic form's document: this one, or the same-origin gsft_main frame's. */
function formDoc(doc: Document): Document | null {
  if (first(doc, SEL.form)) return doc;
  try {
    const frame = first(doc, SEL.frame) as HTMLIFrameElement | null;
    const inner = frame?.contentDocument;
    return inner && first(inner, SEL.form) ? inner : null;
  } catch {
    return null; // cross-origin frame
  }
}

/** "2026-11-20 10:12:00" in the viewer's zone (classic display format), as a local Date. */
function localDate(s: string | undefined): Date | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s?.trim() ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, se);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const target = targetOf(url);
    if (!target) return null;
    const fdoc = formDoc(doc);
    const form = fdoc ? first(fdoc, SEL.form) : null;
    if (!fdoc || !form) {
      // Workspace, or a Polaris shell whose frame sits in a shadow root: the URL names the record, enrich reads it.
      if (!target.sysId || !SYS_ID.test(target.sysId)) return null;
      if (!first(doc, SEL.workspace) && !first(doc, SEL.frame)) return null;
      return { helpdesk: 'servicenow', ticketId: target.sysId, sources: { ticketId: 'url' } };
    }
    const table = (form.id || '').replace(/\.do$/, '');
    if (!/^[a-z0-9_]+$/.test(table)) return null;
    // New records get a sys_id before they are saved; only the URL ("sys_id=-1") tells.
    if (target.sysId === '-1' || sysIdParam(fdoc.URL) === '-1') return null;
    const fromForm = attr(fdoc, SEL.sysId, 'value') ?? attr(fdoc, SEL.sysId, 'data-sys_id');
    const sysId = [fromForm, target.sysId].find((v) => v && SYS_ID.test(v));
    if (!sysId) return null;
    const s: TicketSnapshot = { helpdesk: 'servicenow', ticketId: sysId, sources: { ticketId: fromForm === sysId ? 'dom' : 'url' } };
    const put = writer(s);
    const t = (sels: readonly string[]) => forTable(sels, table);
    put('subject', 'dom', () => text(fdoc, t(SEL.subject)));
    put('requesterName', 'dom', () => text(fdoc, t(SEL.requesterName)));
    put('organization', 'dom', () => text(fdoc, t(SEL.organization)));
    put('organizationId', 'dom', () => { const v = attr(fdoc, t(SEL.organizationId), 'value'); return v && SYS_ID.test(v) ? v : undefined; });
    put('priority', 'dom', () => text(fdoc, t(SEL.priority)));
    put('status', 'dom', () => text(fdoc, t(SEL.status)));
    put('createdAt', 'dom', () => localDate(text(fdoc, t(SEL.openedAt))));
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

/** The session token (g_ck) from the page or its classic frame. */
function tokenOf(doc: Document | undefined): string | undefined {
  if (!doc) return undefined;
  try {
    const fdoc = formDoc(doc);
    const v = attr(fdoc ?? doc, SEL.token, 'value') ?? attr(doc, SEL.token, 'value');
    if (v) return v;
    for (const sc of all(doc, SEL.inlineScript)) {
      const m = /\bg_ck\s*=\s*['"]([0-9a-f]{20,})['"]/.exec(sc.textContent ?? '');
      if (m) return m[1];
    }
  } catch {
    /* no token */
  }
  return undefined;
}

function tableOf(doc: Document | undefined): string | undefined {
  if (!doc) return undefined;
  try {
    const form = first(formDoc(doc), SEL.form);
    if (form?.id) return form.id.replace(/\.do$/, '');
    return targetOf(new URL(doc.URL))?.table;
  } catch {
    return undefined;
  }
}

/** Table API "2026-11-20 09:12:00" values are UTC. */
const utc = (v: unknown) => { const s = str(v); return s ? isoDate(`${s.replace(' ', 'T')}Z`) : undefined; };
const disp = (rec: unknown, f: string) => str(get(rec, f, 'display_value'));
const val = (rec: unknown, f: string) => str(get(rec, f, 'value'));
const results = (body: unknown) => { const r = get(body, 'result'); return Array.isArray(r) ? r : []; };

const FIELDS = [
  'number', 'short_description', 'priority', 'state', 'opened_at', 'caller_id', 'caller_id.email', 'caller_id.user_name',
  'contact', 'contact.email', 'contact.user_name', 'company', 'account',
].join(',');

async function enrichUnsafe(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>> {
  const out: Partial<TicketSnapshot> = {};
  const problems: string[] = [];
  const put = writer(out);
  const sysId = s.ticketId;
  if (!SYS_ID.test(sysId)) return { problems: ['api: ticket id is not a sys_id'] };
  const token = tokenOf(doc);
  const headers: Record<string, string> = token ? { 'X-UserToken': token } : {};
  if (!token) problems.push('api: no session token (sysparm_ck) on the page');
  const call = (path: string) => fetchJson(getJson, path, headers, problems);

  let table = tableOf(doc);
  if (!table) table = str(get(await call(`/api/now/table/task/${sysId}?sysparm_fields=sys_class_name`), 'result', 'sys_class_name'));
  if (!table || !/^[a-z0-9_]+$/.test(table)) {
    problems.push('api: record table unknown');
    return { problems };
  }

  const recBody = await call(`/api/now/table/${table}/${sysId}?sysparm_display_value=all&sysparm_fields=${FIELDS}`);
  const rec = get(recBody, 'result');
  const has = (f: string) => val(rec, f) !== undefined;
  const who = has('caller_id') ? 'caller_id' : 'contact';
  const org = has('company') ? 'company' : 'account';
  if (rec && typeof rec === 'object') {
    put('subject', 'api', () => disp(rec, 'short_description'));
    put('priority', 'api', () => disp(rec, 'priority'));
    put('status', 'api', () => disp(rec, 'state'));
    put('createdAt', 'api', () => utc(val(rec, 'opened_at')));
    put('requesterName', 'api', () => disp(rec, who));
    put('requesterEmail', 'api', () => val(rec, `${who}.email`)?.toLowerCase());
    put('organization', 'api', () => disp(rec, org));
    put('organizationId', 'api', () => val(rec, org));
  } else if (recBody !== undefined) {
    problems.push('api: record JSON had no result');
  }

  // State labels: the record gives the current one; sys_choice gives the rest, in the same language.
  const labels = new Map<string, string>();
  const choices = results(await call(`/api/now/table/sys_choice?sysparm_query=name=${table}^element=state^inactive=false&sysparm_fields=value,label,language`));
  const curValue = val(rec, 'state');
  const curLabel = disp(rec, 'state');
  const lang = str(get(choices.find((c) => str(get(c, 'value')) === curValue && str(get(c, 'label')) === curLabel), 'language')) ?? 'en';
  for (const c of choices) {
    const v = str(get(c, 'value'));
    const l = str(get(c, 'label'));
    if (v && l && (str(get(c, 'language')) === lang || !labels.has(v))) labels.set(v, l);
  }
  if (curValue && curLabel) labels.set(curValue, curLabel);
  const label = (v: string) => labels.get(v) ?? v;

  const audits = results(await call(`/api/now/table/sys_audit?sysparm_query=documentkey=${sysId}^fieldname=state^ORDERBYsys_created_on&sysparm_fields=oldvalue,newvalue,sys_created_on`));
  const history: { status: string; at: Date }[] = [];
  const opened = utc(val(rec, 'opened_at'));
  const initial = str(get(audits[0], 'oldvalue'));
  if (initial && opened) history.push({ status: label(initial), at: opened });
  for (const a of audits) {
    const v = str(get(a, 'newvalue'));
    const at = utc(get(a, 'sys_created_on'));
    if (v && at) history.push({ status: label(v), at });
  }
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  put('statusHistory', 'api', () => history);

  // "Additional comments" (element=comments) are the customer-visible journal; work notes are not.
  const journal = results(await call(`/api/now/table/sys_journal_field?sysparm_query=element_id=${sysId}^element=comments^ORDERBYsys_created_on&sysparm_fields=sys_created_on,sys_created_by`));
  const requester = val(rec, `${who}.user_name`);
  const replies: Date[] = [];
  if (requester) {
    for (const j of journal) {
      if (str(get(j, 'sys_created_by')) === requester) continue;
      const at = utc(get(j, 'sys_created_on'));
      if (at) replies.push(at);
    }
  } else if (journal.length) {
    problems.push('api: requester user name unknown, comments not classified');
  }
  replies.sort((a, b) => a.getTime() - b.getTime());
  put('firstAgentReplyAt', 'api', () => replies[0]);
  put('lastAgentReplyAt', 'api', () => replies.at(-1));
  return compact({ ...out, problems: problems.length ? problems : undefined });
}

const enrich = guardedEnrich(enrichUnsafe);

function anchor(doc: Document): Element | null {
  try {
    return first(formDoc(doc), SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'servicenow',
  label: 'ServiceNow',
  matches: servicenow,
  readTicket,
  enrich,
  anchor,
};
