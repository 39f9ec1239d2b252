import { describe, expect, it } from 'vitest';
import { adapter as generic, genericAdapterFor, withRuleOverrides } from '../../lib/adapters/generic';
import { readLayered } from '../../lib/adapters/read';
import { adapter as zendesk } from '../../lib/adapters/zendesk';
import type { Rule } from '../../lib/rules/model';
import { allFixtures, fakeGetJson, loadFixture } from './adapters/fixtures';
import { ACME, acmeRule, acmeWidgetsRule, attachDeclarativeShadowRoots } from './rules-helpers';

const d = (iso: string) => new Date(iso);

describe('generic adapter on the unknown helpdesk', () => {
  it('is never picked by URL and reads nothing without rules', () => {
    const f = loadFixture('_unknown', 'acme-desk');
    expect(generic.id).toBe('generic');
    expect(generic.matches(f.url)).toBe(false);
    expect(generic.readTicket(f.doc, f.url)).toBeNull();
    expect(genericAdapterFor([], f.url)).toBeNull();
    expect(genericAdapterFor([acmeRule], new URL('https://other.example/desk/tickets/731'))).toBeNull();
  });

  it('reads the classic ticket view end to end', () => {
    const f = loadFixture('_unknown', 'acme-desk');
    const a = genericAdapterFor([acmeRule], f.url)!;
    expect(a.id).toBe('generic');
    expect(a.label).toBe('Acme Desk');
    expect(a.matches(f.url)).toBe(true);
    expect(a.matches(new URL(`${ACME}/desk/reports`))).toBe(false);
    expect(a.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'generic',
      ticketId: '731',
      subject: 'Printer queue stuck on floor 3',
      requesterName: 'Jane Cooper',
      requesterEmail: 'jane.cooper@northwind.example',
      organization: 'Northwind Traders',
      priority: 'Urgent',
      status: 'Open',
      createdAt: d('2026-11-18T08:42:00Z'),
      firstAgentReplyAt: d('2026-11-18T09:15:00Z'),
      lastAgentReplyAt: d('2026-11-18T11:05:00Z'),
      sources: {
        ticketId: 'rule', subject: 'rule', requesterName: 'rule', requesterEmail: 'rule', organization: 'rule',
        priority: 'rule', status: 'rule', createdAt: 'rule', firstAgentReplyAt: 'rule', lastAgentReplyAt: 'rule',
      },
    });
    expect(a.anchor(f.doc)).toBe(f.doc.querySelector('main h1'));
  });

  it('reads the 2026 UI through shadow root and iframe; the ticket id falls back to the URL', () => {
    const f = loadFixture('_unknown', 'acme-desk-widgets');
    attachDeclarativeShadowRoots(f.doc);
    const a = genericAdapterFor([acmeWidgetsRule], f.url)!;
    expect(a.label).toBe('Reading rules for desk.acme-internal.example');
    expect(a.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'generic',
      ticketId: '735',
      subject: 'Password reset mail never arrives',
      requesterName: 'Li Wei',
      requesterEmail: 'li.wei@contoso.example',
      organization: 'Contoso Ltd',
      priority: 'High',
      status: 'Waiting for customer',
      createdAt: d('2026-11-20T13:30:00Z'),
      sources: {
        ticketId: 'url', subject: 'rule', requesterName: 'rule', requesterEmail: 'rule', organization: 'rule',
        priority: 'rule', status: 'rule', createdAt: 'rule',
      },
    });
    expect(a.anchor(f.doc)).toBeNull(); // no anchor rule: floating panel
  });

  it('keeps what it can read and lists what it cannot', () => {
    const f = loadFixture('_unknown', 'acme-desk-widgets');
    // Without the shadow roots built, the card's fields are missing; the iframe fields still read.
    const s = genericAdapterFor([acmeWidgetsRule], f.url)!.readTicket(f.doc, f.url);
    expect(s?.priority).toBe('High');
    expect(s?.requesterName).toBeUndefined();
    expect(s?.problems).toEqual([
      'rule acme-desk-2026: requesterName: "acme-requester-card" has no open shadow root',
      'rule acme-desk-2026: requesterEmail: "acme-requester-card" has no open shadow root',
      'rule acme-desk-2026: organization: "acme-requester-card" has no open shadow root',
    ]);
  });

  it('returns null when the scope is missing (page not ready) or nothing matches', () => {
    const f = loadFixture('_unknown', 'acme-desk');
    const a = genericAdapterFor([acmeRule], f.url)!;
    const main = f.doc.querySelector('main')!;
    main.removeAttribute('data-view');
    expect(a.readTicket(f.doc, f.url)).toBeNull();
    main.setAttribute('data-view', 'ticket');
    for (const el of Array.from(main.children)) el.remove();
    expect(a.readTicket(f.doc, f.url)).toBeNull(); // only the URL's ticket id would be left
  });

  it('returns null on every built-in helpdesk fixture (rules for another origin)', () => {
    const fixtures = allFixtures();
    expect(fixtures.length).toBeGreaterThan(10);
    for (const f of fixtures) {
      const a = genericAdapterFor([acmeRule, { ...acmeRule, id: 'any-path', path: '/**' }], f.url);
      expect(a, f.helpdesk + '/' + f.name).toBeNull();
    }
  });

  it('ignores rules meant to override a built-in adapter', () => {
    const f = loadFixture('_unknown', 'acme-desk');
    expect(genericAdapterFor([{ ...acmeRule, adapter: 'zendesk' }], f.url)).toBeNull();
    expect(genericAdapterFor([{ ...acmeRule, adapter: 'generic' }], f.url)).not.toBeNull();
  });
});

describe('overriding one Zendesk field', () => {
  const ZD = 'https://northwind.zendesk.com';
  const priorityRule: Rule = {
    id: 'zd-severity-as-priority',
    origin: ZD,
    adapter: 'zendesk',
    path: '/agent/tickets/*',
    scope: { selector: '.ticket-panes-grid-layout[data-is-active="true"]' },
    fields: { priority: { selector: '[data-test-id="ticket-form-field-severity"] [data-garden-id="dropdowns.combobox.value"]', regex: '^(Sev \\d)' } },
  };
  /** The team keeps its contractual severity in a custom "Severity" dropdown on the ticket form. */
  function zendeskWithSeverity() {
    const f = loadFixture('zendesk', 'two-tabs');
    const panel = f.doc.querySelector('.ticket-panes-grid-layout.active .grid-ticket-fields-panel')!;
    const field = f.doc.createElement('div');
    field.setAttribute('data-test-id', 'ticket-form-field-severity');
    const value = f.doc.createElement('div');
    value.setAttribute('data-garden-id', 'dropdowns.combobox.value');
    value.textContent = 'Sev 2 – degraded';
    field.append(value);
    panel.append(field);
    return f;
  }

  it('replaces only that field; the rest stays built in', () => {
    const f = zendeskWithSeverity();
    const builtIn = zendesk.readTicket(f.doc, f.url)!;
    const a = withRuleOverrides(zendesk, [priorityRule], f.url);
    expect(a).not.toBe(zendesk);
    expect(a.id).toBe('zendesk');
    expect(a.readTicket(f.doc, f.url)).toEqual({
      ...builtIn,
      priority: 'Sev 2',
      sources: { ...builtIn.sources, priority: 'rule' },
    });
    expect(builtIn.priority).toBe('High');
    expect(a.anchor(f.doc)).toBe(zendesk.anchor(f.doc));
  });

  it('the API does not overwrite the rule, and fills every other field as before', async () => {
    const f = zendeskWithSeverity();
    const a = withRuleOverrides(zendesk, [priorityRule], f.url);
    const plain = await readLayered(zendesk, f.doc, f.url, fakeGetJson(f.api).getJson);
    const s = await readLayered(a, f.doc, f.url, fakeGetJson(f.api).getJson);
    expect(plain?.priority).toBe('High'); // from the API
    expect(s).toEqual({ ...plain, priority: 'Sev 2', sources: { ...plain!.sources, priority: 'rule' } });
  });

  it('repairs a field whose built-in selector broke after a markup change', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    // Zendesk renames the test id: the built-in reader loses the priority.
    for (const el of Array.from(f.doc.querySelectorAll('[data-test-id="ticket-fields-priority-select"]')))
      el.setAttribute('data-test-id', 'ticket-fields-priority-combobox');
    expect(zendesk.readTicket(f.doc, f.url)?.priority).toBeUndefined();
    const repair: Rule = {
      ...priorityRule,
      id: 'zd-priority-repair',
      fields: { priority: { selector: '[data-test-id="ticket-fields-priority-combobox"] [data-garden-id="dropdowns.combobox.value"]' } },
    };
    const s = withRuleOverrides(zendesk, [repair], f.url).readTicket(f.doc, f.url);
    expect(s?.priority).toBe('High'); // the active pane's, not the hidden tab's "Low"
    expect(s?.sources?.priority).toBe('rule');
  });

  it('reads by rules alone when the built-in reader finds no ticket but the rules do', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    for (const el of Array.from(f.doc.querySelectorAll('.ticket-panes-grid-layout'))) el.classList.replace('ticket-panes-grid-layout', 'ticket-pane-v2');
    expect(zendesk.readTicket(f.doc, f.url)).toBeNull();
    const rules: Rule[] = [{
      id: 'zd-v2', origin: ZD, adapter: 'zendesk', scope: { selector: '.ticket-pane-v2[data-is-active="true"]' },
      fields: {
        ticketId: { from: 'url', regex: '/agent/tickets/(\\d+)' },
        subject: { selector: 'input[data-test-id="omni-header-subject"]', read: 'value' },
      },
    }];
    expect(withRuleOverrides(zendesk, rules, f.url).readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'zendesk',
      ticketId: '48213',
      subject: 'VPN drops every 20 minutes',
      sources: { ticketId: 'rule', subject: 'rule' },
      problems: ['Zendesk: the built-in reader found no ticket here; read by rules only'],
    });
    expect(withRuleOverrides(zendesk, [{ ...rules[0]!, fields: { subject: rules[0]!.fields.subject } }], f.url).readTicket(f.doc, f.url)).toBeNull();
  });

  it('leaves the adapter untouched when no rule covers the page', () => {
    const f = loadFixture('zendesk', 'two-tabs');
    expect(withRuleOverrides(zendesk, [], f.url)).toBe(zendesk);
    expect(withRuleOverrides(zendesk, [{ ...priorityRule, adapter: 'freshdesk' }], f.url)).toBe(zendesk);
    expect(withRuleOverrides(zendesk, [{ ...priorityRule, origin: 'https://other.zendesk.com' }], f.url)).toBe(zendesk);
  });
});
