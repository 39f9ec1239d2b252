import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { httpsHref, isSafeHref, mailtoHref, telHref } from '../../components/popup/links';
import { PopupApp, type PopupProps } from '../../components/popup/PopupApp';
import { compactDuration } from '../../components/popup/ResultCard';
import { activeTicketFor, activeTicketsItem, putActiveTicket, type ActiveTicketEntry } from '../../lib/popup-bridge';
import { byText, click, key, mount, type } from './options-dom';
import { makeContract } from './options-fixtures';

// Tuesday 2026-03-03 10:00 in Berlin (09:00 UTC): inside Mon–Fri 09–18 coverage.
const NOW = new Date('2026-03-03T09:00:00Z');
const acme = makeContract({
  id: 'acme', tier: 'Enterprise',
  customer: { name: 'Acme Corporation', aliases: ['ACME Intl'], domains: ['acme.com'], contacts: ['jane@acme.com'] },
  term: { start: '2025-01-01', end: '2026-03-20' },
  entitlements: {
    tam: { name: 'Priya Raman', email: 'priya@example.org', phone: '+49 30 1234567', chat: 'javascript:alert(1)' },
  },
  escalation: [{ name: 'Management', severities: ['sev1'], trigger: { type: 'breach' }, contacts: [{ name: 'Marta', email: 'marta@example.org', chat: 'https://chat.example.org/marta' }] }],
  outOfScope: 'Custom code.',
});
const globex = makeContract({ id: 'globex', tier: 'Premium', customer: { name: 'Globex GmbH', domains: ['globex.de'] }, term: { start: '2024-01-01', end: '2025-12-31' } });
const entry: ActiveTicketEntry = {
  computedAt: NOW.toISOString(),
  snapshot: { helpdesk: 'zendesk', ticketId: '4521', subject: 'Checkout returns 502' },
  contractId: 'acme',
  match: { kind: 'matched', by: 'email', term: 'active' },
  severity: 'sev1',
  clocks: [{ kind: 'firstResponse', state: 'breached', basis: '24x7', dueAt: NOW.toISOString(), minutesLeft: -12 }],
};

describe('popup', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());
  function open(over: Partial<PopupProps> = {}) {
    const props: PopupProps = { contracts: [acme, globex], active: null, settings: { hour12: false }, now: NOW, onCopy: vi.fn(async () => {}), onOpenOptions: vi.fn(), ...over };
    const m = mount(<PopupApp {...props} />);
    unmount = m.unmount;
    return { ...m, props, q: m.root.querySelector('#q') as HTMLInputElement };
  }

  it('focuses the search box on open', () => {
    const { q } = open();
    expect(document.activeElement).toBe(q);
  });

  it('finds a customer despite a typo and opens the card with the keyboard', () => {
    const { root, q } = open();
    type(q, 'glbex');
    const options = root.querySelectorAll('[role="option"]');
    expect(options).toHaveLength(1);
    expect(q.getAttribute('aria-activedescendant')).toBe('opt-0');
    key(q, 'Enter');
    const card = root.querySelector('article.card')!;
    expect(card.querySelector('h2')?.textContent).toBe('Globex GmbH');
    expect(card.textContent).toMatch(/Expired 2025-12-31/);
  });

  it('moves through results with the arrow keys', () => {
    const { root, q } = open({ contracts: [acme, globex, makeContract({ id: 'acme-labs', customer: { name: 'Acme Labs' } })] });
    type(q, 'acme');
    expect(root.querySelectorAll('[role="option"]').length).toBeGreaterThanOrEqual(2);
    key(q, 'ArrowDown');
    expect(root.querySelector('[aria-selected="true"]')?.id).toBe('opt-1');
    key(q, 'ArrowUp');
    key(q, 'ArrowUp'); // wraps to the last
    const last = root.querySelectorAll('[role="option"]').length - 1;
    expect(q.getAttribute('aria-activedescendant')).toBe(`opt-${last}`);
    key(q, 'Escape');
    expect(q.value).toBe('');
  });

  it('shows status, coverage, targets and only safe contact links', () => {
    const { root, q } = open();
    type(q, 'jane@acme.com');
    key(q, 'Enter');
    const card = root.querySelector('article.card')!;
    expect(card.textContent).toMatch(/Expires in 17 d/);
    expect(card.querySelector('.coverage')?.textContent).toMatch(/In coverage now · open until 18:00/);
    expect(card.querySelector('.targets-table')?.textContent).toMatch(/Sev 1.*30m 24×7.*4h 24×7/s);
    const hrefs = [...card.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['mailto:priya@example.org', 'tel:+49301234567', 'mailto:marta@example.org', 'https://chat.example.org/marta']);
    expect(card.textContent).toMatch(/Out of scope\s*Custom code\./);
  });

  it('copies a contact and links to the console', async () => {
    const { root, q, props } = open();
    type(q, 'acme');
    key(q, 'Enter');
    click(root.querySelector('button[aria-label="Copy email of Priya Raman"]'));
    expect(props.onCopy).toHaveBeenCalledWith('priya@example.org');
    click(byText(root, 'button', 'Open in console'));
    expect(props.onOpenOptions).toHaveBeenCalledWith('#edit/acme');
  });

  it('shows the current ticket only when the overlay left an entry', () => {
    expect(open().root.querySelector('.active')).toBeNull();
    unmount?.();
    const { root } = open({ active: entry });
    const section = root.querySelector('.active')!;
    expect(section.textContent).toMatch(/This ticket #4521 · Sev 1/);
    expect(section.textContent).toMatch(/Breached\s*overdue by 12m/);
    click(byText(section, 'button', 'Acme Corporation'));
    expect(root.querySelector('article.card h2')?.textContent).toBe('Acme Corporation');
  });

  it('converts availability to downtime in the calculator', () => {
    const { root } = open();
    type(root.querySelector('#up-pct'), '99.9');
    expect(byText(root, '.uptime-table tr', /per month/)?.textContent).toBe('per month43m 49s');
    type(root.querySelector('#up-down'), '4m 22s');
    expect(root.querySelector('.uptime-result')?.textContent).toMatch(/= 99\.99\d*% availability/);
    expect(root.querySelector('#up-def')?.textContent).toMatch(/30\.44 days/);
  });
});

describe('contact links', () => {
  it('allow only mailto:, tel: and https:', () => {
    expect(mailtoHref('a@b.co')).toBe('mailto:a@b.co');
    expect(mailtoHref('a@b.co?cc=x@y.z')).toBeNull();
    expect(telHref('+1 (555) 010-0199 ext. 12')).toBe('tel:+15550100199;ext=12');
    expect(telHref('call me')).toBeNull();
    expect(httpsHref('javascript:alert(1)')).toBeNull();
    expect(httpsHref('http://chat.example.org')).toBeNull();
    expect(httpsHref('https://chat.example.org/x')).toBe('https://chat.example.org/x');
    expect(isSafeHref('data:text/html,hi')).toBe(false);
    expect(compactDuration(90)).toBe('1h 30m');
    expect(compactDuration(1440)).toBe('24h');
  });
});

describe('active ticket bridge', () => {
  beforeEach(() => fakeBrowser.reset());
  it('stores per tab and ignores stale or malformed entries', async () => {
    await putActiveTicket(7, entry);
    const all = await activeTicketsItem.getValue();
    expect(activeTicketFor(all, 7, NOW)?.snapshot.ticketId).toBe('4521');
    expect(activeTicketFor(all, 8, NOW)).toBeNull();
    expect(activeTicketFor(all, 7, new Date(NOW.getTime() + 7 * 3600e3))).toBeNull();
    expect(activeTicketFor({ 7: { computedAt: 'x' } as unknown as ActiveTicketEntry }, 7, NOW)).toBeNull();
    await putActiveTicket(7, null);
    expect(await activeTicketsItem.getValue()).toEqual({});
  });
});
