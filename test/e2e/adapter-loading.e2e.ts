// Adapters on demand, in the real browser: the content script bundles only the URL table, and the
// background injects the page's one adapter script into the content script's isolated world. Checked by
// looking into that world over CDP (page scripts cannot see it): on a SaaS ticket page, on a custom
// (self-hosted) domain whose content script was registered at runtime, and on a SaaS page that is no
// helpdesk view at all.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchWithExtension,
  overlay,
  overlayPart,
  seedStorage,
  servePagesFromFixtures,
  startHelpdeskServer,
  wxtItem,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';
import { launchWithGrantedOrigin } from './overlay-support';

const ZENDESK = 'zendesk/two-tabs';
const RT = 'request-tracker/display-history';
const RT_ORIGIN = 'https://rt.example.test';

interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/** Keys of the adapter registry in the extension's isolated world of the page's main frame (null: no such world). */
async function adaptersInContentWorld(page: Page, extensionId: string): Promise<string[] | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ExecutionContext[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContext }) => contexts.push(e.context));
    await cdp.send('Runtime.enable'); // reports the contexts that exist already
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`);
    if (!world) return null;
    const r = (await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: 'Object.keys(globalThis.__slaLensAdapters ?? {})',
      returnByValue: true,
    })) as { result: { value: string[] } };
    return r.result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

describe('SaaS helpdesk (static content script)', () => {
  let server: HelpdeskServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startHelpdeskServer({
      routes: [...servePagesFromFixtures([ZENDESK]), { host: 'acme.zendesk.com', path: '/hc/en-us', body: '<!doctype html><title>Help Center</title><h1>Help</h1>' }],
    });
    browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('injects exactly the page’s adapter, and the overlay reads the ticket with it', async () => {
    const page = await browser.context.newPage();
    const url = servePagesFromFixtures([ZENDESK])[0] as { host: string; path: string };
    await page.goto(`https://${url.host}${url.path}`);
    await overlayPart(page, 'sla-overlay').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 10_000 });
    expect(await adaptersInContentWorld(page, browser.extensionId)).toEqual(['zendesk']);
    // Page scripts see none of it.
    expect(await page.evaluate(() => '__slaLensAdapters' in globalThis)).toBe(false);
    await page.close();
  });

  it('injects nothing on a page of the helpdesk host that no adapter claims', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/hc/en-us');
    // The content script runs there (same host match); wait until its world exists, then give it time to ask.
    await expect.poll(() => adaptersInContentWorld(page, browser.extensionId), { timeout: 10_000 }).not.toBeNull();
    // The content script decides synchronously that no adapter claims the URL; the wait only gives a
    // wrong request time to land.
    await page.waitForTimeout(500);
    expect(await adaptersInContentWorld(page, browser.extensionId)).toEqual([]);
    expect(await overlay(page).count()).toBe(0);
    await page.close();
  });
});

describe('custom domain (content script registered at runtime for a granted origin)', () => {
  let server: HelpdeskServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startHelpdeskServer({ routes: servePagesFromFixtures([RT]) });
    browser = await launchWithGrantedOrigin({ origins: [RT_ORIGIN], hosts: server.hosts, port: server.port });
    await seedStorage(browser.serviceWorker, wxtItem('local:customDomains', [RT_ORIGIN]).items);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('injects the Request Tracker adapter into the self-hosted page', async () => {
    type Sw = { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> } } };
    await expect
      .poll(() => browser.serviceWorker.evaluate(() => (globalThis as unknown as Sw).chrome.scripting.getRegisteredContentScripts()), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ matches: [`${RT_ORIGIN}/*`] })]);
    const route = servePagesFromFixtures([RT])[0] as { host: string; path: string };
    const page = await browser.context.newPage();
    await page.goto(`https://${route.host}${route.path}`);
    await overlayPart(page, 'sla-overlay').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 10_000 });
    expect(await adaptersInContentWorld(page, browser.extensionId)).toEqual(['request-tracker']);
    // Styled too: the overlay CSS is bundled as text, not fetched (a fetched file would have to be
    // web-accessible to this runtime-added origin).
    expect(await overlay(page).locator('.sla-bar').first().evaluate((e) => getComputedStyle(e).display)).toBe('flex');
    await page.close();
  });
});
