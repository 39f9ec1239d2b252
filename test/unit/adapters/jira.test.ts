import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/jira';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

describe('jira matches', () => {
  it.each([
    ['https://northwind.atlassian.net/browse/SUP-42', true],
    ['https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1/SUP-42', true],
    ['https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1?selectedIssue=SUP-57', true],
    ['https://northwind.atlassian.net/wiki/spaces/IT/overview', false], // Confluence on the same site
    ['https://northwind.atlassian.net/servicedesk/customer/portal/2/SUP-42', false], // customer portal
    ['https://support.northwind.example/jira/browse/SUP-7', true], // Data Center, context path
    ['https://jira.northwind.example/projects/SUP/queues/custom/4/SUP-7', true],
    ['https://jira.northwind.example/servicedesk/customer/portal/1/SUP-7', false],
    ['https://northwind.zendesk.com/agent/tickets/42', false],
    ['https://northwind.freshdesk.com/a/tickets/42', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('jira readTicket', () => {
  it('reads the Cloud full-page issue, not the queue list', () => {
    const f = loadFixture('jira', 'cloud-full-page');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'jira',
      ticketId: 'SUP-42',
      subject: 'VPN is down for the Berlin office',
      status: 'Waiting for support',
      priority: 'High',
      requesterName: 'Jane Cooper',
      sources: { ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom' },
    });
  });

  it('reads the queue side panel (key from ?selectedIssue, priority from the icon)', () => {
    const f = loadFixture('jira', 'cloud-queue-side-panel');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'jira',
      ticketId: 'SUP-57',
      subject: 'SSO login loop',
      status: 'Waiting for support',
      priority: 'Highest',
      requesterName: 'Lee Wong',
      sources: { ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom' },
    });
  });

  it('reads the Data Center issue view with its created time', () => {
    const f = loadFixture('jira', 'dc-issue');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'jira',
      ticketId: 'SUP-7',
      subject: 'Payroll export fails',
      status: 'In Progress',
      priority: 'Highest',
      requesterName: 'Priya Raman',
      createdAt: d('2026-11-23T09:00:00Z'),
      sources: { ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom', createdAt: 'dom' },
    });
  });

  it('returns null when the panel shows another issue, on lists, and on non-Jira pages with /browse/ URLs', () => {
    const side = loadFixture('jira', 'cloud-queue-side-panel');
    const other = new URL('https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1?selectedIssue=SUP-56');
    expect(adapter.readTicket(side.doc, other)).toBeNull();
    expect(adapter.readTicket(side.doc, new URL('https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1'))).toBeNull();
    const dc = loadFixture('jira', 'dc-issue');
    dc.doc.querySelector('meta[name="application-name"]')?.remove();
    expect(adapter.readTicket(dc.doc, dc.url)).toBeNull();
    expect(adapter.readTicket(parseHtml('<h1>SUP-7</h1>'), new URL('https://northwind.atlassian.net/browse/SUP-7'))).toBeNull();
  });
});

describe('jira enrich', () => {
  it('Cloud: request, organization, status history, public agent comments and priority', async () => {
    const f = loadFixture('jira', 'cloud-full-page');
    const { getJson, calls } = fakeGetJson(f.api);
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls).toEqual([
      '/rest/servicedeskapi/request/SUP-42',
      '/rest/servicedeskapi/request/SUP-42/status',
      '/rest/servicedeskapi/request/SUP-42/comment?limit=100',
      '/rest/api/2/issue/SUP-42?fields=priority',
    ]);
    expect(got).toEqual({
      subject: 'VPN is down for the Berlin office',
      status: 'Waiting for support',
      createdAt: d('2026-11-20T08:00:00Z'),
      requesterName: 'Jane Cooper',
      requesterEmail: 'jane@northwind.example',
      organization: 'Northwind Traders',
      organizationId: '3',
      statusHistory: [
        { status: 'Waiting for support', at: d('2026-11-20T08:00:00Z') },
        { status: 'In progress', at: d('2026-11-20T09:00:00Z') },
        { status: 'Waiting for customer', at: d('2026-11-20T09:30:00Z') },
        { status: 'Waiting for support', at: d('2026-11-20T13:00:00Z') },
      ],
      firstAgentReplyAt: d('2026-11-20T09:30:00Z'),
      lastAgentReplyAt: d('2026-11-20T15:15:00Z'),
      priority: 'High',
      sources: {
        subject: 'api', status: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api', organization: 'api',
        organizationId: 'api', statusHistory: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api', priority: 'api',
      },
    });
  });

  it('Data Center: uses the context path, ISO dates without epoch, no public agent reply yet', async () => {
    const f = loadFixture('jira', 'dc-issue');
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, fakeGetJson(f.api).getJson, f.doc);
    expect(got).toEqual({
      subject: 'Payroll export fails',
      status: 'In Progress',
      createdAt: d('2026-11-23T09:00:00Z'),
      requesterName: 'Priya Raman',
      requesterEmail: 'priya@contoso.example',
      statusHistory: [
        { status: 'Open', at: d('2026-11-23T09:00:00Z') },
        { status: 'In Progress', at: d('2026-11-23T09:20:00Z') },
      ],
      priority: 'Highest',
      sources: {
        subject: 'api', status: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        statusHistory: 'api', priority: 'api',
      },
    });
  });

  it('never throws on failures or odd JSON', async () => {
    const s = { helpdesk: 'jira', ticketId: 'SUP-1' };
    const failing = await adapter.enrich!(s, fakeGetJson({}).getJson);
    expect(Object.keys(failing)).toEqual(['problems']);
    expect(failing.problems).toHaveLength(4);
    const odd = await adapter.enrich!(s, async () => ({ values: 'x', fields: [] }));
    expect(odd).toEqual({ problems: ['api: request JSON had no issueKey'] });
    const bad = await adapter.enrich!({ helpdesk: 'jira', ticketId: '\uD800' }, fakeGetJson({}).getJson);
    expect(bad.problems?.[0]).toMatch(/^api: /);
  });
});

describe('jira anchor', () => {
  it('is the summary heading (of the side panel when there is one)', () => {
    expect(adapter.anchor(loadFixture('jira', 'cloud-full-page').doc)?.textContent).toBe('VPN is down for the Berlin office');
    expect(adapter.anchor(loadFixture('jira', 'cloud-queue-side-panel').doc)?.textContent).toBe('SSO login loop');
    expect(adapter.anchor(loadFixture('jira', 'dc-issue').doc)?.id).toBe('summary-val');
  });
});
