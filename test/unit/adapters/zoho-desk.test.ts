import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/zoho-desk';
import type { GetJson } from '../../../lib/adapters/types';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

function page() {
  const f = loadFixture('zoho-desk', 'ticket-detail');
  Object.defineProperty(f.doc, 'URL', { value: f.url.href });
  return f;
}

describe('zoho-desk matches', () => {
  it.each([
    ['https://desk.zoho.com/agent/northwindsupport/it-support/tickets/details/582910000012345678', true],
    ['https://desk.zoho.eu/agent/northwindsupport/it-support/tickets/details/582910000012345678', true],
    ['https://desk.zoho.com.au/agent/northwindsupport/it-support/tickets/list/all-cases', true], // list (no snapshot)
    ['https://desk.zoho.com/portal/northwindsupport/en/myarea', false], // customer portal
    ['https://desk.zoho.com.evil.example/agent/a/b/tickets/details/1', false],
    ['https://northwind.freshdesk.com/a/tickets/1', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('zoho-desk readTicket', () => {
  it('reads the full subject of the open ticket, not the list cards', () => {
    const f = loadFixture('zoho-desk', 'ticket-detail');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'zoho-desk',
      ticketId: '582910000012345678',
      subject: 'VPN certificate expired for all remote staff',
      sources: { ticketId: 'url', subject: 'dom' },
    });
  });

  it('returns null on lists and without the detail view', () => {
    const f = loadFixture('zoho-desk', 'ticket-detail');
    expect(adapter.readTicket(f.doc, new URL('https://desk.zoho.com/agent/northwindsupport/it-support/tickets/list/all-cases'))).toBeNull();
    f.doc.querySelector('.zd_v2-ticketdetailview-container')?.remove();
    expect(adapter.readTicket(f.doc, f.url)).toBeNull();
  });
});

describe('zoho-desk enrich', () => {
  it('reads the ticket and public agent threads with the orgId found on the page', async () => {
    const f = page();
    const fake = fakeGetJson(f.api);
    const headers: unknown[] = [];
    const getJson: GetJson = (p, init) => { headers.push(init?.headers); return fake.getJson(p); };
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(fake.calls).toEqual(Object.keys(f.api));
    expect(headers).toEqual([{ orgId: '20078282365' }, { orgId: '20078282365' }]);
    expect(got).toEqual({
      subject: 'VPN certificate expired for all remote staff',
      status: 'Open',
      priority: 'High',
      createdAt: d('2026-11-20T08:00:00Z'),
      requesterName: 'Dana Whitfield',
      requesterEmail: 'dana.whitfield@fabrikam.example',
      organization: 'Fabrikam Inc',
      organizationId: '582910000000211001',
      firstAgentReplyAt: d('2026-11-20T08:50:00Z'),
      lastAgentReplyAt: d('2026-11-21T09:05:00Z'),
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('finds the orgId in inline bootstrap data too', async () => {
    const doc = parseHtml('<script>var desk_urls = {"orgId":"20078282365","portal":"northwindsupport"};</script>');
    Object.defineProperty(doc, 'URL', { value: 'https://desk.zoho.com/agent/northwindsupport/it-support/tickets/details/582910000012345678' });
    const { getJson, calls } = fakeGetJson(page().api);
    const got = await adapter.enrich!({ helpdesk: 'zoho-desk', ticketId: '582910000012345678' }, getJson, doc);
    expect(calls).toHaveLength(2);
    expect(got.organization).toBe('Fabrikam Inc');
  });

  it('reports a missing orgId and never throws', async () => {
    const s = { helpdesk: 'zoho-desk', ticketId: '582910000012345678' };
    const f = page();
    f.doc.querySelector('img.zd_v2-avatar')?.remove();
    expect(await adapter.enrich!(s, fakeGetJson({}).getJson, f.doc)).toEqual({ problems: ['api: orgId not found on the page'] });
    expect(await adapter.enrich!(s, fakeGetJson({}).getJson)).toEqual({ problems: ['api: portal not found on the page'] });
    const failing = await adapter.enrich!(s, fakeGetJson({}).getJson, page().doc);
    expect(Object.keys(failing)).toEqual(['problems']);
    expect(failing.problems).toHaveLength(2);
    expect(await adapter.enrich!(s, async () => ({ data: 'x' }), page().doc)).toEqual({ problems: ['api: ticket JSON had no id'] });
    const bad = await adapter.enrich!({ helpdesk: 'zoho-desk', ticketId: '\uD800' }, fakeGetJson({}).getJson, page().doc);
    expect(bad.problems?.[0]).toMatch(/^api: /);
  });
});

describe('zoho-desk anchor', () => {
  it('is the subject row actions', () => {
    expect(adapter.anchor(loadFixture('zoho-desk', 'ticket-detail').doc)?.className).toBe('zd_v2-ticketsubject-rightSideDiv');
    expect(adapter.anchor(parseHtml('<p></p>'))).toBeNull();
  });
});
