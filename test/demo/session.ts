// One demo session: the sample contracts, tickets generated relative to now, the demo helpdesk server,
// Chromium with the built extension and the contracts seeded into its storage. Shared by
// test/demo/run.mjs (npm run demo) and test/e2e/demo.e2e.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseContractsJson } from '../../lib/contracts/json';
import type { Contract } from '../../lib/contracts/model';
import {
  contractsSeed,
  launchWithExtension,
  OVERLAY_TAG,
  ROOT,
  seedStorage,
  startHelpdeskServer,
  type ExtensionBrowser,
  type HelpdeskServer,
} from '../e2e/harness';
import { DEMO_HOST, demoRoutes, ticketPath, viewPath } from './helpdesk';
import { buildDemoDesk, type DemoDesk, type DemoTicket } from './tickets';

export const SAMPLE_CONTRACTS = join(ROOT, 'test', 'demo', 'sample-contracts.json');
export const demoUrl = (path: string) => `https://${DEMO_HOST}${path}`;

export function loadSampleContracts(file = SAMPLE_CONTRACTS): Contract[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`sample contracts not found at ${file}`);
  }
  const r = parseContractsJson(text);
  if (!r.ok) {
    const list = r.errors.slice(0, 10).map((e) => `  ${e.path || '(file)'}: ${e.message}`).join('\n');
    throw new Error(`${file} does not validate:\n${list}`);
  }
  return r.file.contracts;
}

export interface DemoSession {
  desk: DemoDesk;
  contracts: Contract[];
  server: HelpdeskServer;
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

export async function startDemo(opts: { contractsFile?: string; headed?: boolean; now?: Date } = {}): Promise<DemoSession> {
  const contracts = loadSampleContracts(opts.contractsFile);
  const now = opts.now ?? new Date();
  const desk = buildDemoDesk(contracts, now);
  const server = await startHelpdeskServer({ routes: demoRoutes(() => desk) });
  let browser: ExtensionBrowser | undefined;
  try {
    browser = await launchWithExtension({ hosts: [DEMO_HOST], port: server.port, headed: opts.headed });
    await seedStorage(browser.serviceWorker, contractsSeed(contracts, now));
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
  const b = browser;
  return {
    desk, contracts, server, browser: b,
    close: async () => {
      await b.close();
      await server.close();
    },
  };
}

/** What the overlay shows (read straight from its open shadow root). */
export interface OverlayReading {
  /** How many overlay hosts the page has (should be 1). */
  hosts: number;
  phase: string | null;
  /** The ticket id the overlay's diagnostics name, when rendered. */
  ticketId: string | null;
  /** data-state of each clock, by kind (firstResponse, updateCadence, resolution). */
  clocks: Record<string, string>;
  noContract: boolean;
  customer: string | null;
}

export async function peekOverlay(page: Page): Promise<OverlayReading | null> {
  return page.evaluate((tag) => {
    const hosts = Array.from(document.querySelectorAll(tag));
    const root = hosts.map((h) => h.shadowRoot?.querySelector('[data-testid="sla-overlay"]')).find((r) => r) ?? null;
    if (!root) return null;
    const clocks: Record<string, string> = {};
    for (const c of Array.from(root.querySelectorAll('[data-kind][data-state]'))) {
      clocks[c.getAttribute('data-kind')!] = c.getAttribute('data-state')!;
    }
    const cell = root.querySelector('[data-field="ticketId"] td:nth-child(2)');
    return {
      hosts: hosts.length,
      phase: root.getAttribute('data-phase'),
      ticketId: cell?.textContent?.trim() || null,
      clocks,
      noContract: !!root.querySelector('[data-testid="sla-no-contract"]'),
      customer: root.querySelector('[data-testid="sla-customer"]')?.textContent?.trim() || null,
    };
  }, OVERLAY_TAG);
}

/** Does a reading show what the demo ticket was generated to show? */
export function showsExpected(r: OverlayReading, t: DemoTicket): boolean {
  if (t.state === 'noContract') return r.noContract;
  return !r.noContract && Object.entries(t.expected).every(([kind, state]) => r.clocks[kind] === state);
}

/**
 * Waits (bounded) until the overlay has read this ticket: out of its loading phase and, after an in-app
 * navigation, no longer showing the previous ticket (its diagnostics name this ticket, or, when they are
 * not rendered, it shows what this ticket should show). Returns the last reading either way.
 */
export async function waitForOverlay(page: Page, t: DemoTicket, timeoutMs = 10_000): Promise<{ ok: boolean; reading: OverlayReading | null }> {
  const until = Date.now() + timeoutMs;
  let reading: OverlayReading | null = null;
  for (;;) {
    reading = await peekOverlay(page);
    const settled = reading && reading.phase !== 'loading';
    if (settled && (reading!.ticketId ? reading!.ticketId === String(t.id) : showsExpected(reading!, t))) return { ok: true, reading };
    if (Date.now() > until) return { ok: false, reading };
    await page.waitForTimeout(150);
  }
}

/** Opens a ticket the way an agent does in the single-page app: from the view, or by its header tab. */
export async function openTicketInApp(page: Page, t: DemoTicket): Promise<void> {
  const path = ticketPath(t.id);
  const tab = page.locator(`.header-tabs [data-entity-id="${t.id}"]`);
  if (await tab.count()) await tab.click();
  else {
    if (!new URL(page.url()).pathname.startsWith(viewPath)) await page.locator('.app-nav .nav-item[aria-label="Views"]').click();
    await page.locator(`a[data-ticket-link="${t.id}"]`).click();
  }
  await page.waitForURL(demoUrl(path));
  await page.locator(`.ticket-panes-grid-layout[data-is-active="true"][data-ticket-id="${t.id}"]`).waitFor();
}
