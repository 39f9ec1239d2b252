// The popup's watched tickets from a (mocked) `watch:list` reply, the row actions, and "go to the ticket".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openTicket } from '../../components/popup/open-ticket';
import { PopupApp, type PopupProps } from '../../components/popup/PopupApp';
import type { WatchedActions, WatchedState } from '../../components/popup/WatchedList';
import { ask } from '../../lib/background/messages';
import type { WatchListItem } from '../../lib/watch/schedule';
import { byText, click, mount } from './options-dom';
import { makeContract } from './options-fixtures';

const NOW = new Date('2026-11-25T10:00:00Z');
const min = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();

function item(ticketId: string, over: Partial<WatchListItem>): WatchListItem {
  return {
    urgency: 'running', kind: 'resolution', dueAt: min(120), closed: false,
    key: `zendesk:acme.zendesk.com:${ticketId}`, helpdesk: 'zendesk', ticketId, url: `https://acme.zendesk.com/agent/tickets/${ticketId}`,
    subject: `Ticket ${ticketId}`, customer: 'Acme Corp', contractId: 'acme', severity: 'sev2', pinned: false, lastSeenAt: min(-5),
    ...over,
  };
}

// As the background sends it (lib/watch/schedule urgencyList): breached longest overdue first, then at
// risk and running by due time, paused, closed.
const REPLY = {
  ok: true as const,
  items: [
    item('101', { urgency: 'breached', kind: 'resolution', dueAt: min(-85), severity: 'sev1', customer: 'Northwind' }),
    item('102', { urgency: 'breached', kind: 'firstResponse', dueAt: min(-12) }),
    item('103', { urgency: 'atRisk', kind: 'updateCadence', dueAt: min(38), url: 'http://rt.example.internal/Ticket/Display.html?id=103', helpdesk: 'request-tracker' }),
    item('104', { urgency: 'running', dueAt: min(310), pinned: true }),
    item('105', { urgency: 'paused', dueAt: null }),
    item('106', { urgency: 'closed', kind: null, dueAt: null, closed: true }),
  ],
  badge: { count: 3, breached: 2, atRisk: 1, text: '3', color: '#B3261E' },
};

describe('popup: watched tickets', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  async function open(reply: unknown = REPLY) {
    const send = vi.fn(async (_m: unknown) => reply);
    const watched = (await ask(send, { type: 'watch:list' })) as WatchedState;
    expect(send).toHaveBeenCalledWith({ type: 'watch:list' });
    const actions: WatchedActions = { onOpen: vi.fn(), onPin: vi.fn(), onForget: vi.fn() };
    const props: PopupProps = {
      contracts: [makeContract({ id: 'acme' })], active: null, settings: { hour12: false }, now: NOW,
      onCopy: vi.fn(async () => {}), onOpenOptions: vi.fn(), watched, watchActions: actions,
    };
    const m = mount(<PopupApp {...props} />);
    unmount = m.unmount;
    const rows = () => [...m.root.querySelectorAll('.watch-list > li')] as HTMLElement[];
    return { ...m, actions, rows };
  }

  it('lists open tickets most urgent first with state, time left or overdue, and due time', async () => {
    const { root, rows } = await open();
    expect(root.querySelector('#watched-h')?.textContent).toBe('Watched tickets2 breached1 at risk');
    expect(rows().map((r) => r.dataset.urgency)).toEqual(['breached', 'breached', 'atRisk', 'running', 'paused']);
    const text = (r: HTMLElement) => r.querySelector('.watch-clock')!.textContent;
    expect(text(rows()[0]!)).toMatch(/^BreachedResolutionoverdue by 1h 25mdue \d\d:\d\d$/);
    expect(text(rows()[1]!)).toMatch(/^BreachedFirst responseoverdue by 12mdue /);
    expect(text(rows()[2]!)).toMatch(/^At riskCustomer update38m leftdue /);
    expect(text(rows()[3]!)).toMatch(/^RunningResolution5h 10m leftdue /);
    expect(text(rows()[4]!)).toBe('PausedResolutionpaused');
    expect(rows()[0]!.querySelector('.watch-meta')?.textContent).toBe('Northwind · Sev 1 · zendesk');
    expect(root.textContent).not.toMatch(/#106/);
  });

  it('links https tickets, keeps other schemes out of hrefs, and hands every open to the popup', async () => {
    const { rows, actions } = await open();
    const link = rows()[0]!.querySelector('a.ticket') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://acme.zendesk.com/agent/tickets/101');
    expect(link.textContent).toBe('#101 Ticket 101');
    const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(actions.onOpen).toHaveBeenLastCalledWith(REPLY.items[0]);
    const http = rows()[2]!.querySelector('.ticket')!;
    expect(http.tagName).toBe('BUTTON');
    click(http);
    expect(actions.onOpen).toHaveBeenLastCalledWith(REPLY.items[2]);
  });

  it('pins, unpins and stops watching by key', async () => {
    const { rows, actions } = await open();
    const pin = (r: HTMLElement) => r.querySelector('button.pin') as HTMLButtonElement;
    expect(pin(rows()[3]!).getAttribute('aria-pressed')).toBe('true');
    expect(pin(rows()[3]!).getAttribute('aria-label')).toBe('Unpin ticket #104');
    click(pin(rows()[3]!));
    expect(actions.onPin).toHaveBeenLastCalledWith('zendesk:acme.zendesk.com:104', false);
    click(pin(rows()[0]!));
    expect(actions.onPin).toHaveBeenLastCalledWith('zendesk:acme.zendesk.com:101', true);
    click(byText(rows()[1]!, 'button', '×'));
    expect(actions.onForget).toHaveBeenLastCalledWith('zendesk:acme.zendesk.com:102');
  });

  it('shows the first eight and the rest on request', async () => {
    const many = { ...REPLY, items: Array.from({ length: 11 }, (_, i) => item(String(200 + i), { dueAt: min(10 + i) })) };
    const { root, rows } = await open(many);
    expect(rows()).toHaveLength(8);
    click(byText(root, 'button', 'Show all 11'));
    expect(rows().map((r) => r.dataset.key!.split(':')[2])).toEqual(many.items.map((i) => i.ticketId));
  });

  it('has an empty state, and says when the background could not answer', async () => {
    const empty = await open({ ...REPLY, items: [REPLY.items[5]], badge: { count: 0, breached: 0, atRisk: 0, text: '', color: '#8A4B00' } });
    expect(empty.root.querySelector('.empty-watch')?.textContent).toMatch(/^Nothing to watch right now\..* 1 closed ticket is kept for the compliance report\.$/);
    empty.unmount();
    unmount = undefined;
    const failed = await open(null);
    expect(failed.root.querySelector('.watched')?.textContent).toBe('Watched ticketsCould not load them: The background did not answer.');
  });
});

describe('popup: go to the ticket', () => {
  beforeEach(() => fakeBrowser.reset());

  it('focuses a tab already showing the ticket (ignoring the #fragment), else opens one; never another scheme', async () => {
    const shown = await fakeBrowser.tabs.create({ url: 'https://acme.zendesk.com/agent/tickets/101#comment-3' });
    await fakeBrowser.tabs.create({ url: 'https://example.org/' });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update');
    expect(await openTicket(fakeBrowser, 'https://acme.zendesk.com/agent/tickets/101')).toBe('focused');
    expect(update).toHaveBeenCalledWith(shown.id, { active: true });
    expect(focus).toHaveBeenCalledWith(shown.windowId, { focused: true });
    expect(await fakeBrowser.tabs.query({})).toHaveLength(3); // the fake's initial tab + two

    expect(await openTicket(fakeBrowser, 'https://acme.zendesk.com/agent/tickets/102')).toBe('opened');
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain('https://acme.zendesk.com/agent/tickets/102');

    expect(update).toHaveBeenCalledTimes(1);
    expect(await openTicket(fakeBrowser, 'javascript:alert(1)')).toBe('refused');
    expect(await fakeBrowser.tabs.query({})).toHaveLength(4);
  });
});
