// The overlay on a self-hosted helpdesk: a page saved from a real Request Tracker 5.0.3, served at
// https://rt.example.test with its REST 2 recording. Self-hosted origins are not in the manifest: the
// options page asks for the host permission, stores the origin, and the background registers the content
// script for granted origins (lib/custom-domains.ts). Here the browser starts with the origin granted
// (launchWithGrantedOrigin: headless Chromium cannot accept the prompt) and the origin is stored, so the
// background's own sync does the registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractsSeed,
  seedStorage,
  servePagesFromFixtures,
  startHelpdeskServer,
  wxtItem,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';
import { NORTHWIND_BADGES, NORTHWIND_ESCALATION, NORTHWIND_TAM, checkFixtureCase, launchWithGrantedOrigin, validContracts } from './overlay-support';

const ORIGIN = 'https://rt.example.test';
const contracts = validContracts('fixtures.json');

interface ChromeApi {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
}

let server: HelpdeskServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startHelpdeskServer({ routes: servePagesFromFixtures(['request-tracker/display-history']) });
  browser = await launchWithGrantedOrigin({ origins: [ORIGIN], hosts: server.hosts, port: server.port });
  await seedStorage(browser.serviceWorker, { ...contractsSeed(contracts, new Date()), ...wxtItem('local:customDomains', [ORIGIN]).items });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('overlay on a self-hosted Request Tracker page', () => {
  it('the background registers the content script for the stored, granted origin', async () => {
    const registered = () =>
      browser.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.scripting.getRegisteredContentScripts());
    await expect.poll(registered, { timeout: 10_000 }).toEqual([expect.objectContaining({ matches: [`${ORIGIN}/*`] })]);
  });

  it('request-tracker: request-tracker/display-history → northwind-enterprise', () =>
    checkFixtureCase(
      { browser, server, contracts },
      {
        // Critical = sev1 (24x7 30/240/480, internal first response 10). Created 2026-11-21 23:43:32Z,
        // replies 23:43:36Z and 23:43:47Z, stalled 23:43:39Z–23:43:52Z (from the REST history).
        name: 'request-tracker',
        fixture: 'request-tracker/display-history',
        contractId: 'northwind-enterprise',
        anchor: '#header h1',
        apiPrefix: '/rt/REST/',
        match: 'by email: jane@northwind.example',
        severity: 'Sev 1',
        clocks: {
          // Answered after 4 s: the due stays where the 30 minutes would have ended.
          firstResponse: { state: 'met', left: 'met', dueIso: '2026-11-22T00:13:32.000Z', atIso: '2026-11-21T23:43:36.000Z', internal: 'internal met' },
          // The last reply fell inside the stall: the 240 minutes count from its end, 23:43:52.
          updateCadence: { dueIso: '2026-11-22T03:43:52.000Z' },
          // 480 minutes + the 13 s stall.
          resolution: { dueIso: '2026-11-22T07:43:45.000Z' },
        },
        badges: NORTHWIND_BADGES,
        entitlementContacts: NORTHWIND_TAM,
        escalationContacts: NORTHWIND_ESCALATION,
        outOfScope: 'Custom VPN client scripts',
      },
    ));

  it('sent nothing to any other host', () => {
    expect(browser.blocked).toEqual([]);
    expect(server.requests.filter((r) => r.host !== 'rt.example.test')).toEqual([]);
  });
});
