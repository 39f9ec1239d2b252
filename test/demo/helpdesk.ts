// The demo helpdesk: a small stand-in for the Zendesk agent workspace at https://demo.zendesk.com, close
// enough in markup (data-test-id attributes of the real agent workspace) and API (/api/v2 JSON shapes)
// that the real zendesk adapter reads it. Pages are rendered on the server from the demo tickets; the
// browser script (assets/helpdesk.js) swaps panes with pushState like the real single-page app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '../e2e/harness';
import { currentStatus, type DemoComment, type DemoDesk, type DemoTicket, type DemoUser, type ZendeskStatus } from './tickets';

export const DEMO_HOST = 'demo.zendesk.com';
export const VIEW_ID = 360_094_011;
export const viewPath = `/agent/filters/${VIEW_ID}`;
export const ticketPath = (id: number) => `/agent/tickets/${id}`;

const ASSETS = join(import.meta.dirname, 'assets');

// ---------------------------------------------------------------------------------------------
// API JSON (shapes of the Zendesk Support API v2)

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const apiBase = `https://${DEMO_HOST}/api/v2`;

function userJson(u: DemoUser, desk: DemoDesk) {
  return {
    id: u.id, url: `${apiBase}/users/${u.id}.json`, name: u.name, email: u.email, role: u.role,
    organization_id: u.organizationId, time_zone: u.timeZone ?? 'UTC', iana_time_zone: u.timeZone ?? 'Etc/UTC',
    locale: 'en-US', active: true, verified: true, created_at: iso(new Date(desk.now.getTime() - 400 * 86_400_000)),
  };
}

function ticketJson(t: DemoTicket, desk: DemoDesk) {
  const last = [...t.comments, ...t.statusHistory].reduce((a, x) => (x.at > a ? x.at : a), t.createdAt);
  return {
    id: t.id, url: `${apiBase}/tickets/${t.id}.json`, external_id: null, via: { channel: 'web', source: { rel: null } },
    created_at: iso(t.createdAt), updated_at: iso(last), type: t.type, subject: t.subject, raw_subject: t.subject,
    description: t.comments[0]?.body ?? '', priority: t.priority, status: currentStatus(t), recipient: `support@${DEMO_HOST}`,
    requester_id: t.requester.id, submitter_id: t.requester.id, assignee_id: t.assignee.id,
    organization_id: t.organization?.id ?? null, group_id: 360_004_001, collaborator_ids: [], follower_ids: [],
    has_incidents: false, is_public: true, tags: t.tags, custom_fields: [], satisfaction_rating: null,
    brand_id: 360_000_001, allow_channelback: false, allow_attachments: true, from_messaging_channel: false,
    generated_timestamp: Math.floor(desk.now.getTime() / 1000),
  };
}

/** GET /api/v2/tickets/{id}.json[?include=users,organizations] */
export function ticketShow(t: DemoTicket, desk: DemoDesk, include: string[]) {
  const body: Record<string, unknown> = { ticket: ticketJson(t, desk) };
  if (include.includes('users')) {
    const ids = new Set([t.requester.id, t.assignee.id, ...t.comments.map((c) => c.authorId)]);
    body.users = desk.users.filter((u) => ids.has(u.id)).map((u) => userJson(u, desk));
  }
  if (include.includes('organizations')) {
    body.organizations = t.organization
      ? [{ id: t.organization.id, url: `${apiBase}/organizations/${t.organization.id}.json`, name: t.organization.name,
          domain_names: t.organization.domains, external_id: t.organization.externalId, details: '', notes: '',
          group_id: null, shared_tickets: false, shared_comments: false, tags: [], organization_fields: {},
          created_at: iso(new Date(desk.now.getTime() - 700 * 86_400_000)) }]
      : [];
  }
  return body;
}

/** GET /api/v2/tickets/{id}/audits.json[?include=users]: one audit per moment someone changed the ticket, oldest first. */
export function ticketAudits(t: DemoTicket, desk: DemoDesk, include: string[]) {
  type Ev = Record<string, unknown>;
  const moments = new Map<string, { at: Date; authorId: number; events: Ev[] }>();
  const at = (d: Date, authorId: number) => {
    const k = `${d.getTime()}:${authorId}`;
    if (!moments.has(k)) moments.set(k, { at: d, authorId, events: [] });
    return moments.get(k)!;
  };
  let eventId = t.id * 1000;
  t.statusHistory.forEach((s, i) => {
    const prev = t.statusHistory[i - 1];
    at(s.at, s.authorId).events.push(prev
      ? { id: eventId++, type: 'Change', field_name: 'status', value: s.status, previous_value: prev.status }
      : { id: eventId++, type: 'Create', field_name: 'status', value: s.status });
  });
  const created = at(t.createdAt, t.requester.id);
  created.events.push(
    { id: eventId++, type: 'Create', field_name: 'priority', value: t.priority },
    { id: eventId++, type: 'Create', field_name: 'subject', value: t.subject },
    { id: eventId++, type: 'Create', field_name: 'requester_id', value: String(t.requester.id) },
  );
  for (const c of t.comments) {
    at(c.at, c.authorId).events.unshift({
      id: eventId++, type: 'Comment', author_id: c.authorId, body: c.body, html_body: `<p>${esc(c.body)}</p>`,
      plain_body: c.body, public: c.public, attachments: [], audit_id: 0,
    });
  }
  const audits = [...moments.values()]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((m, i) => {
      const id = t.id * 100 + i;
      return {
        id, ticket_id: t.id, created_at: iso(m.at), author_id: m.authorId, metadata: { system: {}, custom: {} },
        via: { channel: 'web', source: { rel: null } },
        events: m.events.map((e) => (e.type === 'Comment' ? { ...e, audit_id: id } : e)),
      };
    });
  const authors = new Set(audits.map((a) => a.author_id));
  const users = include.includes('users')
    ? { users: desk.users.filter((u) => authors.has(u.id)).map((u) => ({ id: u.id, name: u.name, role: u.role })) }
    : {};
  return { audits, ...users, next_page: null, previous_page: null, count: audits.length };
}

// ---------------------------------------------------------------------------------------------
// HTML (server-rendered; every interpolated value goes through esc)

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const initials = (name: string) => name.split(/\s+/).map((p) => p[0]).join('').slice(0, 2).toUpperCase();

function ago(d: Date, now: Date): string {
  const m = Math.round((now.getTime() - d.getTime()) / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  return `${Math.round(h / 24)} days ago`;
}

const absolute = (d: Date) =>
  d.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';

function time(d: Date, now: Date) {
  return `<time data-test-id="timestamp-relative" datetime="${iso(d)}" title="${esc(absolute(d))}">${esc(ago(d, now))}</time>`;
}

const STATUS_LABEL: Record<ZendeskStatus, string> = { new: 'New', open: 'Open', pending: 'Pending', hold: 'On-hold', solved: 'Solved' };
const statusPill = (s: ZendeskStatus) => `<span class="status-pill status-${s}" title="${esc(STATUS_LABEL[s])}">${esc(STATUS_LABEL[s])}</span>`;

function avatar(u: DemoUser | undefined) {
  const name = u?.name ?? '?';
  const hue = ((u?.id ?? 0) * 47) % 360;
  return `<span class="avatar${u?.role === 'agent' ? ' agent' : ''}" style="--hue:${hue}" aria-hidden="true">${esc(initials(name))}</span>`;
}

function headerTab(t: DemoTicket, selected: boolean) {
  return `<a role="tab" class="header-tab" data-test-id="header-tab" data-entity-type="ticket" data-entity-id="${t.id}"
    aria-selected="${selected}" aria-label="${esc(`${t.requester.name} ${t.subject}`)}" href="${ticketPath(t.id)}">
    <span class="tab-icon status-${currentStatus(t)}" aria-hidden="true"></span>
    <span class="tab-text"><span class="tab-title">${esc(t.subject)}</span><span class="tab-sub">#${t.id}</span></span>
    <button type="button" class="tab-close" data-close-tab aria-label="Close tab">×</button></a>`;
}

function comment(c: DemoComment, t: DemoTicket, desk: DemoDesk) {
  const u = desk.users.find((x) => x.id === c.authorId);
  const agent = u?.role === 'agent';
  return `<article class="log-item${agent ? ' from-agent' : ''}${c.public ? '' : ' is-note'}" data-test-id="omni-log-comment-item">
    ${avatar(u)}
    <div class="log-body">
      <div class="log-head">
        <a class="log-author" data-test-id="omni-log-comment-user-link" href="/agent/users/${c.authorId}">${esc(u?.name ?? 'Unknown')}</a>
        ${c.public ? '' : '<span class="note-tag" data-test-id="omni-log-internal-note-tag">Internal note</span>'}
        ${time(c.at, desk.now)}
      </div>
      <div class="log-message" data-test-id="omni-log-item-message" type="${agent ? 'agent' : 'end-user'}">
        <div data-test-id="omni-log-message-content">${esc(c.body)}</div>
      </div>
      <div class="log-via">${agent ? (c.public ? 'Public reply · Email' : 'Only agents can see this') : `Via web form · ${esc(t.requester.email)}`}</div>
    </div>
  </article>`;
}

function statusEvent(s: DemoTicket['statusHistory'][number], prev: ZendeskStatus, desk: DemoDesk) {
  const u = desk.users.find((x) => x.id === s.authorId);
  return `<div class="log-event" data-test-id="omni-log-event-item">${esc(u?.name ?? 'Someone')} changed status
    ${statusPill(prev)} → ${statusPill(s.status)} ${time(s.at, desk.now)}</div>`;
}

function field(label: string, testId: string, value: string, extra = '') {
  return `<div class="field"><span class="field-label">${esc(label)}</span>
    <div class="combo" data-test-id="${testId}"${extra}><div data-garden-id="dropdowns.combobox.value">${esc(value)}</div><span class="chev" aria-hidden="true"></span></div></div>`;
}

function ticketPane(t: DemoTicket, desk: DemoDesk) {
  const status = currentStatus(t);
  const log = [
    ...t.comments.map((c) => ({ at: c.at, html: comment(c, t, desk) })),
    ...t.statusHistory.slice(1).map((s, i) => ({ at: s.at, html: statusEvent(s, t.statusHistory[i]!.status, desk) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime()).map((x) => x.html);
  const local = t.requester.timeZone
    ? `<div class="ctx-row"><span>Local time</span><span data-local-time="${esc(t.requester.timeZone)}"></span></div>` : '';
  return `<div class="ticket-panes-grid-layout" data-pane="${ticketPath(t.id)}" data-is-active="true" data-ticket-id="${t.id}">
  <div class="ticket-toolbar">
    <nav class="crumbs" aria-label="Breadcrumb">
      ${t.organization ? `<a href="/agent/organizations/${t.organization.id}">${esc(t.organization.name)}</a><span class="sep">›</span>` : ''}
      <a href="/agent/users/${t.requester.id}">${esc(t.requester.name)}</a><span class="sep">›</span>
      ${statusPill(status)}<span class="crumb-current">Ticket #${t.id}</span>
    </nav>
    <div class="toolbar-actions"><button type="button" class="btn ghost">Next</button><button type="button" class="btn ghost">⋯</button></div>
  </div>
  <div class="ticket-grid">
    <section class="grid-ticket-fields-panel" aria-label="Ticket properties">
      <div class="field"><span class="field-label">Brand</span><div class="combo static">Demo Support</div></div>
      <div class="field"><span class="field-label">Requester</span>
        <div class="combo" data-test-id="ticket-system-field-requester-select">${avatar(t.requester)}<div data-garden-id="dropdowns.combobox.value">${esc(t.requester.name)}</div></div></div>
      <div class="field"><span class="field-label">Assignee</span>
        <div class="combo" data-test-id="assignee-field-autocomplete-trigger">${avatar(t.assignee)}<div data-garden-id="dropdowns.combobox.value">Support/${esc(t.assignee.name)}</div></div></div>
      <div class="field"><span class="field-label">Followers</span><div class="combo muted">Add followers</div></div>
      ${t.organization ? field('Organization', 'ticket-system-field-organization-select', t.organization.name)
        : '<div class="field"><span class="field-label">Organization</span><div class="combo muted">-</div></div>'}
      <div class="field"><span class="field-label">Tags</span><div class="combo tags">
        ${t.tags.map((g) => `<span class="tag" data-test-id="ticket-system-field-tags-item-selected">${esc(g)}</span>`).join('')}</div></div>
      <div class="field-pair">
        ${field('Type', 'ticket-fields-type-select', cap(t.type))}
        ${field('Priority', 'ticket-fields-priority-select', cap(t.priority))}
      </div>
      ${field('Status', 'ticket-fields-status-select', STATUS_LABEL[status])}
    </section>
    <div class="conversation-polaris" data-ticket-id="${t.id}">
      <div class="conversation-inner" data-side-conversations-anchor-id="${t.id}">
        <div class="omni-header" data-test-id="omni-header">
          <input class="subject" data-test-id="omni-header-subject" aria-label="Subject" value="${esc(t.subject)}">
          <div class="omni-meta">Via web form · Created ${time(t.createdAt, desk.now)}</div>
        </div>
        <section class="omni-log" role="feed" aria-label="Conversation" data-test-id="omni-log-container">${log.join('\n')}</section>
        <div class="composer">
          <div class="composer-tabs"><span class="active">Public reply</span><span>Internal note</span></div>
          <div class="composer-to">To ${avatar(t.requester)} ${esc(t.requester.name)}</div>
          <textarea aria-label="Reply" placeholder="Write your reply…"></textarea>
        </div>
      </div>
    </div>
    <aside class="context-panel" aria-label="Customer context">
      <div class="ctx-card">
        <div class="ctx-head">${avatar(t.requester)}<div><div class="ctx-name">${esc(t.requester.name)}</div>
          <div class="ctx-sub">${esc(t.organization?.name ?? 'No organization')}</div></div></div>
        <div class="ctx-row"><span>Email</span><a href="mailto:${esc(t.requester.email)}">${esc(t.requester.email)}</a></div>
        ${local}
        <div class="ctx-row"><span>Language</span><span>English</span></div>
        <div class="ctx-row"><span>Tickets</span><span>${desk.tickets.filter((x) => x.requester.id === t.requester.id).length}</span></div>
      </div>
      <div class="ctx-card"><div class="ctx-title">Interactions</div>
        <div class="interaction">${statusPill(status)}<div><div>${esc(t.subject)}</div><div class="muted">${time(t.createdAt, desk.now)}</div></div></div>
      </div>
    </aside>
  </div>
  <footer class="ticket-footer">
    <button type="button" class="btn ghost">Apply macro</button>
    <span class="spacer"></span>
    <button type="button" class="btn ghost" data-close-current>Close tab</button>
    <button type="button" class="btn submit" data-test-id="submit_button-button"><span>Submit as <strong>${esc(STATUS_LABEL[status])}</strong></span></button>
  </footer>
</div>`;
}

const VIEWS = ['Your unsolved tickets', 'Unassigned tickets', 'All unsolved tickets', 'Recently updated tickets', 'Pending tickets', 'Recently solved tickets'];

function viewPane(desk: DemoDesk) {
  const rows = [...desk.tickets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map((t) => `<tr>
      <td>${statusPill(currentStatus(t))}</td>
      <td class="subj"><a href="${ticketPath(t.id)}" data-ticket-link="${t.id}">${esc(t.subject)}</a><span class="muted"> #${t.id}</span></td>
      <td>${esc(t.requester.name)}</td><td>${esc(t.organization?.name ?? '')}</td>
      <td>${time(t.createdAt, desk.now)}</td><td class="prio prio-${t.priority}">${esc(cap(t.priority))}</td><td>${esc(t.assignee.name)}</td></tr>`);
  return `<div class="views-page" data-pane="${viewPath}" data-is-active="true">
  <aside class="views-nav" aria-label="Views"><div class="views-title">Views</div>
    ${VIEWS.map((v, i) => `<a class="view-link${i === 2 ? ' active' : ''}" href="${i === 2 ? viewPath : '#'}"><span>${esc(v)}</span><span class="count">${i === 2 ? desk.tickets.length : i === 4 ? desk.tickets.filter((t) => currentStatus(t) === 'pending').length : i === 0 ? 3 : 0}</span></a>`).join('')}
  </aside>
  <section class="view-main">
    <div class="view-head"><h1>All unsolved tickets</h1><span class="muted">${desk.tickets.length} tickets</span></div>
    <table class="view-table"><thead><tr><th>Status</th><th>Subject</th><th>Requester</th><th>Organization</th><th>Requested</th><th>Priority</th><th>Assignee</th></tr></thead>
      <tbody>${rows.join('')}</tbody></table>
  </section>
</div>`;
}

const NAV = [
  ['Home', 'M3 10 12 3l9 7v10h-6v-6H9v6H3z'],
  ['Views', 'M4 5h16v3H4zm0 5.5h16v3H4zM4 16h16v3H4z'],
  ['Customers', 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8c0-3.9 3.1-6 7-6s7 2.1 7 6z'],
  ['Reporting', 'M5 20V10h3v10zm5.5 0V4h3v16zM16 20v-7h3v7z'],
  ['Admin', 'M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM10.3 2h3.4l.5 2.7 2 .9 2.3-1.6 2.4 2.4-1.6 2.3.9 2 2.7.5v3.4l-2.7.5-.9 2 1.6 2.3-2.4 2.4-2.3-1.6-2 .9-.5 2.7h-3.4l-.5-2.7-2-.9-2.3 1.6-2.4-2.4 1.6-2.3-.9-2L2 13.7v-3.4l2.7-.5.9-2L4 5.5l2.4-2.4 2.3 1.6 2-.9z'],
] as const;

function page(title: string, pane: string, tabs: string, activeNav: 'Views' | 'Home') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/demo-assets/helpdesk.css">
<script src="/demo-assets/helpdesk.js" defer></script>
</head><body>
<div class="app">
  <nav class="app-nav" aria-label="Main">
    <a class="logo" href="${viewPath}" aria-label="Demo Support"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M11 6v12H2zm0-3a4.5 4.5 0 0 1-9 0zm2 18a4.5 4.5 0 0 1 9 0zm0-3V6h9z"/></svg></a>
    ${NAV.map(([name, d]) => `<a class="nav-item${name === activeNav ? ' active' : ''}" href="${name === 'Views' ? viewPath : '#'}" title="${name}" aria-label="${name}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg></a>`).join('')}
  </nav>
  <div class="app-body">
    <header class="app-header">
      <div class="header-tabs" role="tablist" aria-label="Open tickets">${tabs}</div>
      <a class="add-tab" href="#" aria-label="Add">+ Add</a>
      <span class="spacer"></span>
      <div class="search" role="search"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z"/></svg><span>Search</span></div>
      <span class="header-avatar" title="Priya Raman (agent)">PR</span>
    </header>
    <main id="main-panes">${pane}</main>
  </div>
</div>
</body></html>`;
}

export function ticketPage(t: DemoTicket, desk: DemoDesk) {
  return page(`${t.subject} – Ticket #${t.id} – Demo Support`, ticketPane(t, desk), headerTab(t, true), 'Home');
}

export function viewPage(desk: DemoDesk) {
  return page('All unsolved tickets – Views – Demo Support', viewPane(desk), '', 'Views');
}

// ---------------------------------------------------------------------------------------------
// Routes

/**
 * Routes for the demo host. `desk` is read on every request, so a caller can swap in a fresh one
 * (e.g. regenerated relative to a new `now`) through the getter.
 */
export function demoRoutes(getDesk: () => DemoDesk): Route[] {
  const asset = (name: string, contentType: string) => ({ body: readFileSync(join(ASSETS, name), 'utf8'), contentType });
  return [
    {
      host: DEMO_HOST,
      handle: ({ url, method }) => {
        if (method !== 'GET') return { status: 405, body: { error: 'read-only demo' } };
        const desk = getDesk();
        const p = url.pathname;
        if (p === '/' || p === '/agent' || p === '/agent/' || p === '/agent/dashboard') {
          return { status: 302, body: '', headers: { location: viewPath } };
        }
        if (p === '/demo-assets/helpdesk.css') return asset('helpdesk.css', 'text/css; charset=utf-8');
        if (p === '/demo-assets/helpdesk.js') return asset('helpdesk.js', 'text/javascript; charset=utf-8');
        if (p === '/favicon.ico') return { status: 204, body: '' };
        if (p === viewPath) return { body: viewPage(desk) };
        const find = (id: string | undefined) => desk.tickets.find((t) => String(t.id) === id);
        let m = /^\/agent\/tickets\/(\d+)$/.exec(p);
        if (m) {
          const t = find(m[1]);
          return t ? { body: ticketPage(t, desk) } : undefined;
        }
        const include = (url.searchParams.get('include') ?? '').split(',').filter(Boolean);
        m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(p);
        if (m) {
          const t = find(m[1]);
          return t ? { body: ticketShow(t, desk, include) } : { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
        }
        m = /^\/api\/v2\/tickets\/(\d+)\/audits\.json$/.exec(p);
        if (m) {
          const t = find(m[1]);
          return t ? { body: ticketAudits(t, desk, include) } : { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
        }
        if (p.startsWith('/api/')) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
        return undefined;
      },
    },
  ];
}
