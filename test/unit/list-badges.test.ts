// The list-badge scheduler (lib/list/badges.ts) on the Zendesk view fixture in happy-dom, with the real
// engines, a hand-driven ticker and stores: which rows get badges and what they say, that a tick repaints
// only rows whose shown minute changed, and that badges follow the page (rows removed or re-rendered,
// our host dropped, contracts changed, navigation away).
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import { startListBadges, type ListBadges } from '../../lib/list/badges';
import { BADGE_TAG } from '../../lib/list/render';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import type { WatchListItem } from '../../lib/watch/schedule';
import { loadFixture } from './adapters/fixtures';
import { engines, fixtureContracts, watchItem, watchReply } from './list-fixtures';

const NOW = new Date('2026-11-23T09:00:00Z'); // Mon 10:00 Berlin
const VIEW = new URL('https://acme.zendesk.com/agent/filters/360012345');
const contracts = fixtureContracts();
const WINGTIP_4715 = watchItem({
  key: 'zendesk:acme.zendesk.com:4715', urgency: 'running', kind: 'firstResponse', dueAt: '2026-11-23T20:00:00.000Z',
  contractId: 'wingtip-standard', severity: 'sev3', customer: 'Wingtip Toys',
});

interface Harness {
  lists: ListBadges;
  now: ReturnType<typeof signal<Date>>;
  hold: ReturnType<typeof vi.fn>;
  released: () => number;
  setContracts(c: readonly Contract[]): void;
  setSettings(s: Settings): void;
  abort: AbortController;
  frame(): Promise<void>;
}

let h: Harness;

function start(
  watch: WatchListItem[] = [WINGTIP_4715],
  settings: Settings = { ...DEFAULT_SETTINGS, hour12: false },
  watchList: () => Promise<unknown> = async () => watchReply(watch),
): Harness {
  const parsed = loadFixture('zendesk', 'not-ticket-list').doc;
  document.body.replaceWith(document.importNode(parsed.body, true));
  const now = signal(NOW);
  let releases = 0;
  const hold = vi.fn(() => () => void releases++);
  let onContracts: (c: readonly Contract[]) => void = () => {};
  let onSettings: (s: Settings) => void = () => {};
  const frames: (() => void)[] = [];
  const abort = new AbortController();
  const lists = startListBadges({
    doc: document,
    ticker: { now, hold },
    signal: abort.signal,
    engines,
    contracts: { load: async () => contracts, watch: (cb) => ((onContracts = cb), () => {}) },
    settings: { load: async () => settings, watch: (cb) => ((onSettings = cb), () => {}) },
    watchList,
    clock: () => now.value,
    requestFrame: (cb) => frames.push(cb),
    timeZone: 'Europe/Berlin',
  });
  return {
    lists, now, hold, abort,
    released: () => releases,
    setContracts: (c) => onContracts(c),
    setSettings: (s) => onSettings(s),
    async frame() {
      await new Promise((ok) => setTimeout(ok, 0)); // let the MutationObserver deliver
      for (const f of frames.splice(0)) f();
    },
  };
}

const rowOf = (id: string) =>
  Array.from(document.querySelectorAll('main tr[data-test-id="generic-table-row"]')).find((tr) =>
    tr.querySelector('[data-test-id="generic-table-cells-id"]')?.textContent?.includes(`#${id}`),
  )!;
const badgeOf = (id: string) => {
  const host = rowOf(id)?.querySelector(BADGE_TAG);
  const el = host?.shadowRoot?.querySelector('.b');
  return el ? { state: el.getAttribute('data-state'), text: el.textContent, label: el.getAttribute('aria-label'), theme: el.getAttribute('data-theme') } : null;
};
const shown = () =>
  Object.fromEntries(['4711', '4712', '4713', '4714', '4715', '4716', '4717'].map((id) => [id, badgeOf(id) && `${badgeOf(id)!.state} ${badgeOf(id)!.text}`]));

const AT_START = {
  '4711': 'running 13h 00m',
  '4712': 'breached overdue 34h 00m',
  '4713': 'paused paused',
  '4714': 'met met',
  '4715': 'running 4h 00m',
  '4716': null,
  '4717': null,
};

const nextTask = () => new Promise((ok) => setTimeout(ok, 0));

beforeEach(async () => {
  h = start();
  h.lists.navigate(VIEW);
  await h.lists.idle();
  await nextTask(); // the labels follow the first scan
});
afterEach(() => h.abort.abort());

describe('first scan', () => {
  it('badges the rows with clocks: from the row, or from the watch store', () => {
    expect(shown()).toEqual(AT_START);
    expect(h.lists.size).toBe(5);
    expect(badgeOf('4711')!.label).toBe('Northwind Traders · Resolution: running, 13h 00m left, due Tue 13:00');
    expect(badgeOf('4715')!.label).toMatch(/^Wingtip Toys · First response: running, 4h 00m left, due 21:00 \(as of the last time/);
  });

  it('only appends its host to the id cell: the page keeps its own nodes, group rows and the hidden view get nothing', () => {
    const cell = rowOf('4711').querySelector('[data-test-id="generic-table-cells-id"]')!;
    expect(cell.lastElementChild?.tagName.toLowerCase()).toBe(BADGE_TAG);
    expect(cell.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(cell.firstChild?.textContent).toBe('#4711');
    expect(document.querySelectorAll(BADGE_TAG).length).toBe(5);
    expect(document.querySelector(`[hidden] ${BADGE_TAG}, tr[data-test-id="generic-table-rows-group-by"] ${BADGE_TAG}`)).toBeNull();
  });

  it('shows state and text at once; the accessible names follow in the next task', async () => {
    h.abort.abort();
    h = start();
    h.lists.navigate(VIEW);
    await h.lists.idle();
    expect(shown()).toEqual(AT_START);
    expect(badgeOf('4711')!.label).toBeNull();
    await nextTask();
    expect(badgeOf('4711')!.label).toBe('Northwind Traders · Resolution: running, 13h 00m left, due Tue 13:00');
  });

  it('holds the page ticker while badges show', () => {
    expect(h.hold).toHaveBeenCalledTimes(1);
    expect(h.released()).toBe(0);
  });
});

describe('ticks', () => {
  /** Mutations inside every badge's shadow root while fn runs. */
  async function writesDuring(fn: () => void): Promise<string[]> {
    const seen: string[] = [];
    const observers = Array.from(document.querySelectorAll(BADGE_TAG)).map((host) => {
      const id = host.closest('tr')?.querySelector('[data-test-id="generic-table-cells-id"]')?.firstChild?.textContent ?? '?';
      const mo = new MutationObserver(() => seen.push(id));
      mo.observe(host.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
      return mo;
    });
    fn();
    await new Promise((ok) => setTimeout(ok, 0));
    for (const mo of observers) mo.disconnect();
    return [...new Set(seen)].sort();
  }

  it('within a shown minute: no writes at all', async () => {
    // 4712 is overdue by exactly 34h at NOW: a second later that is 34h and a bit, shown as 34h 01m.
    expect(await writesDuring(() => (h.now.value = new Date(NOW.getTime() + 1000)))).toEqual(['#4712']);
    const writes = await writesDuring(() => {
      for (let s = 2; s <= 59; s++) h.now.value = new Date(NOW.getTime() + s * 1000);
    });
    expect(writes).toEqual([]);
  });

  it('a minute on: only the rows whose text moved (business time is closed in Los Angeles)', async () => {
    const writes = await writesDuring(() => {
      h.now.value = new Date(NOW.getTime() + 60_000 + 500);
    });
    expect(writes).toEqual(['#4711', '#4712']);
    expect(shown()).toEqual({ ...AT_START, '4711': 'running 12h 59m', '4712': 'breached overdue 34h 02m' });
  });

  it('writes the labels again after midnight ("due 13:00" means today)', async () => {
    h.now.value = new Date('2026-11-23T17:30:00Z'); // Mon 18:30 Berlin, closed: 300 business minutes left
    expect(badgeOf('4711')).toMatchObject({ text: '5h 00m', label: 'Northwind Traders · Resolution: at risk, 5h 00m left, due Tue 13:00' });
    h.now.value = new Date('2026-11-23T23:30:00Z'); // Tue 00:30 Berlin: same text, another day
    await nextTask();
    expect(badgeOf('4711')).toMatchObject({ text: '5h 00m', label: 'Northwind Traders · Resolution: at risk, 5h 00m left, due 13:00' });
  });

  it('turns at risk and breached on time', () => {
    h.now.value = new Date('2026-11-23T16:00:30Z');
    expect(badgeOf('4711')).toMatchObject({ state: 'atRisk', text: '6h 00m' });
    h.now.value = new Date('2026-11-24T12:00:30Z');
    expect(badgeOf('4711')).toMatchObject({ state: 'breached', text: 'overdue 1m' });
    expect(badgeOf('4711')!.label).toBe('Northwind Traders · Resolution: overdue by 1m, was due 13:00');
  });
});

describe('following the page', () => {
  it('a removed row loses its badge; a re-rendered row is read again', async () => {
    rowOf('4713').remove();
    // The helpdesk re-renders 4711's status cell: solved now.
    const badge = rowOf('4711').querySelector('[data-test-id^="status-badge-"]')!;
    badge.setAttribute('data-test-id', 'status-badge-solved');
    badge.textContent = 'Solved';
    await h.frame();
    expect(document.querySelectorAll(BADGE_TAG).length).toBe(4);
    expect(badgeOf('4711')).toMatchObject({ state: 'met', text: 'met' });
  });

  it('puts its host back when the helpdesk re-renders the cell without it', async () => {
    const cell = rowOf('4712').querySelector('[data-test-id="generic-table-cells-id"]')!;
    cell.replaceChildren(document.createTextNode('#4712'));
    await h.frame();
    expect(badgeOf('4712')).toMatchObject({ state: 'breached', text: 'overdue 34h 00m' });
    expect(cell.querySelectorAll(BADGE_TAG).length).toBe(1);
  });

  it('new rows (next page, refresh) get badges', async () => {
    const copy = rowOf('4711').cloneNode(true) as Element;
    copy.querySelector(BADGE_TAG)?.remove();
    copy.querySelector('[data-test-id="generic-table-cells-id"]')!.firstChild!.textContent = '#4799';
    rowOf('4717').after(copy);
    await h.frame();
    expect(badgeOf('4799')).toMatchObject({ state: 'running', text: '13h 00m' });
    expect(h.lists.size).toBe(6);
  });

  it('contracts change: rows are planned again', async () => {
    h.setContracts(contracts.filter((c) => c.id !== 'northwind-enterprise'));
    expect(shown()).toEqual({ ...AT_START, '4711': null, '4712': null, '4713': null, '4714': null });
    h.setContracts(contracts);
    expect(shown()).toEqual(AT_START);
  });

  it('settings change: theme and at-risk threshold', () => {
    h.setSettings({ ...DEFAULT_SETTINGS, hour12: false, theme: 'dark', warnPercent: 40 });
    expect(badgeOf('4711')).toMatchObject({ theme: 'dark', state: 'atRisk' }); // 660 of 1440 used = 46 %
  });

  it('navigating away removes every badge and releases the ticker; a list again badges again', async () => {
    h.lists.navigate(new URL('https://acme.zendesk.com/agent/tickets/4711'));
    expect(document.querySelectorAll(BADGE_TAG).length).toBe(0);
    expect(h.released()).toBe(1);
    h.lists.navigate(VIEW);
    await h.lists.idle();
    expect(shown()).toEqual(AT_START);
    expect(h.hold).toHaveBeenCalledTimes(2);
  });

  it('the content script going away removes everything', () => {
    h.abort.abort();
    expect(document.querySelectorAll(BADGE_TAG).length).toBe(0);
    h.now.value = new Date(NOW.getTime() + 3_600_000); // no tick handler left to throw
  });
});

describe('watch store', () => {
  it('a slow background does not hold the first badges back, and its late answer still applies', async () => {
    h.abort.abort();
    let answer: (v: unknown) => void = () => {};
    h = start([], undefined, () => new Promise((ok) => (answer = ok)));
    h.lists.navigate(VIEW);
    await h.lists.idle(); // settles after the short wait, without the answer
    expect(shown()).toEqual({ ...AT_START, '4715': null });
    answer(watchReply([WINGTIP_4715]));
    await new Promise((ok) => setTimeout(ok, 0));
    expect(shown()).toEqual(AT_START);
  });

  it('a failed ask keeps what the last answer said', async () => {
    h.abort.abort();
    let calls = 0;
    h = start([], undefined, async () => {
      if (calls++ > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
      return watchReply([WINGTIP_4715]);
    });
    h.lists.navigate(VIEW);
    await h.lists.idle();
    h.now.value = new Date(NOW.getTime() + 61_000);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(calls).toBe(2);
    expect(badgeOf('4715')).toMatchObject({ state: 'running' });
  });

  it('asks again after the refresh period and follows what changed', async () => {
    h.abort.abort();
    const watch = [WINGTIP_4715];
    h = start(watch);
    h.lists.navigate(VIEW);
    await h.lists.idle();
    expect(badgeOf('4717')).toBeNull();
    watch.push(watchItem({ key: 'zendesk:acme.zendesk.com:4717', urgency: 'paused', kind: 'resolution', contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders' }));
    h.now.value = new Date(NOW.getTime() + 61_000);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(badgeOf('4717')).toMatchObject({ state: 'paused', text: 'paused' });
  });
});

describe('other pages', () => {
  it('a page that is no list asks neither storage nor the background', async () => {
    const load = vi.fn(async () => contracts);
    const watchList = vi.fn(async () => watchReply([]));
    const abort = new AbortController();
    const lists = startListBadges({
      doc: document, ticker: { now: signal(NOW), hold: () => () => {} }, signal: abort.signal, engines,
      contracts: { load, watch: () => () => {} }, watchList, clock: () => NOW,
    });
    lists.navigate(new URL('https://acme.zendesk.com/agent/tickets/4711'));
    lists.navigate(new URL('https://acme.zendesk.com/agent/dashboard'));
    await lists.idle();
    expect([load.mock.calls.length, watchList.mock.calls.length, lists.size]).toEqual([0, 0, 0]);
    abort.abort();
  });
});

describe('request tracker search results', () => {
  it('rows without a created time take their clocks from the watch store, by host and ticket id', async () => {
    h.abort.abort();
    const parsed = loadFixture('request-tracker', 'not-ticket-list').doc;
    document.body.replaceWith(document.importNode(parsed.body, true));
    const now = signal(NOW);
    const abort = new AbortController();
    const host = 'rt.northwind.example';
    const items = [
      watchItem({ key: `request-tracker:${host}:4`, urgency: 'breached', kind: 'firstResponse', dueAt: '2026-11-23T08:00:00.000Z', contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders' }),
      watchItem({ key: `request-tracker:${host}:5`, urgency: 'paused', kind: 'resolution', contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders' }),
      watchItem({ key: `request-tracker:other.example:1`, urgency: 'breached', kind: 'firstResponse', dueAt: '2026-11-23T08:00:00.000Z', contractId: 'northwind-enterprise' }),
    ];
    const lists = startListBadges({
      doc: document, ticker: { now, hold: () => () => {} }, signal: abort.signal, engines,
      contracts: { load: async () => contracts, watch: () => () => {} },
      watchList: async () => watchReply(items), clock: () => now.value, requestFrame: () => {},
    });
    lists.navigate(new URL(`https://${host}/rt/Search/Results.html?Query=Queue%3D'Support'`));
    await lists.idle();
    const badge = (id: string) => {
      const el = document.querySelector(`tbody[data-record-id="${id}"] ${BADGE_TAG}`)?.shadowRoot?.querySelector('.b');
      return el ? `${el.getAttribute('data-state')} ${el.textContent}` : null;
    };
    // Business minutes since 09:00 Berlin: one hour overdue.
    expect(['1', '2', '3', '4', '5', '6'].map(badge)).toEqual([null, null, null, 'breached overdue 1h 00m', 'paused paused', null]);
    // The badge sits in the id cell, after the page's own link.
    expect(document.querySelector(`tbody[data-record-id="4"] td:first-child > ${BADGE_TAG}`)).not.toBeNull();
    abort.abort();
  });
});
