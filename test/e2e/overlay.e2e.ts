// The overlay on recorded helpdesk pages, served at their real hostnames to the built extension in
// Chromium, with test/e2e/contracts/fixtures.json seeded. Each page is checked against values worked out
// by hand from the fixture (due instants, met/missed margins, paused time left, badges, links) and
// against the project's adapter + SLA engine run in Node on the same fixture at the same moment
// (overlay-support.ts). Then SPA navigation between two Zendesk tickets in one document.
// Request Tracker (self-hosted) is in overlay-rt.e2e.ts, hostile input in overlay-hostile.e2e.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractsSeed,
  launchWithExtension,
  loadPageFixture,
  readStorage,
  screenshot,
  seedStorage,
  servePagesFromFixtures,
  startHelpdeskServer,
  type DynamicRoute,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';
import {
  checkFixtureCase,
  contractById,
  readFixtureInNode,
  readOverlay,
  slaAt,
  validContracts,
  NORTHWIND_BADGES,
  NORTHWIND_ESCALATION,
  NORTHWIND_TAM,
  waitForOverlay,
  type FixtureCase,
} from './overlay-support';

const contracts = validContracts('fixtures.json');

const ZENDESK_ANCHOR = '.ticket-panes-grid-layout[data-is-active="true"] [data-test-id="omni-header"]';
const MIN = 60_000;

// Hand-worked values. Northwind: Mon–Fri 08:00–18:00 Europe/Berlin (UTC+1 in November); sev1 24x7
// 30/240/480 min (internal first response 10), sev2 business 60/240/1440 (internal 45). 2026-11-20 is a Friday.
const CASES: FixtureCase[] = [
  {
    // Created Fri 08:00Z (09:00 Berlin); first reply 09:10Z, last 11:20Z; Pending 09:10Z–10:05Z.
    name: 'zendesk',
    fixture: 'zendesk/two-tabs',
    contractId: 'northwind-enterprise',
    anchor: ZENDESK_ANCHOR,
    apiPrefix: '/api/',
    match: 'by externalId: zendesk:360001',
    severity: 'Sev 2',
    clocks: {
      // Due 10:00 Berlin = 09:00Z; answered 10 business minutes later. Internal 45 → 08:45Z, missed too.
      firstResponse: { state: 'missed', left: 'missed by 10m', dueIso: '2026-11-20T09:00:00.000Z', atIso: '2026-11-20T09:10:00.000Z', internal: 'internal missed' },
      // From the last reply 12:20 Berlin + 240 business minutes = 16:20 Berlin.
      updateCadence: { state: 'breached', dueIso: '2026-11-20T15:20:00.000Z' },
      // Fri 09:00–10:10 + 11:05–18:00 = 485; Mon 600 → 1085; Tue 08:00 + 355 = 13:55 Berlin.
      resolution: { dueIso: '2026-11-24T12:55:00.000Z' },
    },
    badges: NORTHWIND_BADGES,
    entitlementContacts: NORTHWIND_TAM,
    escalationContacts: NORTHWIND_ESCALATION,
    outOfScope: 'Custom VPN client scripts',
  },
  {
    // Contoso: Mon–Fri 09:00–17:00 America/New_York (UTC−5); term ended 2026-10-31. Created Fri 08:00Z (03:00 NY).
    name: 'freshdesk',
    fixture: 'freshdesk/details-full',
    contractId: 'contoso-premium',
    anchor: 'h2.ticket-subject-heading',
    apiPrefix: '/api/',
    match: 'by domain: contoso.example',
    severity: 'Sev 2',
    clocks: {
      // Answered 08:45Z, before opening: no business minute used; due would have been 10:00 NY.
      firstResponse: { state: 'met', left: 'met', dueIso: '2026-11-20T15:00:00.000Z', atIso: '2026-11-20T08:45:00.000Z' },
      // Last reply 09:30 NY + 240 = 13:30 NY.
      updateCadence: { state: 'breached', dueIso: '2026-11-20T18:30:00.000Z' },
      // 1440 = three 480-minute days: Fri, Mon, Tue 17:00 NY.
      resolution: { dueIso: '2026-11-24T22:00:00.000Z' },
    },
    badges: {
      tier: ['Premium'],
      coverage: ['Mon–Fri 09:00–17:00 (America/New_York)'],
      channels: ['email, portal'],
      dedicated: ['Dedicated agent Sam Rivera'],
    },
    entitlementContacts: [{ name: 'Sam Rivera', hrefs: ['mailto:sam.rivera@vendor.example', 'tel:+12125550147'] }],
  },
  {
    // Created Fri 08:00Z; first reply 09:30Z, last 15:15Z; Waiting for customer 09:30Z–13:00Z.
    name: 'jira',
    fixture: 'jira/cloud-full-page',
    contractId: 'northwind-enterprise',
    anchor: 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]',
    apiPrefix: '/rest/',
    // Jane is one of Northwind's named contacts: the exact address wins over the domain.
    match: 'by email: jane@northwind.example',
    severity: 'Sev 2',
    clocks: {
      firstResponse: { state: 'missed', left: 'missed by 30m', dueIso: '2026-11-20T09:00:00.000Z', atIso: '2026-11-20T09:30:00.000Z', internal: 'internal missed' },
      // 16:15 Berlin: Fri 105 + Mon 135 → Mon 10:15 Berlin.
      updateCadence: { dueIso: '2026-11-23T09:15:00.000Z' },
      // Fri 09:00–10:30 + 14:00–18:00 = 330; Mon 600 → 930; Tue 08:00 + 510 = 16:30 Berlin.
      resolution: { dueIso: '2026-11-24T15:30:00.000Z' },
    },
    badges: NORTHWIND_BADGES,
    entitlementContacts: NORTHWIND_TAM,
    escalationContacts: NORTHWIND_ESCALATION,
    outOfScope: 'Custom VPN client scripts',
  },
  {
    // 1 - Critical = sev1 (24x7). Created 09:12Z; replies 10:30Z, 15:45Z; On Hold 10:31Z–13:05Z (154 min).
    // The caller (abel.tuter@) is not one of Northwind's authorised contacts.
    name: 'servicenow',
    fixture: 'servicenow/classic-frame',
    contractId: 'northwind-enterprise',
    anchor: '.navbar-header',
    apiPrefix: '/api/',
    match: 'by domain: northwind.example',
    severity: 'Sev 1',
    clocks: {
      firstResponse: { state: 'missed', left: 'missed by 48m', dueIso: '2026-11-20T09:42:00.000Z', atIso: '2026-11-20T10:30:00.000Z', internal: 'internal missed' },
      updateCadence: { state: 'breached', dueIso: '2026-11-20T19:45:00.000Z' },
      // 09:12 + 480 + 154 paused.
      resolution: { state: 'breached', dueIso: '2026-11-20T19:46:00.000Z' },
    },
    badges: { ...NORTHWIND_BADGES, unauthorised: ['⚠ Requester is not an authorised contact'] },
    entitlementContacts: NORTHWIND_TAM,
    escalationContacts: NORTHWIND_ESCALATION,
    // "Executive sponsor" fires 200000 active resolution minutes after creation: + the 154 paused.
    escalationNext: async (text) =>
      `Next: Executive sponsor at ${await text(new Date(Date.parse('2026-11-20T09:12:00Z') + (200_000 + 154) * MIN).toISOString())}`,
    outOfScope: 'Custom VPN client scripts',
  },
  {
    // Help Scout's page gives only the conversation id, subject and customer name: matched by the alias,
    // and without a priority or creation time there are no clocks.
    name: 'help-scout',
    fixture: 'help-scout/conversation',
    contractId: 'wingtip-standard',
    anchor: '[data-cy="ConversationHeader.Actions"]',
    apiPrefix: '/',
    match: 'by alias: Olivia Chen',
    severity: 'Severity unknown',
    clocks: {},
    badges: {
      tier: ['Standard'],
      coverage: ['Mon–Fri 08:00–17:00 (America/Los_Angeles)'],
      channels: ['email'],
      custom: ['Quarterly business review'],
    },
    entitlementContacts: [],
  },
  {
    // Urgent = sev1. Created Sat 08:00Z, answered 08:20Z and Pending since: the other clocks are frozen.
    name: 'zendesk-paused',
    fixture: '_e2e/zendesk-pending',
    contractId: 'northwind-enterprise',
    anchor: ZENDESK_ANCHOR,
    apiPrefix: '/api/',
    match: 'by externalId: zendesk:360001',
    severity: 'Sev 1',
    clocks: {
      firstResponse: { state: 'met', left: 'met', dueIso: '2026-11-21T08:30:00.000Z', atIso: '2026-11-21T08:20:00.000Z', internal: 'internal missed' },
      updateCadence: { state: 'paused', left: 'paused · 4h 00m left', dueIso: null, sinceIso: '2026-11-21T08:20:00.000Z' },
      resolution: { state: 'paused', left: 'paused · 7h 40m left', dueIso: null, sinceIso: '2026-11-21T08:20:00.000Z' },
    },
    badges: NORTHWIND_BADGES,
    entitlementContacts: NORTHWIND_TAM,
    // Nothing breached, and the breach trigger cannot be dated while every running clock is paused.
    escalationNext: async () => 'Next: Duty manager when its trigger is reached',
    outOfScope: 'Custom VPN client scripts',
  },
];

// SPA: a Zendesk-like shell on the same host that renders a fixture page into #app after pushState,
// a beat later (as the real app does: the URL changes before the new ticket renders), and on popstate.
const SPA_HOST = 'northwind.zendesk.com';
const SPA_PAGES: Record<string, string> = {
  '/agent/tickets/48213': 'zendesk/two-tabs',
  '/agent/tickets/48250/events': 'zendesk/older-layout-sparse',
};
const SPA_SHELL = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Northwind Support</title></head>
<body><div id="app"><p>Dashboard</p></div>
<script>
  async function render(path) {
    const html = await (await fetch('/__e2e/page?path=' + encodeURIComponent(path))).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.title = doc.title;
    document.getElementById('app').replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
    window.__rendered = path;
  }
  window.__go = (path) => {
    history.pushState({}, '', path);
    setTimeout(() => render(path), 40);
  };
  addEventListener('popstate', () => render(location.pathname));
  window.__document = 'spa-shell';
</script></body></html>`;
const spaRoute: DynamicRoute = {
  host: SPA_HOST,
  handle: (req) => {
    if (req.url.pathname === '/agent/dashboard') return { body: SPA_SHELL };
    const name = req.url.pathname === '/__e2e/page' ? SPA_PAGES[req.url.searchParams.get('path') ?? ''] : undefined;
    return name ? { body: loadPageFixture(name).html } : undefined;
  },
};

let server: HelpdeskServer;
let browser: ExtensionBrowser;
const suiteStart = performance.now();

beforeAll(async () => {
  const fixtures = [...new Set([...CASES.map((k) => k.fixture), ...Object.values(SPA_PAGES)])];
  server = await startHelpdeskServer({ routes: [spaRoute, ...servePagesFromFixtures(fixtures)] });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedStorage(browser.serviceWorker, contractsSeed(contracts, new Date()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  console.log(`[overlay.e2e] ${Math.round(performance.now() - suiteStart)} ms`);
});

describe('overlay on helpdesk fixture pages at their real hostnames', () => {
  for (const k of CASES) {
    it(`${k.name}: ${k.fixture} → ${k.contractId}`, () => checkFixtureCase({ browser, server, contracts }, k));
  }

  it('remembers the expanded state in the synced settings', async () => {
    // The cases above ended expanded.
    const { settings } = await readStorage(browser.serviceWorker, ['settings'], 'sync');
    expect(settings).toMatchObject({ collapsed: false });
  });

  it('follows SPA navigation between two tickets in one document, with one overlay host throughout', async () => {
    const page = await browser.context.newPage();
    const a = await readFixtureInNode(loadPageFixture('zendesk/two-tabs'));
    const b = await readFixtureInNode(loadPageFixture('zendesk/older-layout-sparse'));
    const contoso = contractById(contracts, 'contoso-premium');
    const seen = server.requests.length;
    try {
      await page.goto(`https://${SPA_HOST}/agent/dashboard`);
      // Not a ticket: no overlay.
      expect((await readOverlay(page)).hosts).toBe(0);
      // Count hosts on every DOM change from here on.
      await page.evaluate(() => {
        const w = window as unknown as { __maxHosts: number };
        w.__maxHosts = 0;
        new MutationObserver(() => {
          w.__maxHosts = Math.max(w.__maxHosts, document.querySelectorAll('sla-lens-overlay').length);
        }).observe(document.documentElement, { childList: true, subtree: true });
      });

      await page.evaluate(() => (window as unknown as { __go(p: string): void }).__go('/agent/tickets/48213'));
      const first = await waitForOverlay(page, (o) => o.customer === 'Northwind Traders' && o.diag.fields.ticketId === '48213' && o.clocks.length === 3, {
        anchor: ZENDESK_ANCHOR,
      });
      expect(first.atAnchor).toBe(true);
      expect(first.clocks.find((c) => c.kind === 'firstResponse')).toMatchObject({ state: 'missed', left: 'missed by 10m' });

      await page.evaluate(() => (window as unknown as { __go(p: string): void }).__go('/agent/tickets/48250/events'));
      const second = await waitForOverlay(
        page,
        (o) => o.customer === 'Contoso Ltd' && o.diag.fields.ticketId === '48250' && o.diag.fields.subject === b.snapshot.subject,
        { anchor: '[data-test-id="ticket-pane-subject"]' },
      );
      expect(second.atAnchor).toBe(true);
      expect(page.url()).toBe(`https://${SPA_HOST}/agent/tickets/48250/events`);
      expect(second.tier).toBe('Premium');
      expect(second.termAlert).toEqual({ text: '✖ contract expired', term: 'expired' });
      // Urgent = Contoso sev1 (24x7): answered 2026-11-23 09:30Z, 44h 30m after creation, target 60 min.
      const fr = second.clocks.find((c) => c.kind === 'firstResponse');
      expect(fr).toMatchObject({ state: 'missed', left: 'missed by 43h 30m', dueIso: '2026-11-21T14:00:00.000Z' });
      const t = Date.now();
      const engine = slaAt(b.snapshot, contoso, [new Date(t - 2500), new Date(t)]);
      for (const c of second.clocks) {
        expect(engine.map((s) => s.clocks.find((x) => x.kind === c.kind)?.contractual.state)).toContain(c.state);
      }
      expect(second.clocks.map((c) => c.kind)).toEqual(engine[1]!.clocks.map((c) => c.kind));
      await screenshot(page, 'overlay-spa-second-ticket');

      // Back: the first ticket again, same document.
      await page.goBack();
      await page.waitForURL(`https://${SPA_HOST}/agent/tickets/48213`);
      const back = await waitForOverlay(page, (o) => o.customer === 'Northwind Traders' && o.diag.fields.ticketId === '48213', { anchor: ZENDESK_ANCHOR });
      expect(back.atAnchor).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __document?: string }).__document)).toBe('spa-shell');
      expect(await page.evaluate(() => (window as unknown as { __maxHosts: number }).__maxHosts)).toBe(1);

      // One page load; each ticket's API read through the adapter's paths.
      const mine = server.requests.slice(seen).filter((r) => r.host === SPA_HOST);
      expect(mine.filter((r) => r.path === '/agent/dashboard')).toHaveLength(1);
      const api = mine.filter((r) => r.path.startsWith('/api/')).map((r) => r.path);
      expect(new Set(api)).toEqual(new Set([...a.apiCalls, ...b.apiCalls]));
      expect(mine.filter((r) => r.status !== 200 && r.path !== '/favicon.ico')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('sent nothing to any other host', () => {
    expect(browser.blocked).toEqual([]);
    expect(server.requests.filter((r) => !server.hosts.includes(r.host))).toEqual([]);
  });
});
