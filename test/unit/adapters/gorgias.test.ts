import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/gorgias';
import { readLayered } from '../../../lib/adapters/read';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

describe('gorgias matches()', () => {
  it.each([
    'https://northwind-shop.gorgias.com/app/views/204117/48213377',
    'https://northwind-shop.gorgias.com/app/ticket/48213377',
    'https://comfort-works.gorgias.com/app/ticket/180507823',
    'https://acme.gorgias.com/app/ticket/500/',
    'https://tellmytale.gorgias.com/app/views/1/2',
  ])('accepts %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://northwind-shop.gorgias.com/app/views/204117',
    'https://northwind-shop.gorgias.com/app/customers/90211734',
    'https://northwind-shop.gorgias.com/app/stats',
    'https://gorgias.com/app/ticket/1',
    'https://northwind-shop.gorgias.com.evil.example/app/ticket/1',
    'https://acme.zendesk.com/agent/tickets/48213377',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('gorgias readTicket()', () => {
  it('reads id, subject and status from the ticket pane', () => {
    const f = loadFixture('gorgias', 'ticket');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'gorgias',
      ticketId: '48213377',
      subject: 'Order #1042 arrived damaged',
      status: 'open',
      sources: { ticketId: 'url', subject: 'dom', status: 'dom' },
    });
  });

  it('falls back on the page title for the subject', () => {
    const f = loadFixture('gorgias', 'ticket');
    f.doc.querySelector('[class*="TicketHeader_subject"]')!.remove();
    f.doc.title = '(3) Order #1042 arrived damaged | Gorgias';
    const s = adapter.readTicket(f.doc, f.url);
    expect([s?.subject, s?.sources?.subject]).toEqual(['Order #1042 arrived damaged', 'title']);
  });

  it('returns null while the pane still shows another ticket, or without a ticket pane', () => {
    const f = loadFixture('gorgias', 'ticket');
    expect(adapter.readTicket(f.doc, new URL('https://northwind-shop.gorgias.com/app/ticket/48213012'))).toBeNull();
    expect(adapter.readTicket(parseHtml('<title>Inbox | Gorgias</title><div class="TicketList_list__3fXa1"></div>'), f.url)).toBeNull();
  });

  it('anchors at the ticket header', () => {
    expect(adapter.anchor(loadFixture('gorgias', 'ticket').doc)?.className).toContain('TicketHeader_header');
  });
});

describe('gorgias enrich()', () => {
  it('reads the ticket API: public agent messages are replies, internal notes are not', async () => {
    const f = loadFixture('gorgias', 'ticket');
    const { getJson, calls } = fakeGetJson(f.api);
    expect(await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson)).toEqual({
      subject: 'Order #1042 arrived damaged',
      status: 'open',
      priority: 'high',
      createdAt: new Date('2026-11-20T08:12:40.114Z'),
      requesterEmail: 'hana.kobayashi@example.org',
      requesterName: 'Hana Kobayashi',
      firstAgentReplyAt: new Date('2026-11-20T09:05:13.250Z'), // sent time, not the draft's created time
      lastAgentReplyAt: new Date('2026-11-20T16:44:02.900Z'),
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterEmail: 'api', requesterName: 'api',
        firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
    expect(calls).toEqual(['/api/tickets/48213377']);
  });

  it('reports a refused session as a best-effort problem and the reader keeps the page', async () => {
    const f = loadFixture('gorgias', 'ticket');
    const refused = async (p: string) => {
      throw new Error(`HTTP 401 for ${p}`);
    };
    const s = await readLayered(adapter, f.doc, f.url, refused);
    expect(s).toEqual({
      ...adapter.readTicket(f.doc, f.url),
      problems: ['api: /api/tickets/48213377 (best effort, may need an API key): HTTP 401 for /api/tickets/48213377'],
    });
  });

  it('never throws on garbage', async () => {
    const s = { helpdesk: 'gorgias', ticketId: '48213377' };
    for (const junk of [null, [], 'x', 1, { messages: 'x', customer: [] }, { messages: [null, { from_agent: true, public: true, sent_datetime: 7 }] }]) {
      const r = await adapter.enrich!(s, async () => junk);
      expect(r.createdAt).toBeUndefined();
      expect(r.firstAgentReplyAt).toBeUndefined();
    }
  });
});
