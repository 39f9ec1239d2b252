import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/help-scout';
import { loadFixture, parseHtml } from './fixtures';

describe('help-scout matches()', () => {
  it.each([
    'https://secure.helpscout.net/conversation/2615606748/19839?folderId=1781329',
    'https://secure.helpscout.net/conversation/1420887033/6577',
    'https://secure.helpscout.net/conversation/3165421267/',
    'https://secure.helpscout.net/conversation/3250296223',
    'https://app.helpscout.com/conversations/3250296223/20112',
  ])('accepts %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://secure.helpscout.net/inboxes/508ac92f66c3dcff/views/99451',
    'https://secure.helpscout.net/dashboard',
    'https://secure.helpscout.net/conversation/new',
    'https://help.northwind.example/conversation/1287', // FreeScout on its own host
    'https://helpscout.net.evil.example/conversation/1/2',
    'https://app.frontapp.com/open/cnv_abc',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('help-scout readTicket()', () => {
  it('reads the current UI: id from the URL, subject from the header, customer from the title', () => {
    const f = loadFixture('help-scout', 'conversation');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'help-scout',
      ticketId: '2615606748',
      subject: 'Quantity field ignores decimals',
      requesterName: 'Olivia Chen',
      sources: { ticketId: 'url', subject: 'dom', requesterName: 'title' },
    });
  });

  it('reads the legacy theme', () => {
    const f = loadFixture('help-scout', 'conversation-legacy');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'help-scout',
      ticketId: '1420887033',
      subject: 'Multisite images point to the wrong CDN',
      requesterName: 'Tom Becker',
      sources: { ticketId: 'url', subject: 'dom', requesterName: 'title' },
    });
  });

  it('ignores a title that still names the previous conversation', () => {
    const f = loadFixture('help-scout', 'conversation');
    f.doc.title = '#19411 Refund for order 5521 - Olivia Chen';
    f.doc.querySelector('[aria-label="Conversation Subject"]')!.remove();
    const s = adapter.readTicket(f.doc, f.url);
    expect([s?.subject, s?.requesterName]).toEqual([undefined, undefined]);
  });

  it('takes the subject from the title and keeps " - " inside subjects', () => {
    const f = loadFixture('help-scout', 'conversation');
    f.doc.title = '#19839 Checkout - quantity - decimals - Olivia Chen';
    f.doc.querySelector('[aria-label="Conversation Subject"]')!.remove();
    const s = adapter.readTicket(f.doc, f.url);
    expect([s?.subject, s?.sources?.subject, s?.requesterName]).toEqual(['Checkout - quantity - decimals', 'title', 'Olivia Chen']);
  });

  it('needs Help Scout markup, not just the URL', () => {
    const f = loadFixture('help-scout', 'conversation');
    expect(adapter.readTicket(parseHtml('<title>#19839 Quantity field ignores decimals - Olivia Chen</title><p>x</p>'), f.url)).toBeNull();
  });

  it('anchors at the header actions', () => {
    expect(adapter.anchor(loadFixture('help-scout', 'conversation').doc)?.getAttribute('data-cy')).toBe('ConversationHeader.Actions');
    expect(adapter.anchor(loadFixture('help-scout', 'conversation-legacy').doc)?.className).toBe('actions__wrapper');
  });
});
