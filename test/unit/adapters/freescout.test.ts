import { describe, expect, it } from 'vitest';
import { adapter, fsDate } from '../../../lib/adapters/freescout';
import { loadFixture, parseHtml } from './fixtures';

// FreeScout prints thread dates in the agent's zone as text; the adapter reads them in the browser's zone.
const local = (d: number, h: number, mi: number) => new Date(2026, 10, d, h, mi);

describe('freescout matches()', () => {
  it.each([
    'https://help.northwind.example/conversation/1287?folder_id=14',
    'https://support.example.org/conversation/1',
    'http://192.168.1.20/conversation/77/',
    'https://example.net/helpdesk/conversation/5012#thread-9947',
    'https://fs.example.com/conversation/123456',
  ])('accepts %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://help.northwind.example/mailbox/2/14',
    'https://help.northwind.example/conversation/create/2',
    'https://help.northwind.example/customers/88/edit',
    'https://help.northwind.example/conversation/abc',
    'https://secure.helpscout.net/conversation/2615606748/19839', // Help Scout's id/number form
    'https://acme.zendesk.com/agent/tickets/1287',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('freescout readTicket()', () => {
  it('reads the conversation: drafts, notes and line items are not replies', () => {
    const f = loadFixture('freescout', 'conversation');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'freescout',
      ticketId: '1287',
      subject: 'Label printer offline after update',
      status: 'Pending',
      requesterName: 'Marta Kowalska',
      requesterEmail: 'marta.kowalska@fabrikam-logistics.example',
      organization: 'Fabrikam Logistics',
      createdAt: local(17, 16, 31),
      firstAgentReplyAt: local(17, 17, 5),
      lastAgentReplyAt: local(18, 15, 20), // the 15:40 draft is not sent
      sources: {
        ticketId: 'url', subject: 'dom', status: 'dom', requesterName: 'dom', requesterEmail: 'dom',
        organization: 'dom', createdAt: 'dom', firstAgentReplyAt: 'dom', lastAgentReplyAt: 'dom',
      },
    });
  });

  it('falls back on the title for subject and customer', () => {
    const f = loadFixture('freescout', 'conversation');
    f.doc.querySelector('.conv-subjtext')!.remove();
    f.doc.querySelector('.customer-name')!.remove();
    const s = adapter.readTicket(f.doc, f.url);
    expect([s?.subject, s?.requesterName, s?.sources?.subject, s?.sources?.requesterName]).toEqual([
      'Label printer offline after update', 'Marta Kowalska', 'title', 'title',
    ]);
  });

  it('returns null when the page renders another conversation or is not FreeScout', () => {
    const f = loadFixture('freescout', 'conversation');
    expect(adapter.readTicket(f.doc, new URL('https://help.northwind.example/conversation/1291'))).toBeNull();
    expect(adapter.readTicket(parseHtml('<title>#412 x - y</title><div class="conv-subjtext">x</div>'), f.url)).toBeNull();
    expect(adapter.readTicket(f.doc, new URL('https://help.northwind.example/mailbox/2/14'))).toBeNull();
  });

  it('anchors at the subject block', () => {
    expect(adapter.anchor(loadFixture('freescout', 'conversation').doc)?.className).toBe('conv-subj-block');
    expect(adapter.anchor(parseHtml('<div class="conv-subj-block"></div>'))).toBeNull();
  });
});

describe('fsDate', () => {
  it.each([
    ['Nov 18, 2026 15:20', local(18, 15, 20)],
    ['Nov 18, 2026 03:20 PM', local(18, 15, 20)],
    ['Nov 8, 2026 12:05 am', local(8, 0, 5)],
  ])('parses %j', (raw, want) => expect(fsDate(raw)).toEqual(want));

  it.each(['', 'yesterday', 'Feb 30, 2026 10:00', 'Nov 18, 2026 24:10', '18.11.2026 15:20'])('rejects %j', (raw) =>
    expect(fsDate(raw)).toBeUndefined(),
  );
});
