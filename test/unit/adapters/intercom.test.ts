import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/intercom';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);

function page() {
  const f = loadFixture('intercom', 'inbox-conversation');
  Object.defineProperty(f.doc, 'URL', { value: f.url.href });
  return f;
}

describe('intercom matches', () => {
  it.each([
    ['https://app.intercom.com/a/inbox/k7x2m9qa/inbox/shared/all/conversation/215471234567890', true],
    ['https://app.eu.intercom.com/a/inbox/k7x2m9qa/inbox/admin/4343/conversation/215471234567890', true],
    ['https://app.intercom.com/a/inbox/k7x2m9qa/inbox/shared/all', true], // list (no snapshot)
    ['https://www.intercom.com/help/en/articles/123', false],
    ['https://app.intercom.com.evil.example/a/inbox/x/inbox/conversation/1', false],
    ['https://app.hubspot.com/help-desk/1/view/2/ticket/3', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('intercom readTicket', () => {
  it('reads the open conversation title', () => {
    const f = loadFixture('intercom', 'inbox-conversation');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'intercom',
      ticketId: '215471234567890',
      subject: 'Cannot export CSV since update',
      sources: { ticketId: 'url', subject: 'dom' },
    });
  });

  it('returns null for the list and without the conversation markers', () => {
    const f = loadFixture('intercom', 'inbox-conversation');
    expect(adapter.readTicket(f.doc, new URL('https://app.intercom.com/a/inbox/k7x2m9qa/inbox/shared/all'))).toBeNull();
    expect(adapter.readTicket(parseHtml('<main class="flex"></main>'), f.url)).toBeNull();
  });
});

describe('intercom enrich', () => {
  it('reads the conversation and counts only admin replies visible to the customer', async () => {
    const f = page();
    const { getJson, calls } = fakeGetJson(f.api);
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls).toEqual(['/ember/inbox/conversations/215471234567890?app_id=k7x2m9qa']);
    expect(got).toEqual({
      subject: 'Cannot export CSV since update',
      status: 'Open',
      priority: 'Priority',
      createdAt: d('2026-11-20T08:00:00Z'),
      requesterName: 'Jane Cooper',
      requesterEmail: 'jane@northwind.example',
      organization: 'Northwind Traders',
      organizationId: '64f0c1d2e3b4a5968778695a',
      // 08:30 is a note (3), 09:10 the customer (12); 10:45 comes as unix seconds.
      firstAgentReplyAt: d('2026-11-20T08:25:00Z'),
      lastAgentReplyAt: d('2026-11-20T10:45:00Z'),
      problems: ['api: 1 message part(s) of unknown type were not counted'],
      sources: {
        subject: 'api', status: 'api', priority: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('never throws', async () => {
    const f = page();
    const s = { helpdesk: 'intercom', ticketId: '215471234567890' };
    expect(await adapter.enrich!(s, fakeGetJson({}).getJson, f.doc)).toEqual({
      problems: ['api: /ember/inbox/conversations/215471234567890: HTTP 404 for /ember/inbox/conversations/215471234567890?app_id=k7x2m9qa'],
    });
    expect(await adapter.enrich!(s, async () => null, f.doc)).toEqual({ problems: ['api: conversation JSON had no id'] });
    expect(await adapter.enrich!(s, async () => ({ id: 1, renderable_parts: {} }), f.doc)).toEqual({
      problems: ['api: conversation JSON had no renderable_parts'],
    });
    expect(await adapter.enrich!(s, fakeGetJson(f.api).getJson)).toEqual({ problems: ['api: workspace id not found in the page URL'] });
    const bad = await adapter.enrich!({ helpdesk: 'intercom', ticketId: '\uD800' }, fakeGetJson({}).getJson, f.doc);
    expect(bad.problems?.[0]).toMatch(/^api: /);
  });
});

describe('intercom anchor', () => {
  it('is the conversation toolbar', () => {
    expect(adapter.anchor(loadFixture('intercom', 'inbox-conversation').doc)?.getAttribute('data-intercom-target')).toBe('conversation-toolbar');
    expect(adapter.anchor(parseHtml('<p></p>'))).toBeNull();
  });
});
