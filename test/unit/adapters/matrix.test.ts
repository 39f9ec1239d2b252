// Cross-adapter checks over every page fixture of every helpdesk:
// - each adapter reads only its own helpdesk's pages, even when handed a URL it accepts (DOM markers count);
// - the registry picks the right adapter for every fixture and for real-looking URL tables.
// Fixtures named `not-ticket-*` are other pages of their helpdesk (lists, dashboards): no adapter reads them.
import { describe, expect, it } from 'vitest';
import { adapterFor, adapters } from '../../../lib/adapters/index';
import type { HelpdeskAdapter } from '../../../lib/adapters/types';
import { allFixtures, parseHtml, type Fixture } from './fixtures';

const IDS = [
  'zendesk', 'freshdesk', 'jira', 'servicenow', 'hubspot', 'intercom', 'zoho-desk',
  'help-scout', 'front', 'gorgias', 'request-tracker', 'osticket', 'zammad', 'freescout',
];

const fixtures = allFixtures();
const isTicketPage = (f: Fixture) => !f.name.startsWith('not-ticket');

/** Real-looking ticket URLs per helpdesk (hosts fictitious where they are the customer's own). */
const TICKET_URLS: Record<string, string[]> = {
  zendesk: [
    'https://acme.zendesk.com/agent/tickets/12345',
    'https://northwind.zendesk.com/agent/tickets/7',
    'https://support-eu.zendesk.com/agent/tickets/998877/events',
    'https://acme.zendesk.com/agent/tickets/4711/',
    'https://contoso.zendesk.com/agent/tickets/31',
  ],
  freshdesk: [
    'https://acme.freshdesk.com/a/tickets/4711',
    'https://northwind.freshdesk.com/a/tickets/12',
    'https://contoso.freshdesk.com/helpdesk/tickets/9001',
    'https://acme.freshdesk.com/a/tickets/4711/',
    'https://wingtip.freshdesk.com/a/tickets/300',
  ],
  jira: [
    'https://acme.atlassian.net/browse/SUP-42',
    'https://acme.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1/SUP-42',
    'https://northwind.atlassian.net/browse/HELP-7',
    'https://jira.northwind.example/browse/OPS-1234',
    'https://intranet.example.org/jira/browse/ITSD-88',
  ],
  servicenow: [
    'https://acme.service-now.com/incident.do?sys_id=46e8219fa9fe198100b3e7d8f2f5c3a1',
    'https://acme.service-now.com/now/sow/record/incident/46e8219fa9fe198100b3e7d8f2f5c3a1',
    'https://northwind.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D46e8219fa9fe198100b3e7d8f2f5c3a1',
    'https://contoso.service-now.com/incident.do?sys_id=0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'https://acme.service-now.com/now/sow/record/incident/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  ],
  hubspot: [
    'https://app.hubspot.com/help-desk/123456/view/all/ticket/987654321',
    'https://app-eu1.hubspot.com/help-desk/7654321/view/open/ticket/1122334455',
    'https://app.hubspot.com/help-desk/123456/view/all/ticket/987654321/thread/5551234',
    'https://app.hubspot.com/help-desk/222/search/ticket/333',
    'https://app-eu1.hubspot.com/help-desk/9/view/all/ticket/10',
  ],
  intercom: [
    'https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/201234567',
    'https://app.intercom.com/a/inbox/abc123de/inbox/admin/4455/conversation/201234568',
    'https://app.eu.intercom.com/a/inbox/xyz789/inbox/conversation/9988776655',
    'https://app.au.intercom.com/a/inbox/q1w2e3/inbox/shared/unassigned/conversation/77',
    'https://app.intercom.com/a/inbox/abc123de/inbox/search/conversation/1',
  ],
  'zoho-desk': [
    'https://desk.zoho.com/agent/acme/support/tickets/details/123456000001234567',
    'https://desk.zoho.eu/agent/northwind/it-help/tickets/details/99000000012345',
    'https://desk.zoho.in/agent/contoso/billing/tickets/details/55000000000777',
    'https://desk.zoho.com.au/agent/wingtip/support/tickets/details/1',
    'https://desk.zoho.com/agent/acme/support/tickets/details/123456000001234567/conversation',
  ],
  'help-scout': [
    'https://secure.helpscout.net/conversation/2615606748/19839?folderId=1781329',
    'https://secure.helpscout.net/conversation/1420887033/6577',
    'https://secure.helpscout.net/conversation/3165421267/',
    'https://secure.helpscout.net/conversation/3250296223',
    'https://app.helpscout.com/conversations/3250296223/20112',
  ],
  front: [
    'https://app.frontapp.com/open/cnv_1jdgxx0l',
    'https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned/120537545061',
    'https://app.frontapp.com/inboxes/teammates/20999898/inbox/all/117421069338',
    'https://app.frontapp.com/inboxes/shared/support/open/121516198',
    'https://app.frontapp.com/inboxes/teams/views/9523270/open/26322453318',
  ],
  gorgias: [
    'https://northwind-shop.gorgias.com/app/views/204117/48213377',
    'https://northwind-shop.gorgias.com/app/ticket/48213377',
    'https://comfort-works.gorgias.com/app/ticket/180507823',
    'https://acme.gorgias.com/app/ticket/500',
    'https://tellmytale.gorgias.com/app/views/1/2',
  ],
  'request-tracker': [
    'https://rt.example.test/rt/Ticket/Display.html?id=4',
    'http://127.0.0.1:8080/rt/Ticket/Display.html?id=1',
    'https://tickets.northwind.example/Ticket/Display.html?id=77',
    'https://intranet.example/support/rt5/Ticket/Display.html?id=12&results=7d3c',
    'https://helpdesk.example.org/Ticket/Display.html?id=123456#txn-88',
  ],
  osticket: [
    'https://support.northwind.example/scp/tickets.php?id=217',
    'http://10.0.0.5/osticket/scp/tickets.php?id=1',
    'https://help.example.org/support/scp/tickets.php?id=99812#reply',
    'https://tickets.example.net/scp/tickets.php?id=5',
    'https://desk.example.com/scp/tickets.php?id=42',
  ],
  zammad: [
    'https://support.tailspin.example/#ticket/zoom/5127',
    'https://support.tailspin.example/#ticket/zoom/5127/30118',
    'https://tailspin.zammad.com/#ticket/zoom/12',
    'http://10.1.1.9:3000/#ticket/zoom/5/nav/true',
    'https://helpdesk.example.org/#/ticket/zoom/77',
  ],
  freescout: [
    'https://help.northwind.example/conversation/1287?folder_id=14',
    'https://support.example.org/conversation/1',
    'http://192.168.1.20/conversation/77/',
    'https://example.net/helpdesk/conversation/5012#thread-9947',
    'https://fs.example.com/conversation/123456',
  ],
};

/** Other pages of the helpdesks: no adapter, or an adapter that reads no ticket there. */
const NON_TICKET_URLS = [
  'https://acme.zendesk.com/agent/dashboard',
  'https://acme.zendesk.com/agent/filters/360001',
  'https://acme.zendesk.com/hc/en-us/requests/12345',
  'https://acme.freshdesk.com/a/dashboard/default',
  'https://acme.freshdesk.com/a/tickets/filters/all_tickets',
  'https://acme.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1',
  'https://acme.atlassian.net/servicedesk/customer/portal/1/SUP-42',
  'https://acme.service-now.com/incident_list.do',
  'https://app.hubspot.com/contacts/123456/objects/0-5/views/all/list',
  'https://app.intercom.com/a/inbox/abc123de/inbox/shared/all',
  'https://desk.zoho.com/agent/acme/support/tickets/list/all-open',
  'https://secure.helpscout.net/inboxes/508ac92f66c3dcff/views/99451',
  'https://app.frontapp.com/inboxes/shared/intercom/open/latest',
  'https://northwind-shop.gorgias.com/app/views/204117',
  'https://rt.example.test/rt/Search/Results.html?Query=Queue%3D%27Support%27',
  'https://support.northwind.example/scp/tickets.php?queue=1',
  'https://support.tailspin.example/#dashboard',
  'https://help.northwind.example/mailbox/2/14',
  'https://www.example.com/',
  'https://mail.google.com/mail/u/0/#inbox',
];

const byId = new Map(adapters.map((a) => [a.id, a]));

/** URLs an adapter accepts: its own fixtures' URLs plus its table. */
function acceptedUrls(a: HelpdeskAdapter): URL[] {
  const urls = [...fixtures.filter((f) => f.helpdesk === a.id).map((f) => f.url), ...(TICKET_URLS[a.id] ?? []).map((u) => new URL(u))];
  return urls.filter((u) => a.matches(u));
}

describe('registry', () => {
  it('holds all 14 helpdesks once, each id naming its file', () => {
    expect(adapters.map((a) => a.id).sort()).toEqual([...IDS].sort());
    for (const a of adapters) expect(typeof a.label).toBe('string');
  });

  it('never throws, even when an adapter does', () => {
    const broken: HelpdeskAdapter = { ...adapters[0]!, matches: () => { throw new Error('boom'); } };
    const saved = adapters[0]!;
    adapters[0] = broken;
    try {
      expect(adapterFor(new URL(TICKET_URLS.osticket![0]!))?.id).toBe('osticket');
    } finally {
      adapters[0] = saved;
    }
  });

  describe.each(Object.entries(TICKET_URLS))('%s ticket URLs', (id, urls) => {
    it.each(urls)('%s', (u) => expect(adapterFor(new URL(u))?.id).toBe(id));
  });

  it.each(NON_TICKET_URLS)('%s is not read as a ticket', (u) => {
    const url = new URL(u);
    const a = adapterFor(url);
    if (!a) return;
    // The SaaS apps match their whole app; on a non-ticket route the adapter reads nothing, even from a
    // page that holds a ticket of that helpdesk (a stale pane during SPA navigation).
    const own = fixtures.find((f) => f.helpdesk === a.id && isTicketPage(f));
    expect(a.readTicket(own?.doc ?? parseHtml('<p></p>'), url)).toBeNull();
  });
});

describe('fixtures', () => {
  it('exist for every helpdesk of this batch', () => {
    const have = new Set(fixtures.map((f) => f.helpdesk));
    for (const id of ['help-scout', 'front', 'gorgias', 'request-tracker', 'osticket', 'zammad', 'freescout']) expect(have).toContain(id);
  });

  describe.each(fixtures.map((f) => [`${f.helpdesk}/${f.name}`, f] as const))('%s', (_name, f) => {
    it('is routed to its own adapter', () => {
      const a = adapterFor(f.url);
      if (isTicketPage(f)) expect(a?.id).toBe(f.helpdesk);
      else if (a) expect(a.id).toBe(f.helpdesk);
    });

    it(isTicketPage(f) ? 'is read by its own adapter only' : 'is read by no adapter', () => {
      const own = byId.get(f.helpdesk);
      expect(own, `no adapter for ${f.helpdesk}`).toBeDefined();
      if (isTicketPage(f)) expect(own!.readTicket(f.doc, f.url)?.helpdesk).toBe(f.helpdesk);
      else expect(own!.readTicket(f.doc, f.url)).toBeNull();
      const wrong: string[] = [];
      for (const a of adapters) {
        if (a.id === f.helpdesk) continue;
        for (const url of [f.url, ...acceptedUrls(a)]) {
          if (a.readTicket(f.doc, url) !== null) wrong.push(`${a.id} @ ${url.href}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });
});
