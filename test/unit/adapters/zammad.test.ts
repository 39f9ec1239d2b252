import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/zammad';
import { readLayered } from '../../../lib/adapters/read';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const at = (hms: string) => new Date(`2026-11-19T${hms}Z`);

describe('zammad matches()', () => {
  it.each([
    'https://support.tailspin.example/#ticket/zoom/5127',
    'https://support.tailspin.example/#ticket/zoom/5127/30118',
    'https://tailspin.zammad.com/#ticket/zoom/12',
    'http://10.1.1.9:3000/#ticket/zoom/5/nav/true',
    'https://helpdesk.example.org/#/ticket/zoom/77',
  ])('accepts %s', (u) => expect(adapter.matches(new URL(u))).toBe(true));

  it.each([
    'https://support.tailspin.example/#dashboard',
    'https://support.tailspin.example/#ticket/view/my_assigned',
    'https://support.tailspin.example/#ticket/create',
    'https://support.tailspin.example/#ticket/zoom/number/82013',
    'https://support.tailspin.example/ticket/zoom/5127',
    'https://rt.example.test/rt/Ticket/Display.html?id=5127',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('zammad readTicket()', () => {
  it('reads the active ticket task, not the other open task', () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'zammad',
      ticketId: '5127',
      subject: 'Webshop checkout returns HTTP 502',
      status: 'pending reminder',
      priority: '3 high',
      requesterName: 'Lena Fischer',
      requesterEmail: 'lena.fischer@tailspin-toys.example',
      organization: 'Tailspin Toys',
      createdAt: at('09:15:03.201'),
      firstAgentReplyAt: at('09:41:12.114'), // the 10:05 internal note is skipped
      lastAgentReplyAt: at('13:10:03.902'),
      sources: {
        ticketId: 'url', subject: 'dom', status: 'dom', priority: 'dom', requesterName: 'dom', requesterEmail: 'dom',
        organization: 'dom', createdAt: 'dom', firstAgentReplyAt: 'dom', lastAgentReplyAt: 'dom',
      },
    });
  });

  it('reads a background task only from its own container', () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    const s = adapter.readTicket(f.doc, new URL('https://support.tailspin.example/#ticket/zoom/5090'));
    expect([s?.subject, s?.status, s?.requesterName, s?.firstAgentReplyAt]).toEqual(['Two more seats', 'open', 'Bram de Vries', undefined]);
  });

  it('returns null for a ticket whose task is not rendered yet, and outside Zammad', () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    expect(adapter.readTicket(f.doc, new URL('https://support.tailspin.example/#ticket/zoom/6000'))).toBeNull();
    expect(adapter.readTicket(parseHtml('<div id="content_permanent_Ticket-5127"></div>'), f.url)).toBeNull();
  });

  it('anchors in the visible task', () => {
    const a = adapter.anchor(loadFixture('zammad', 'ticket-zoom').doc);
    expect(a?.closest('[id^="content_permanent_"]')?.id).toBe('content_permanent_Ticket-5127');
  });
});

describe('zammad enrich()', () => {
  it('reads ticket, articles, customer and state history', async () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    const { getJson, calls } = fakeGetJson(f.api);
    const extra = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls.sort()).toEqual([
      '/api/v1/ticket_articles/by_ticket/5127', '/api/v1/ticket_history/5127', '/api/v1/tickets/5127?expand=true', '/api/v1/users/88',
    ]);
    expect(extra).toEqual({
      subject: 'Webshop checkout returns HTTP 502',
      status: 'pending reminder',
      priority: '3 high',
      organization: 'Tailspin Toys',
      organizationId: '14',
      createdAt: at('09:15:03.201'),
      requesterEmail: 'lena.fischer@tailspin-toys.example',
      requesterName: 'Lena Fischer',
      firstAgentReplyAt: at('09:41:12.114'),
      lastAgentReplyAt: at('13:10:03.902'), // the 14:00 public note is not a reply
      statusHistory: [
        { status: 'new', at: at('09:15:03.201') },
        { status: 'open', at: at('09:41:12.300') },
        { status: 'pending reminder', at: at('13:10:04.000') },
      ],
      sources: {
        subject: 'api', status: 'api', priority: 'api', organization: 'api', organizationId: 'api', createdAt: 'api', requesterEmail: 'api',
        requesterName: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api', statusHistory: 'api',
      },
    });
  });

  it("falls back on Zammad's own reply times when the articles are not readable", async () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    const api = { ...f.api };
    delete api['/api/v1/ticket_articles/by_ticket/5127'];
    const extra = await adapter.enrich!({ helpdesk: 'zammad', ticketId: '5127' }, fakeGetJson(api).getJson);
    expect([extra.firstAgentReplyAt, extra.lastAgentReplyAt]).toEqual([at('09:41:12.114'), at('13:10:03.902')]);
    expect(extra.problems).toEqual([
      'api: /api/v1/ticket_articles/by_ticket/5127: HTTP 404 for /api/v1/ticket_articles/by_ticket/5127',
    ]);
  });

  it('uses the ids when a payload has no expanded names', async () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    const api = structuredClone(f.api) as Record<string, unknown>;
    api['/api/v1/ticket_articles/by_ticket/5127'] = (api['/api/v1/ticket_articles/by_ticket/5127'] as Record<string, unknown>[]).map(
      ({ sender: _s, type: _t, ...rest }) => rest,
    );
    const extra = await adapter.enrich!({ helpdesk: 'zammad', ticketId: '5127' }, fakeGetJson(api).getJson);
    expect(extra.lastAgentReplyAt).toEqual(at('13:10:03.902'));
  });

  it('never throws on failures or garbage', async () => {
    const s = { helpdesk: 'zammad', ticketId: '5127' };
    const down = await adapter.enrich!(s, async (p) => {
      throw new Error(`HTTP 401 for ${p}`);
    });
    expect(down.problems).toHaveLength(3);
    for (const junk of [null, [], 'x', 0, { customer_id: 'x', history: 'no' }, [{ sender: 'Agent', internal: false, created_at: 5 }]]) {
      const r = await adapter.enrich!(s, async () => junk);
      expect(r.createdAt).toBeUndefined();
      expect(r.lastAgentReplyAt).toBeUndefined();
    }
    expect(await adapter.enrich!({ helpdesk: 'zammad', ticketId: 'abc' }, async () => ({}))).toEqual({ problems: ['api: no numeric ticket id'] });
  });

  it('feeds the layered reader: API state wins over the form', async () => {
    const f = loadFixture('zammad', 'ticket-zoom');
    f.doc.querySelector('#content_permanent_Ticket-5127 select[name="state_id"] option[selected]')!.removeAttribute('selected');
    const s = await readLayered(adapter, f.doc, f.url, fakeGetJson(f.api).getJson);
    expect([s?.status, s?.sources?.status, s?.statusHistory?.length]).toEqual(['pending reminder', 'api', 3]);
  });
});
