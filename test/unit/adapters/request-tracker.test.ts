import { describe, expect, it } from 'vitest';
import { adapter, rtDate, webPath } from '../../../lib/adapters/request-tracker';
import { readLayered } from '../../../lib/adapters/read';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

// RT prints dates in the agent's zone without a marker; the adapter reads them in the browser's zone,
// so expectations are built the same way and hold in any TZ the tests run in.
const local = (d: number, h: number, mi: number, s: number) => new Date(2026, 10, d, h, mi, s);
const utc = (iso: string) => new Date(`2026-11-21T${iso}Z`);

const HISTORY = '?fields=Type,Created,Creator,Field,OldValue,NewValue&per_page=100';

describe('request-tracker matches()', () => {
  it.each([
    'https://rt.example.test/rt/Ticket/Display.html?id=4',
    'http://127.0.0.1:8080/rt/Ticket/Display.html?id=1',
    'https://tickets.northwind.example/Ticket/Display.html?id=77',
    'https://intranet.example/support/rt5/Ticket/Display.html?id=12&results=7d3c',
    'https://helpdesk.example.org/Ticket/Display.html?id=123456#txn-88',
  ])('accepts the ticket page %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://rt.example.test/rt/Search/Results.html?Query=Queue%3D%27Support%27',
    'https://rt.example.test/rt/Ticket/Modify.html?id=4',
    'https://rt.example.test/rt/Ticket/Display.html',
    'https://rt.example.test/rt/Ticket/Display.html?id=abc',
    'https://rt.example.test/rt/SelfService/Display.html?id=4',
    'https://rt.example.test/rt/',
    'https://acme.zendesk.com/agent/tickets/4',
    'https://help.example.com/scp/tickets.php?id=4',
    'https://desk.example.com/conversation/4',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('request-tracker readTicket()', () => {
  it('reads the rendered RT 5.0.3 page with its history', () => {
    const f = loadFixture('request-tracker', 'display-history');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'request-tracker',
      ticketId: '4',
      subject: 'VPN drops every 10 minutes',
      status: 'open',
      priority: 'Critical', // the Severity custom field, not RT's "High/Low" priority
      organization: 'Northwind Traders',
      requesterName: 'Jane Doe',
      requesterEmail: 'jane@northwind.example',
      createdAt: local(22, 0, 43, 32),
      // 00:43:42 is Jane's own correspondence and the 00:43:45 comment is internal: neither counts.
      firstAgentReplyAt: local(22, 0, 43, 36),
      lastAgentReplyAt: local(22, 0, 43, 47),
      statusHistory: [
        { status: 'new', at: local(22, 0, 43, 32) },
        { status: 'open', at: local(22, 0, 43, 37) },
        { status: 'stalled', at: local(22, 0, 43, 39) },
        { status: 'open', at: local(22, 0, 43, 52) },
      ],
      sources: {
        ticketId: 'dom', subject: 'dom', status: 'dom', priority: 'dom', organization: 'dom', requesterName: 'dom',
        requesterEmail: 'dom', createdAt: 'dom', firstAgentReplyAt: 'dom', lastAgentReplyAt: 'dom', statusHistory: 'dom',
      },
    });
  });

  it('reads the raw page before the history loads, ignoring the Cc watcher and the hidden edit forms', () => {
    const f = loadFixture('request-tracker', 'display-raw');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'request-tracker',
      ticketId: '2',
      subject: 'Invoice #4411 shows wrong VAT rate',
      status: 'new',
      priority: 'Medium',
      organization: 'Globex',
      requesterName: 'Bob Brown',
      requesterEmail: 'bob@globex.example',
      createdAt: local(22, 0, 42, 4),
      sources: {
        ticketId: 'dom', subject: 'dom', status: 'dom', priority: 'dom', organization: 'dom',
        requesterName: 'dom', requesterEmail: 'dom', createdAt: 'dom',
      },
    });
  });

  it('uses the page id when RT shows a merged ticket under an old id', () => {
    const f = loadFixture('request-tracker', 'display-history');
    const s = adapter.readTicket(f.doc, new URL('https://rt.example.test/rt/Ticket/Display.html?id=9'));
    expect([s?.ticketId, s?.sources?.ticketId, s?.subject]).toEqual(['4', 'dom', 'VPN drops every 10 minutes']);
  });

  it('falls back to the RT priority label when there is no Severity field', () => {
    const f = loadFixture('request-tracker', 'display-history');
    f.doc.querySelectorAll('.custom-field-Severity').forEach((e) => e.remove());
    expect(adapter.readTicket(f.doc, f.url)?.priority).toBe('High'); // not the final priority "Low"
  });

  it('takes "Last Contact" as the last agent reply while the history is not loaded', () => {
    const f = loadFixture('request-tracker', 'display-raw');
    const told = f.doc.querySelector('.ticket-info-dates .inline-edit-display .date.told .current-value')!;
    told.textContent = 'Sun Nov 22 00:50:00 2026';
    const s = adapter.readTicket(f.doc, f.url);
    expect(s?.lastAgentReplyAt).toEqual(local(22, 0, 50, 0));
    expect(s?.firstAgentReplyAt).toBeUndefined();
    expect(s?.statusHistory).toBeUndefined();
  });

  it('counts a correspondence as the agent reply only when its creator is not a requestor', () => {
    const f = loadFixture('request-tracker', 'display-history');
    // Turn the agent's last correspondence (txn 86) into one written by the requestor (user 53).
    const last = f.doc.querySelector('.transaction[data-transaction-id="86"] .description .user')!;
    last.setAttribute('data-user-id', f.doc.querySelector('.ticket-info-people .inline-edit-display .requestors .user')!.getAttribute('data-user-id')!);
    expect(adapter.readTicket(f.doc, f.url)?.lastAgentReplyAt).toEqual(local(22, 0, 43, 36));
  });

  it('returns null for the ticket list and for pages without the RT markers', () => {
    const list = loadFixture('request-tracker', 'not-ticket-search');
    const ticketUrl = new URL('https://rt.example.test/rt/Ticket/Display.html?id=4');
    expect(adapter.readTicket(list.doc, ticketUrl)).toBeNull();
    expect(adapter.readTicket(parseHtml('<body id="comp-Ticket-Display"><div id="header"><h1>#4: x</h1></div></body>'), ticketUrl)).toBeNull();
    const f = loadFixture('request-tracker', 'display-history');
    expect(adapter.readTicket(f.doc, new URL('https://rt.example.test/rt/Ticket/Modify.html?id=4'))).toBeNull();
  });

  it('finds the anchor on the ticket page only', () => {
    expect(adapter.anchor(loadFixture('request-tracker', 'display-history').doc)?.textContent).toBe('#4: VPN drops every 10 minutes');
    expect(adapter.anchor(loadFixture('request-tracker', 'not-ticket-search').doc)).toBeNull();
  });
});

describe('request-tracker enrich()', () => {
  it('reads REST 2 ticket, history and requestor under the /rt web path', async () => {
    const f = loadFixture('request-tracker', 'display-history');
    const s = adapter.readTicket(f.doc, f.url)!;
    const { getJson, calls } = fakeGetJson(f.api);
    const extra = await adapter.enrich!(s, getJson, f.doc);
    expect(calls.sort()).toEqual(['/rt/REST/2.0/ticket/4', `/rt/REST/2.0/ticket/4/history${HISTORY}`, '/rt/REST/2.0/user/jane%40northwind.example']);
    expect(extra).toEqual({
      subject: 'VPN drops every 10 minutes',
      status: 'open',
      createdAt: utc('23:43:32'),
      priority: 'Critical',
      organization: 'Northwind Traders',
      requesterEmail: 'jane@northwind.example',
      requesterName: 'Jane Doe',
      firstAgentReplyAt: utc('23:43:36'),
      lastAgentReplyAt: utc('23:43:47'), // Jane's Correspond at 23:43:42 is skipped
      statusHistory: [
        { status: 'new', at: utc('23:43:32') },
        { status: 'open', at: utc('23:43:37') },
        { status: 'stalled', at: utc('23:43:39') },
        { status: 'open', at: utc('23:43:52') },
      ],
      sources: {
        subject: 'api', status: 'api', createdAt: 'api', priority: 'api', organization: 'api', requesterEmail: 'api',
        requesterName: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api', statusHistory: 'api',
      },
    });
  });

  it('gives a ticket without replies a one-entry status history', async () => {
    const f = loadFixture('request-tracker', 'display-raw');
    const extra = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, fakeGetJson(f.api).getJson, f.doc);
    expect(extra.statusHistory).toEqual([{ status: 'new', at: utc('23:42:04') }]);
    expect(extra.firstAgentReplyAt).toBeUndefined();
    expect(extra.problems).toBeUndefined();
  });

  it('asks RT at the root when the page shows no web path', async () => {
    const f = loadFixture('request-tracker', 'display-raw');
    const { getJson, calls } = fakeGetJson({});
    const extra = await adapter.enrich!({ helpdesk: 'request-tracker', ticketId: '2' }, getJson, parseHtml('<p></p>'));
    expect(calls.sort()).toEqual(['/REST/2.0/ticket/2', `/REST/2.0/ticket/2/history${HISTORY}`]);
    expect(extra.problems).toEqual(['api: /REST/2.0/ticket/2: HTTP 404 for /REST/2.0/ticket/2', 'api: /REST/2.0/ticket/2/history: HTTP 404 for /REST/2.0/ticket/2/history' + HISTORY]);
    expect(webPath(f.doc)).toBe('/rt');
  });

  it('reads the last history page too when there are several', async () => {
    const f = loadFixture('request-tracker', 'display-history');
    const api = structuredClone(f.api) as Record<string, { items: unknown[]; pages?: number }>;
    const page1 = api[`/rt/REST/2.0/ticket/4/history${HISTORY}`]!;
    const items = page1.items;
    api[`/rt/REST/2.0/ticket/4/history${HISTORY}`] = { ...page1, items: items.slice(0, 9), pages: 3 };
    api[`/rt/REST/2.0/ticket/4/history${HISTORY}&page=3`] = { ...page1, items: items.slice(9), pages: 3 };
    const extra = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, fakeGetJson(api).getJson, f.doc);
    expect(extra.lastAgentReplyAt).toEqual(utc('23:43:47'));
    expect(extra.problems).toEqual(['api: history has 3 pages; read the first and the last']);
  });

  it('never throws on failures or garbage', async () => {
    const f = loadFixture('request-tracker', 'display-history');
    const s = adapter.readTicket(f.doc, f.url)!;
    const failing = async () => {
      throw new Error('HTTP 403 for /rt/REST/2.0/ticket/4');
    };
    const r1 = await adapter.enrich!(s, failing, f.doc);
    expect(r1.problems?.length).toBe(2);
    expect(r1.status).toBeUndefined();
    for (const junk of [null, [], 'x', 42, { items: 'no' }, { Requestor: 'x', CustomFields: [null, 1] }]) {
      const r = await adapter.enrich!(s, async () => junk, f.doc);
      expect(r.createdAt).toBeUndefined();
      expect(r.firstAgentReplyAt).toBeUndefined();
    }
  });

  it('lets the API times win over the page in the layered reader', async () => {
    const f = loadFixture('request-tracker', 'display-history');
    const s = await readLayered(adapter, f.doc, f.url, fakeGetJson(f.api).getJson);
    expect(s?.createdAt).toEqual(utc('23:43:32'));
    expect(s?.sources?.createdAt).toBe('api');
    expect(s?.ticketId).toBe('4');
  });
});

describe('webPath', () => {
  const page = (url: string) => ({ URL: url, querySelector: () => null }) as unknown as Document;
  it.each([
    ['https://rt.example.test/rt/Ticket/Display.html?id=4', '/rt'],
    ['https://intranet.example/support/rt5/Ticket/Display.html?id=12#txn-3', '/support/rt5'],
    ['https://tickets.northwind.example/Ticket/Display.html?id=77', ''],
    ['about:blank', ''],
  ])('reads %s as %j', (url, want) => expect(webPath(page(url))).toBe(want));

  it('reads the page links when the document has no URL', () => {
    expect(webPath(loadFixture('request-tracker', 'display-raw').doc)).toBe('/rt');
    expect(webPath(parseHtml('<form class="inline-edit" action="/Ticket/Display.html"></form>'))).toBe('');
    expect(webPath(undefined)).toBe('');
  });
});

describe('rtDate', () => {
  it.each([
    ['Sun Nov 22 00:43:32 2026', local(22, 0, 43, 32)],
    ['Sun\u00a0Nov\u00a022\u00a000:43:32\u00a02026', local(22, 0, 43, 32)],
    ['2026-11-22 00:43:32', local(22, 0, 43, 32)],
    ['Sun, Nov 22, 2026 12:43:32 AM', local(22, 0, 43, 32)],
    ['Sun, Nov 22, 2026 1:05 PM', local(22, 13, 5, 0)],
    ['Sun, 22 Nov 2026 00:43:32 +0100', new Date('2026-11-21T23:43:32Z')],
  ])('parses %j', (raw, want) => expect(rtDate(raw)).toEqual(want));

  it.each(['Not set', 'Never', '', 'Feb 31 10:00:00 2026', 'yesterday', 'Sun Nov 22 25:00:00 2026'])('rejects %j', (raw) =>
    expect(rtDate(raw)).toBeUndefined(),
  );
});
