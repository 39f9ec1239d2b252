import { describe, expect, it } from 'vitest';
import { adapter, osDate } from '../../../lib/adapters/osticket';
import { loadFixture, parseHtml } from './fixtures';

const sources = {
  ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom', requesterEmail: 'dom',
  organization: 'dom', createdAt: 'dom', firstAgentReplyAt: 'dom', lastAgentReplyAt: 'dom',
} as const;

describe('osticket matches()', () => {
  it.each([
    'https://support.northwind.example/scp/tickets.php?id=217',
    'http://10.0.0.5/osticket/scp/tickets.php?id=1',
    'https://help.example.org/support/scp/tickets.php?id=99812#reply',
    'https://tickets.example.net/scp/tickets.php?id=5&_pjax=%23pjax-container',
    'https://desk.example.com/scp/tickets.php?id=42',
  ])('accepts the ticket view %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://support.northwind.example/scp/tickets.php',
    'https://support.northwind.example/scp/tickets.php?queue=1',
    'https://support.northwind.example/scp/tickets.php?id=217&a=edit',
    'https://support.northwind.example/scp/tickets.php?id=217&a=print',
    'https://support.northwind.example/tickets.php?id=217', // the client portal, not the staff panel
    'https://support.northwind.example/scp/users.php?id=42',
    'https://rt.example.test/rt/Ticket/Display.html?id=217',
    'https://acme.freshdesk.com/a/tickets/217',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('osticket readTicket()', () => {
  it('reads the English ticket view, ignoring the internal note and the collaborator', () => {
    const f = loadFixture('osticket', 'ticket-view');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'osticket',
      ticketId: '217',
      subject: 'Invoice PDF missing line items',
      status: 'Open',
      priority: 'High',
      requesterName: 'Priya Raman',
      requesterEmail: 'priya.raman@contoso-retail.example',
      organization: 'Contoso Retail',
      createdAt: new Date('2026-11-12T09:14:05-05:00'),
      firstAgentReplyAt: new Date('2026-11-12T11:30:41-05:00'),
      lastAgentReplyAt: new Date('2026-11-12T16:47:19-05:00'),
      sources,
    });
  });

  it('reads the German view through ids and links, not labels', () => {
    const f = loadFixture('osticket', 'ticket-view-de');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'osticket',
      ticketId: '218',
      subject: 'Rechnungs-PDF ohne Positionen',
      status: 'Offen',
      priority: 'Hoch',
      requesterName: 'Priya Raman',
      requesterEmail: 'priya.raman@contoso-retail.example',
      organization: 'Contoso Retail',
      createdAt: new Date('2026-11-12T09:14:05-05:00'),
      firstAgentReplyAt: new Date('2026-11-12T11:30:41-05:00'),
      lastAgentReplyAt: new Date('2026-11-12T16:47:19-05:00'),
      sources,
    });
  });

  it('falls back on the template row order for an agent without edit rights and no thread times', () => {
    const f = loadFixture('osticket', 'ticket-view-de');
    // Without edit rights the cells hold plain text instead of the action links.
    for (const a of Array.from(f.doc.querySelectorAll('table.ticket_info td > a.tickets-action, table.ticket_info td > a#inline-update'))) {
      a.replaceWith(f.doc.createTextNode(a.textContent ?? ''));
    }
    f.doc.querySelectorAll('#ticketThread .thread-entry').forEach((e) => e.remove());
    const s = adapter.readTicket(f.doc, f.url);
    expect([s?.status, s?.priority]).toEqual(['Offen', 'Hoch']);
    expect(s?.createdAt).toEqual(new Date(2026, 10, 12, 9, 14)); // "12.11.26 09:14" (Erstellungsdatum)
    expect(s?.lastAgentReplyAt).toEqual(new Date(2026, 10, 12, 16, 47)); // "Letzte Antwort"
    expect(s?.firstAgentReplyAt).toBeUndefined();
  });

  it('waits while pjax still shows another ticket', () => {
    const f = loadFixture('osticket', 'ticket-view');
    expect(adapter.readTicket(f.doc, new URL('https://support.northwind.example/scp/tickets.php?id=218'))).toBeNull();
  });

  it('returns null on the ticket queue and on pages without the view markers', () => {
    const url = new URL('https://support.northwind.example/scp/tickets.php?id=217');
    const queue = parseHtml('<div id="content"><form action="tickets.php" id="tickets"><table class="list queue"><tr><td><a href="tickets.php?id=217">604388</a></td></tr></table></form></div>');
    expect(adapter.readTicket(queue, url)).toBeNull();
    const noTable = loadFixture('osticket', 'ticket-view');
    noTable.doc.querySelectorAll('table.ticket_info').forEach((e) => e.remove());
    expect(adapter.readTicket(noTable.doc, url)).toBeNull();
  });

  it('anchors at the subject row', () => {
    expect(adapter.anchor(loadFixture('osticket', 'ticket-view').doc)?.className).toContain('tixTitle');
    expect(adapter.anchor(parseHtml('<div class="tixTitle"></div>'))).toBeNull();
  });
});

describe('osDate', () => {
  it.each([
    ['11/12/26 9:14 AM', new Date(2026, 10, 12, 9, 14)],
    ['11/12/2026 4:47 PM', new Date(2026, 10, 12, 16, 47)],
    ['12.11.26 09:14', new Date(2026, 10, 12, 9, 14)],
    ['2026-11-12 16:47:05', new Date(2026, 10, 12, 16, 47, 5)],
    ['11/12/26 12:00 AM', new Date(2026, 10, 12, 0, 0)],
  ])('parses %j', (raw, want) => expect(osDate(raw)).toEqual(want));

  it.each(['', 'Thursday', '13/13/26 9:14', '31.02.26 10:00', '11/12/26 25:00'])('rejects %j', (raw) => expect(osDate(raw)).toBeUndefined());
});
