import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/freshdesk';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

describe('freshdesk matches', () => {
  it.each([
    ['https://northwind.freshdesk.com/a/tickets/4711', true],
    ['https://northwind.freshdesk.com/helpdesk/tickets/4711', true],
    ['https://northwind.freshdesk.com/a/tickets/filters/all_tickets', true], // SPA list page
    ['https://northwind.freshdesk.com/support/tickets/4711', false], // customer portal
    ['https://northwind.zendesk.com/agent/tickets/4711', false],
    ['https://desk.zoho.com/agent/northwind/support/tickets/details/4711', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('freshdesk readTicket', () => {
  it('reads the details page and ignores the list and related tickets', () => {
    const f = loadFixture('freshdesk', 'details-full');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'freshdesk',
      ticketId: '4711',
      subject: 'Printer on fire in building B',
      status: 'Open',
      priority: 'High',
      requesterName: 'Marta Kovac',
      requesterEmail: 'marta.kovac@contoso.example',
      organization: 'Contoso Ltd',
      organizationId: '101000123',
      sources: {
        ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom',
        requesterEmail: 'dom', organization: 'dom', organizationId: 'dom',
      },
    });
  });

  it('reads the 2026 layout with missing fields', () => {
    const f = loadFixture('freshdesk', 'contact-without-company');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'freshdesk',
      ticketId: '4720',
      subject: 'Refund for duplicate charge',
      requesterEmail: 'lee.wong@fabrikam.example',
      sources: { ticketId: 'url', subject: 'dom', requesterEmail: 'dom' },
    });
  });

  it('falls back to the "[#id] subject" title when the heading is missing', () => {
    const f = loadFixture('freshdesk', 'contact-without-company');
    f.doc.querySelector('.sentiment-ticket-heading')?.remove();
    const s = adapter.readTicket(f.doc, f.url);
    expect(s?.subject).toBe('Refund for duplicate charge');
    expect(s?.sources?.subject).toBe('title');
  });

  it('returns null for a stale details view, list pages and foreign markup', () => {
    const f = loadFixture('freshdesk', 'details-full');
    expect(adapter.readTicket(f.doc, new URL('https://northwind.freshdesk.com/a/tickets/4715'))).toBeNull();
    expect(adapter.readTicket(f.doc, new URL('https://northwind.freshdesk.com/a/tickets/filters/all_tickets'))).toBeNull();
    const list = parseHtml('<div class="app-main-wrapper"><ul class="ticket-list"></ul></div>');
    expect(adapter.readTicket(list, new URL('https://northwind.freshdesk.com/a/tickets/4711'))).toBeNull();
  });
});

describe('freshdesk enrich', () => {
  it('maps codes to labels and counts only public outgoing replies', async () => {
    const f = loadFixture('freshdesk', 'details-full');
    const { getJson, calls } = fakeGetJson(f.api);
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls).toEqual(['/api/_/tickets/4711?include=requester,company,stats', '/api/_/tickets/4711/conversations']);
    expect(got).toEqual({
      subject: 'Printer on fire in building B',
      status: 'Open',
      priority: 'High',
      createdAt: d('2026-11-20T08:00:00Z'),
      requesterName: 'Marta Kovac',
      requesterEmail: 'marta.kovac@contoso.example',
      organization: 'Contoso Ltd',
      organizationId: '101000123',
      firstAgentReplyAt: d('2026-11-20T08:45:00Z'),
      lastAgentReplyAt: d('2026-11-20T14:30:00Z'),
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('keeps the page label for custom statuses and reports no reply when there is none', async () => {
    const f = loadFixture('freshdesk', 'contact-without-company');
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, fakeGetJson(f.api).getJson);
    expect(got).toEqual({
      subject: 'Refund for duplicate charge',
      priority: 'Urgent',
      createdAt: d('2026-11-22T17:40:00Z'),
      requesterName: 'Lee Wong',
      requesterEmail: 'lee.wong@fabrikam.example',
      problems: ["api: custom status 6, kept the page's label"],
      sources: { subject: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api' },
    });
  });

  it('uses stats when the conversations request fails, and never throws', async () => {
    const f = loadFixture('freshdesk', 'details-full');
    const api = { ...f.api };
    delete api['/api/_/tickets/4711/conversations'];
    const got = await adapter.enrich!({ helpdesk: 'freshdesk', ticketId: '4711' }, fakeGetJson(api).getJson);
    expect(got.firstAgentReplyAt).toEqual(d('2026-11-20T08:45:00Z'));
    expect(got.lastAgentReplyAt).toEqual(d('2026-11-20T14:30:00Z'));
    expect(got.problems).toEqual(['api: /api/_/tickets/4711/conversations: HTTP 404 for /api/_/tickets/4711/conversations']);

    const none = await adapter.enrich!({ helpdesk: 'freshdesk', ticketId: '1' }, fakeGetJson({}).getJson);
    expect(none.problems).toHaveLength(2);
    expect(Object.keys(none)).toEqual(['problems']);
    const odd = await adapter.enrich!({ helpdesk: 'freshdesk', ticketId: '1' }, async () => 'html login page');
    expect(odd).toEqual({ problems: ['api: ticket JSON had no ticket', 'api: conversations JSON had no list'] });
    const bad = await adapter.enrich!({ helpdesk: 'freshdesk', ticketId: '\uD800' }, fakeGetJson({}).getJson);
    expect(bad.problems?.[0]).toMatch(/^api: /);
  });
});

describe('freshdesk anchor', () => {
  it('is the subject heading of the details view', () => {
    expect(adapter.anchor(loadFixture('freshdesk', 'details-full').doc)?.className).toBe('ticket-subject-heading');
    expect(adapter.anchor(loadFixture('freshdesk', 'contact-without-company').doc)?.className).toBe('sentiment-ticket-heading');
    expect(adapter.anchor(parseHtml('<p></p>'))).toBeNull();
  });
});
