// Smoke: the built extension loads in Chromium, a Zendesk fixture is served at its real https URL
// through --host-resolver-rules, and nothing leaves for any other host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureNames,
  launchWithExtension,
  loadPageFixture,
  overlay,
  overlayPart,
  screenshot,
  servePagesFromFixtures,
  startHelpdeskServer,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';

const ticketFixture = fixtureNames('zendesk')
  .map(loadPageFixture)
  .filter((f) => f.url.hostname.endsWith('.zendesk.com') && /^\/agent\/tickets\/\d+$/.test(f.url.pathname))
  .sort((a, b) => Number(b.url.hostname === 'acme.zendesk.com') - Number(a.url.hostname === 'acme.zendesk.com'))[0];
if (!ticketFixture) throw new Error('needs a test/fixtures/zendesk/*.html fixture at https://<sub>.zendesk.com/agent/tickets/<id>');
const fixture = ticketFixture;
const HOST = fixture.url.hostname;

let server: HelpdeskServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startHelpdeskServer({ routes: servePagesFromFixtures([fixture.name]) });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('built extension in Chromium', () => {
  it('registers its service worker with the SLA Lens manifest', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await browser.serviceWorker.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { getManifest(): unknown } } }).chrome.runtime.getManifest(),
    ) as { name: string; manifest_version: number; content_scripts?: { matches: string[] }[] };
    expect(manifest.name).toBe('SLA Lens');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.content_scripts?.flatMap((c) => c.matches)).toContain('https://*.zendesk.com/*');
  });

  it('serves the Zendesk fixture at its real hostname over HTTPS, with no request to another host', async () => {
    const page = await browser.context.newPage();
    const res = await page.goto(fixture.url.href, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(fixture.url.href);
    expect(await page.evaluate(() => location.protocol)).toBe('https:');
    expect(server.requestsTo(HOST, fixture.url.pathname)).toHaveLength(1);

    // The content script mounts its overlay (no contracts are seeded, so it reads the ticket and finds none).
    await expect.poll(() => overlay(page).count(), { timeout: 10_000 }).toBe(1);
    await overlayPart(page, 'sla-overlay').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'e2e-zendesk-fixture');

    expect(browser.blocked).toEqual([]);
    expect(server.requests.filter((r) => r.host !== HOST)).toEqual([]);
    // Every API call the content script made was one the fixture recorded.
    expect(server.requests.filter((r) => r.status !== 200 && r.path !== '/favicon.ico')).toEqual([]);
    await page.close();
  });

  it('blocks and records a request to an unlisted host', async () => {
    const page = await browser.context.newPage();
    await page.goto(fixture.url.href);
    const failed = await page.evaluate(() => fetch('https://tracker.example.net/pixel').then(() => false, () => true));
    expect(failed).toBe(true);
    expect(browser.blocked.map((b) => b.url)).toContain('https://tracker.example.net/pixel');
    expect(server.requests.some((r) => r.host === 'tracker.example.net')).toBe(false);
    await page.close();
  });
});
