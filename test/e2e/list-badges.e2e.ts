// List badges in Chromium with the built extension: a Zendesk view and a Freshdesk ticket list (the
// list fixtures), served at their real hostnames, with the E2E contracts and watched tickets seeded.
// Each badge is checked against values that hold whenever the suite runs (states worked out by hand
// from the fixtures: a sev1 first response due Sat 2026-11-21 23:00Z is overdue from then on, …) and,
// for the exact text, against the project's own readers and planner run in Node at the same moment.
// Request Tracker (self-hosted) lists are covered by the unit tests on its fixtures.
import { Window } from 'happy-dom';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract, Severity, TargetKind } from '../../lib/contracts/model';
import { planRow, viewAt } from '../../lib/list/clocks';
import { listReaderFor } from '../../lib/list/index';
import { BADGE_TAG } from '../../lib/list/render';
import { watchMapFromReply } from '../../lib/list/watch';
import { buildMatchIndex, matchTicket } from '../../lib/match';
import type { ClockState } from '../../lib/sla/types';
import type { WatchedTicket } from '../../lib/watch/types';
import { urgencyList } from '../../lib/watch/schedule';
import {
  contractsSeed,
  launchWithExtension,
  loadPageFixture,
  screenshot,
  seedStorage,
  servePagesFromFixtures,
  startHelpdeskServer,
  wxtItem,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';
import { validContracts } from './overlay-support';

const contracts = validContracts('fixtures.json');
const MIN = 60_000;
const FIXTURES = ['zendesk/not-ticket-list', 'freshdesk/not-ticket-list'];

/** A watched ticket as the background stores it, with one contractual clock due relative to the suite's start. */
function watched(helpdesk: string, host: string, ticketId: string, contractId: string, customer: string, severity: Severity, clock: {
  kind: TargetKind; state: ClockState; dueInMin: number | null; minutes: number; basis: 'business' | '24x7';
}, now: Date): WatchedTicket {
  const iso = (ms: number) => new Date(ms).toISOString();
  const seen = iso(now.getTime() - 10 * MIN);
  return {
    key: `${helpdesk}:${host}:${ticketId}`, helpdesk, ticketId, url: `https://${host}/a/tickets/${ticketId}`, customer, contractId, severity,
    resolved: false, computedAt: seen, warnPercent: 75,
    clocks: [{
      kind: clock.kind, startedAt: iso(now.getTime() - 2 * 86_400_000),
      contractual: {
        minutes: clock.minutes, basis: clock.basis, state: clock.state, dueAt: clock.dueInMin === null ? null : iso(now.getTime() + clock.dueInMin * MIN),
        warnAt: null, minutesLeft: clock.dueInMin ?? 60,
      },
    }],
    pinned: false, firstSeenAt: seen, lastSeenAt: seen, closedAt: null, notified: [],
  };
}

const START = new Date();
const WATCHED: WatchedTicket[] = [
  watched('zendesk', 'acme.zendesk.com', '4715', 'wingtip-standard', 'Wingtip Toys', 'sev3', { kind: 'firstResponse', state: 'running', dueInMin: 3 * 24 * 60, minutes: 480, basis: 'business' }, START),
  watched('freshdesk', 'northwind.freshdesk.com', '5101', 'contoso-premium', 'Contoso Ltd', 'sev2', { kind: 'resolution', state: 'running', dueInMin: 5 * 24 * 60, minutes: 1440, basis: 'business' }, START),
  watched('freshdesk', 'northwind.freshdesk.com', '5102', 'northwind-enterprise', 'Northwind Traders', 'sev1', { kind: 'firstResponse', state: 'breached', dueInMin: -125, minutes: 30, basis: '24x7' }, START),
  watched('freshdesk', 'northwind.freshdesk.com', '5103', 'wingtip-standard', 'Wingtip Toys', 'sev3', { kind: 'firstResponse', state: 'paused', dueInMin: null, minutes: 480, basis: 'business' }, START),
];

interface Shown {
  id: string;
  state: string | null;
  text: string | null;
  label: string | null;
  /** The host is the last child of the row's own cell, whose first node is still the page's. */
  cellStart: string;
}

/** Every badge on the page, by the ticket id its row shows. */
function readBadges(page: Page, idSelector: string): Promise<Shown[]> {
  return page.evaluate(
    ([tag, sel]) =>
      Array.from(document.querySelectorAll(tag)).map((host) => {
        const el = host.shadowRoot?.querySelector('.b');
        const row = host.closest('tr, .tickets__list');
        const idText = row?.querySelector(sel)?.firstChild?.textContent ?? '';
        return {
          id: idText.replace(/\D/g, ''),
          state: el?.getAttribute('data-state') ?? null,
          text: el?.textContent ?? null,
          label: el?.getAttribute('aria-label') ?? null,
          cellStart: (host.parentElement?.firstChild?.textContent ?? '').trim().slice(0, 40),
        };
      }),
    [BADGE_TAG, idSelector] as const,
  );
}

/** What the project's readers and planner give in Node for a fixture at `now`: id → "state text". */
function expectedInNode(fixture: string, now: Date): Record<string, string> {
  const f = loadPageFixture(fixture);
  const win = new Window();
  const doc = new win.DOMParser().parseFromString(f.html, 'text/html') as unknown as Document;
  const reader = listReaderFor(f.url)!;
  const watch = watchMapFromReply({ ok: true, items: urgencyList(WATCHED, now) });
  const ctx = {
    helpdesk: reader.id, index: buildMatchIndex(contracts), contractsById: new Map<string, Contract>(contracts.map((c) => [c.id, c])), watch,
    host: f.url.host, warnPercent: 75, now,
    engines: { match: matchTicket },
  };
  const out: Record<string, string> = {};
  for (const row of reader.readRows(doc, f.url)) {
    const plan = planRow(row, ctx);
    const v = plan && viewAt(plan, now.getTime());
    if (v) out[row.ticketId.replace(/\D/g, '')] = `${v.state} ${v.text}`;
  }
  win.close();
  return out;
}

/** Polls until the page shows `count` labelled badges, then checks them against Node at the moments around the read. */
async function checkAgainstNode(page: Page, fixture: string, idSelector: string, count: number): Promise<Shown[]> {
  await expect.poll(async () => (await readBadges(page, idSelector)).filter((s) => s.label).length, { timeout: 10_000 }).toBe(count);
  const before = new Date();
  const shown = await readBadges(page, idSelector);
  const after = new Date();
  const a = expectedInNode(fixture, before);
  const b = expectedInNode(fixture, after);
  for (const s of shown) expect([a[s.id], b[s.id]], `badge of ${s.id}`).toContain(`${s.state} ${s.text}`);
  expect(Object.keys(a).sort()).toEqual(shown.map((s) => s.id).sort());
  return shown;
}

let server: HelpdeskServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startHelpdeskServer({ routes: servePagesFromFixtures(FIXTURES) });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedStorage(browser.serviceWorker, { ...contractsSeed(contracts, START), ...wxtItem('local:watched', WATCHED).items });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('list badges at the helpdesks\' hostnames', () => {
  it('Zendesk view: rows with a contract and a clock get the most urgent clock; the others nothing', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(loadPageFixture('zendesk/not-ticket-list').url.href);
      const shown = await checkAgainstNode(page, 'zendesk/not-ticket-list', '[data-test-id="generic-table-cells-id"]', 5);
      const by = Object.fromEntries(shown.map((s) => [s.id, s]));
      // Hand-worked, true at any time after the fixture's dates: sev1 first response due Sat 23:00Z (new ticket);
      // pending pauses resolution; solved = met (resolved before the Tue due); 4715 from the watch store.
      expect(by['4712']).toMatchObject({ state: 'breached', text: expect.stringMatching(/^overdue \d+h \d\dm$/) });
      expect(by['4712']!.label).toMatch(/^Northwind Traders · First response: overdue by/);
      expect(by['4713']).toMatchObject({ state: 'paused', text: 'paused' });
      expect(by['4714']).toMatchObject({ state: 'met', text: 'met' });
      expect(by['4715']!.label).toMatch(/^Wingtip Toys · First response: .*\(as of the last time the ticket was open\)$/);
      expect(by['4711']!.label).toMatch(/^Northwind Traders · Resolution: /);
      // Only our host was added: each id cell still starts with the page's own "#id" text.
      for (const s of shown) expect(s.cellStart).toBe(`#${s.id}`);
      // No badge in the view the page keeps hidden, none on group rows.
      expect(await page.locator(`[hidden] ${BADGE_TAG}, tr[data-test-id="generic-table-rows-group-by"] ${BADGE_TAG}`).count()).toBe(0);
      const file = await screenshot(page, 'list-badges-zendesk');
      console.log(`[list-badges.e2e] screenshot ${file}`);
    } finally {
      await page.close();
    }
  });

  it('Freshdesk list: cards without a created time take their clocks from the watch store', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(loadPageFixture('freshdesk/not-ticket-list').url.href);
      const shown = await checkAgainstNode(page, 'freshdesk/not-ticket-list', '[data-test-ticket-id]', 3);
      const by = Object.fromEntries(shown.map((s) => [s.id, s]));
      expect(by['5101']).toMatchObject({ state: 'running' });
      expect(by['5102']).toMatchObject({ state: 'breached', text: expect.stringMatching(/^overdue 2h 0[5-9]m$/) });
      expect(by['5103']).toMatchObject({ state: 'paused', text: 'paused' });
      expect(by['5104']).toBeUndefined(); // Fabrikam: no contract, not watched
      // The badge is the title row's last child, after the page's own "#id".
      const last = await page.locator('[data-test-ticket-content="5102"] .ticket-title-row > :last-child').evaluate((n) => n.tagName.toLowerCase());
      expect(last).toBe(BADGE_TAG);
      const colour = await page
        .locator(`[data-test-ticket-content="5102"] ${BADGE_TAG}`)
        .evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.b')!).backgroundColor);
      expect(colour).toBe('rgb(179, 38, 30)'); // --breached #b3261e, shared stylesheet applied in the content script's world
      const file = await screenshot(page, 'list-badges-freshdesk');
      console.log(`[list-badges.e2e] screenshot ${file}`);
    } finally {
      await page.close();
    }
  });

  it('follows the single-page app: a removed row loses its badge, navigating to a ticket removes them all', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(loadPageFixture('zendesk/not-ticket-list').url.href);
      await expect.poll(() => page.locator(BADGE_TAG).count(), { timeout: 10_000 }).toBe(5);
      await page.evaluate(() => document.querySelectorAll('main tr[data-test-id="generic-table-row"]')[1]?.remove()); // #4712
      await expect.poll(() => page.locator(BADGE_TAG).count(), { timeout: 5_000 }).toBe(4);
      // Navigating to a ticket (SPA) removes every badge.
      await page.evaluate(() => history.pushState({}, '', '/agent/tickets/4711'));
      await expect.poll(() => page.locator(BADGE_TAG).count(), { timeout: 5_000 }).toBe(0);
    } finally {
      await page.close();
    }
  });
});
