import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/hubspot';
import type { GetJson } from '../../../lib/adapters/types';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

/** The fixture as the content script sees it: with its URL and the CSRF cookie. */
function page() {
  const f = loadFixture('hubspot', 'help-desk-ticket');
  Object.defineProperty(f.doc, 'URL', { value: f.url.href });
  Object.defineProperty(f.doc, 'cookie', { value: '__hstc=1.2.3; hubspotapi-csrf=AAccUfs%3DtokenX; hubspotutk=abc' });
  return f;
}

describe('hubspot matches', () => {
  it.each([
    ['https://app.hubspot.com/help-desk/24681357/view/1234567/ticket/98765432101', true],
    ['https://app.hubspot.com/help-desk/24681357/view/1234567/ticket/98765432101/thread/555', true],
    ['https://app-eu1.hubspot.com/help-desk/24681357/search/ticket/98765432101', true],
    ['https://app.hubspot.com/help-desk/24681357/view/1234567', true], // list (no snapshot)
    ['https://app.hubspot.com/contacts/24681357/objects/0-5/views/all/list', false],
    ['https://app.hubspot.com.evil.example/help-desk/1/view/2/ticket/3', false],
    ['https://app.intercom.com/a/inbox/abc/inbox/conversation/1', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('hubspot readTicket', () => {
  it('reads the open ticket, not the list', () => {
    const f = loadFixture('hubspot', 'help-desk-ticket');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'hubspot',
      ticketId: '98765432101',
      subject: 'Invoices show the wrong VAT rate',
      requesterName: 'Marta Kovac',
      requesterEmail: 'marta.kovac@contoso.example',
      organization: 'Contoso Ltd',
      sources: { ticketId: 'url', subject: 'dom', requesterName: 'dom', requesterEmail: 'dom', organization: 'dom' },
    });
  });

  it('returns null on list views and outside the help desk app', () => {
    const f = loadFixture('hubspot', 'help-desk-ticket');
    expect(adapter.readTicket(f.doc, new URL('https://app.hubspot.com/help-desk/24681357/view/1234567'))).toBeNull();
    f.doc.querySelector('[data-test-id="help-desk-ticket-view"]')?.remove();
    expect(adapter.readTicket(f.doc, f.url)).toBeNull();
    expect(adapter.readTicket(parseHtml('<div id="app"></div>'), f.url)).toBeNull();
  });
});

describe('hubspot enrich', () => {
  it('reads ticket, stage labels and history, contact and company with the CSRF header', async () => {
    const f = page();
    const fake = fakeGetJson(f.api);
    const headers: unknown[] = [];
    const getJson: GetJson = (p, init) => { headers.push(init?.headers); return fake.getJson(p); };
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(fake.calls).toEqual(Object.keys(f.api));
    expect(headers).toEqual(Array(4).fill({ 'X-HubSpot-CSRF-hubspotapi': 'AAccUfs=tokenX' }));
    expect(got).toEqual({
      subject: 'Invoices show the wrong VAT rate',
      priority: 'High',
      createdAt: d('2026-11-20T08:00:00Z'),
      firstAgentReplyAt: d('2026-11-20T08:40:00Z'),
      // last_reply_date (10:02 next day) is the customer's message; the agent's last message was 16:05.
      lastAgentReplyAt: d('2026-11-20T16:05:00Z'),
      status: 'Waiting on us',
      statusHistory: [
        { status: 'New', at: d('2026-11-20T08:00:00Z') },
        { status: 'Waiting on contact', at: d('2026-11-20T16:05:00Z') },
        { status: 'Waiting on us', at: d('2026-11-21T10:02:00Z') },
      ],
      requesterEmail: 'marta.kovac@contoso.example',
      requesterName: 'Marta Kovac',
      organization: 'Contoso Ltd',
      organizationId: '7001',
      sources: {
        subject: 'api', priority: 'api', createdAt: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api', status: 'api',
        statusHistory: 'api', requesterEmail: 'api', requesterName: 'api', organization: 'api', organizationId: 'api',
      },
    });
  });

  it('keeps stage ids when the pipeline cannot be read, and never throws', async () => {
    const f = page();
    const api = { ...f.api };
    delete api['/api/crm/v3/pipelines/tickets/0?portalId=24681357'];
    const got = await adapter.enrich!({ helpdesk: 'hubspot', ticketId: '98765432101' }, fakeGetJson(api).getJson, f.doc);
    expect(got.status).toBe('3');
    expect(got.problems).toEqual(['api: /api/crm/v3/pipelines/tickets/0: HTTP 404 for /api/crm/v3/pipelines/tickets/0?portalId=24681357']);

    const failing = await adapter.enrich!({ helpdesk: 'hubspot', ticketId: '1' }, fakeGetJson({}).getJson, f.doc);
    expect(Object.keys(failing)).toEqual(['problems']);
    expect(await adapter.enrich!({ helpdesk: 'hubspot', ticketId: '1' }, async () => [], f.doc)).toEqual({
      problems: ['api: ticket JSON had no properties'],
    });
    expect(await adapter.enrich!({ helpdesk: 'hubspot', ticketId: '1' }, fakeGetJson({}).getJson)).toEqual({
      problems: ['api: portal id not found in the page URL'],
    });
    const bad = await adapter.enrich!({ helpdesk: 'hubspot', ticketId: '\uD800' }, fakeGetJson({}).getJson, f.doc);
    expect(bad.problems?.at(-1)).toMatch(/^api: /);
  });
});

describe('hubspot anchor', () => {
  it('is the ticket header', () => {
    expect(adapter.anchor(loadFixture('hubspot', 'help-desk-ticket').doc)?.getAttribute('data-test-id')).toBe('ticket-header');
    expect(adapter.anchor(parseHtml('<p></p>'))).toBeNull();
  });
});
