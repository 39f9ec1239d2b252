import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/zendesk';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

describe('zendesk matches', () => {
  it.each([
    ['https://northwind.zendesk.com/agent/tickets/48213', true],
    ['https://northwind.zendesk.com/agent/tickets/48213/events', true],
    ['https://northwind.zendesk.com/agent/filters/360000001', true], // SPA: the list page may become a ticket
    ['https://northwind.zendesk.com/hc/en-us/requests/48213', false], // help center (customer side)
    ['https://northwind.zendesk.com.evil.example/agent/tickets/1', false],
    ['https://northwind.freshdesk.com/a/tickets/1', false],
    ['https://acme.atlassian.net/browse/SUP-1', false],
    ['https://app.intercom.com/a/inbox/abc/inbox/conversation/1', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('zendesk readTicket', () => {
  it('reads the active tab only (two tickets open)', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'zendesk',
      ticketId: '48213',
      subject: 'VPN drops every 20 minutes',
      requesterName: 'Jane Cooper',
      organization: 'Northwind Traders',
      priority: 'High',
      createdAt: d('2026-11-20T08:00:00Z'),
      firstAgentReplyAt: d('2026-11-20T09:10:00Z'),
      lastAgentReplyAt: d('2026-11-20T11:20:00Z'),
      sources: {
        ticketId: 'url', subject: 'dom', requesterName: 'dom', organization: 'dom', priority: 'dom',
        createdAt: 'dom', firstAgentReplyAt: 'dom', lastAgentReplyAt: 'dom',
      },
    });
  });

  it('reads the older layout with empty fields and no log', () => {
    const f = loadFixture('zendesk', 'older-layout-sparse');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'zendesk',
      ticketId: '48250',
      subject: 'Cannot log in to the portal',
      requesterName: 'Priya Raman',
      status: 'Pending',
      sources: { ticketId: 'url', subject: 'dom', requesterName: 'dom', status: 'dom' },
    });
  });

  it('returns null while the URL names a ticket whose pane is not active yet', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    expect(adapter.readTicket(f.doc, new URL('https://northwind.zendesk.com/agent/tickets/48190'))).toBeNull();
  });

  it('returns null on non-ticket pages and pages without a ticket pane', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    expect(adapter.readTicket(f.doc, new URL('https://northwind.zendesk.com/agent/filters/360000001'))).toBeNull();
    const empty = parseHtml('<html><body><nav>Views</nav></body></html>');
    expect(adapter.readTicket(empty, new URL('https://northwind.zendesk.com/agent/tickets/48213'))).toBeNull();
  });

  it('keeps the other fields when one node is odd', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    for (const t of f.doc.querySelectorAll('.ticket-panes-grid-layout.active time')) t.setAttribute('datetime', 'not a date');
    f.doc.querySelector('.active [data-test-id="omni-header-subject"]')?.remove();
    const s = adapter.readTicket(f.doc, f.url);
    expect(s?.subject).toBeUndefined();
    expect(s?.createdAt).toBeUndefined();
    expect(s?.priority).toBe('High');
    expect(s?.requesterName).toBe('Jane Cooper');
  });
});

describe('zendesk enrich', () => {
  it('reads ticket, requester, org, status history and public agent replies across audit pages', async () => {
    const f = loadFixture('zendesk', 'two-tabs');
    const s = adapter.readTicket(f.doc, f.url)!;
    const { getJson, calls } = fakeGetJson(f.api);
    const got = await adapter.enrich!(s, getJson, f.doc);
    expect(calls).toEqual([
      '/api/v2/tickets/48213.json?include=users,organizations',
      '/api/v2/tickets/48213/audits.json?include=users',
      '/api/v2/tickets/48213/audits.json?include=users&page=2',
    ]);
    expect(got).toEqual({
      subject: 'VPN drops every 20 minutes',
      status: 'Open',
      priority: 'High',
      createdAt: d('2026-11-20T08:00:00Z'),
      requesterName: 'Jane Cooper',
      requesterEmail: 'jane@northwind.example',
      organization: 'Northwind Traders',
      organizationId: '360001',
      statusHistory: [
        { status: 'New', at: d('2026-11-20T08:00:00Z') },
        { status: 'Open', at: d('2026-11-20T08:05:00Z') },
        { status: 'Pending', at: d('2026-11-20T09:10:00Z') },
        { status: 'Open', at: d('2026-11-20T10:05:00Z') },
      ],
      // 09:40 is an internal note, 10:05 is the requester, 11:25 a CC'd end user.
      firstAgentReplyAt: d('2026-11-20T09:10:00Z'),
      lastAgentReplyAt: d('2026-11-20T11:20:00Z'),
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', statusHistory: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('skips the creation comment of an agent-opened ticket and comments by authors of unknown role', async () => {
    const f = loadFixture('zendesk', 'older-layout-sparse');
    const s = adapter.readTicket(f.doc, f.url)!;
    const got = await adapter.enrich!(s, fakeGetJson(f.api).getJson, f.doc);
    expect(got).toEqual({
      subject: 'Cannot log in to the portal',
      status: 'Solved',
      priority: 'Urgent',
      createdAt: d('2026-11-21T13:00:00Z'),
      requesterName: 'Priya Raman',
      requesterEmail: 'priya@contoso.example',
      statusHistory: [
        { status: 'Open', at: d('2026-11-21T13:00:00Z') },
        { status: 'On-hold', at: d('2026-11-23T09:30:00Z') },
        { status: 'Solved', at: d('2026-11-24T16:00:00Z') },
      ],
      firstAgentReplyAt: d('2026-11-23T09:30:00Z'),
      lastAgentReplyAt: d('2026-11-23T09:30:00Z'),
      problems: ['api: 1 public comment(s) by authors of unknown role were not counted as replies'],
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        statusHistory: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('never throws: failing requests and odd JSON become problems', async () => {
    const s = { helpdesk: 'zendesk', ticketId: '48213' };
    const failing = await adapter.enrich!(s, fakeGetJson({}).getJson);
    expect(failing).toEqual({
      problems: [
        'api: /api/v2/tickets/48213.json: HTTP 404 for /api/v2/tickets/48213.json?include=users,organizations',
        'api: /api/v2/tickets/48213/audits.json: HTTP 404 for /api/v2/tickets/48213/audits.json?include=users',
      ],
    });
    const odd = await adapter.enrich!(s, async () => ({ ticket: 'nope', audits: [null, 3, { events: 'x' }] }));
    expect(odd).toEqual({ problems: ['api: ticket JSON had no "ticket" object'] });
    const bad = await adapter.enrich!({ helpdesk: 'zendesk', ticketId: '\uD800' }, fakeGetJson({}).getJson);
    expect(bad.problems?.[0]).toMatch(/^api: /);
  });
});

describe('zendesk anchor', () => {
  it('is inside the active pane', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    const a = adapter.anchor(f.doc);
    expect(a?.getAttribute('data-test-id')).toBe('omni-header');
    expect(a?.closest('[data-is-active]')?.getAttribute('data-is-active')).toBe('true');
    expect(adapter.anchor(parseHtml('<p>x</p>'))).toBeNull();
  });
});
