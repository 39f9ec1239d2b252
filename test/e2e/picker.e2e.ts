// Reading rules end to end, in Debian's Chromium with the built extension, driven with real pointer
// moves and clicks:
//  1. "Acme Desk", a helpdesk no adapter knows (test/fixtures/_unknown/acme-desk.html) at its own
//     hostname. The user adds the origin the way a user does (Options → Helpdesk domains → the browser's
//     own permission prompt, accepted with xdotool on Xvfb: test/e2e/rt/display.ts), the page offers the
//     picker, the agent picks requester email, subject, priority (with a regex) and created time, and the
//     overlay appears with the matched contract and clocks from the picked created time.
//  2. Zendesk (test/fixtures/zendesk/two-tabs.html at its real hostname) with a custom "Severity" field
//     the team trusts over Zendesk's priority: from the overlay's diagnostics, "Pick field…" maps priority
//     to that field; the severity follows the rule and only priority says source "rule".
// Headed Chromium on Xvfb for the prompt; run: npx vitest run --config test/e2e/vitest.config.ts test/e2e/picker.e2e.ts
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import { computeSla } from '../../lib/sla';
import {
  contractsSeed, launchWithExtension, loadPageFixture, readStorage, screenshot, seedStorage, startHelpdeskServer,
  type ExtensionBrowser, type HelpdeskServer, type Route,
} from './harness';
import { contractById, readFixtureInNode, readOverlay, validContracts, waitForOverlay } from './overlay-support';
import { startDisplay, type VirtualDisplay } from './rt/display';

const contracts = validContracts('fixtures.json');
const ACME = loadPageFixture('_unknown/acme-desk');
const ZENDESK = loadPageFixture('zendesk/two-tabs');
// The team's own "Severity" field in the active ticket's properties (a Zendesk custom field).
const SEVERITY_FIELD =
  '<label>Severity</label><div data-test-id="ticket-fields-custom-severity"><div data-garden-id="dropdowns.combobox.value">Urgent</div></div>';
const ZENDESK_HTML = ZENDESK.html.replace(
  '<label>Priority</label>\n    <div data-test-id="ticket-fields-priority-select"><div data-garden-id="dropdowns.combobox.value">High</div></div>',
  (m) => `${m}\n    ${SEVERITY_FIELD}`,
);

let server: HelpdeskServer;
let display: VirtualDisplay;
let browser: ExtensionBrowser;
let page: Page;
const consoleLog: string[] = [];

beforeAll(async () => {
  expect(ZENDESK_HTML, 'the custom field was not inserted into the Zendesk fixture').toContain('ticket-fields-custom-severity');
  const routes: Route[] = [
    { host: ACME.url.hostname, path: ACME.url.pathname, body: ACME.html },
    { host: ZENDESK.url.hostname, path: ZENDESK.url.pathname, body: ZENDESK_HTML },
    ...Object.entries(ZENDESK.api).map(([path, body]) => ({ host: ZENDESK.url.hostname, path, body: body ?? null })),
  ];
  server = await startHelpdeskServer({ routes });
  display = await startDisplay();
  process.env.DISPLAY = display.display; // Playwright passes the environment to Chromium
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port, headed: true });
  await seedStorage(browser.serviceWorker, contractsSeed(contracts, new Date()));
  page = await browser.context.newPage();
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  display?.close();
  delete process.env.DISPLAY;
  await server?.close();
});

const picker = (p: Page) => p.locator('sla-lens-picker');
const part = (p: Page, id: string) => picker(p).locator(`[data-testid="${id}"]`);

/** Moves the pointer onto the element in steps (as a hand would), then clicks it: the picker's layer takes both. */
async function pointAndClick(p: Page, target: Locator, shot?: string): Promise<void> {
  await target.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const box = await target.boundingBox();
  if (!box) throw new Error(`no box for ${target}`);
  const x = box.x + Math.min(box.width / 2, 20);
  const y = box.y + box.height / 2;
  await p.mouse.move(x - 40, y - 30);
  await p.mouse.move(x, y, { steps: 8 });
  try {
    await expect.poll(() => part(p, 'slp-box-hover').count()).toBe(1);
  } catch (e) {
    await screenshot(p, 'picker-failed-hover');
    throw new Error(`no highlight at ${x},${y} (picker-failed-hover.png): ${e instanceof Error ? e.message : e}`);
  }
  if (shot) await screenshot(p, shot);
  await p.mouse.click(x, y);
}

async function pickField(p: Page, field: string, target: Locator, expectValue: RegExp, opts: { regex?: string; shot?: string } = {}) {
  await part(p, 'slp-field').selectOption(field);
  await pointAndClick(p, target, opts.shot);
  await expect.poll(() => part(p, 'slp-unique').textContent()).toContain('matches exactly this element');
  if (opts.regex) await part(p, 'slp-regex').fill(opts.regex);
  await expect.poll(() => part(p, 'slp-value').textContent()).toMatch(expectValue);
  await part(p, 'slp-save').click();
  await expect.poll(() => part(p, 'slp-status').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
}

describe('field picker on a helpdesk no adapter knows', () => {
  it('Options → Helpdesk domains adds the origin; the browser’s permission prompt is accepted', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('link', { name: 'Helpdesk domains' }).click();
    await options.locator('#dom-input').fill(ACME.url.href);
    await options.bringToFront();
    await options.getByRole('button', { name: 'Add and allow' }).click();
    // Chromium's own dialog ("Deny" focused, then "Allow") dims the page behind it; keys go to it through X.
    const dimmed = () => display.pixel(700, 800).every((c) => c < 160);
    for (const deadline = Date.now() + 10_000; !dimmed() && Date.now() < deadline; ) await options.waitForTimeout(200);
    await options.waitForTimeout(500); // let the dialog take the focus
    display.screenshot('picker-permission-prompt');
    expect(dimmed(), 'no permission prompt on screen (picker-permission-prompt.png)').toBe(true);
    display.key('Tab', 'Return');
    const row = options.locator('table.domains tbody tr', { hasText: ACME.url.origin });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Allowed');
    type Chrome = { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } } };
    await expect
      .poll(() => browser.serviceWorker.evaluate(() => (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts()), { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ matches: [`https://${ACME.url.hostname}/*`] }));
    await options.close();
  });

  it('offers the picker; picking requester email, subject, priority and created time brings the overlay with the matched contract', async () => {
    await page.bringToFront();
    await page.goto(ACME.url.href);
    await expect.poll(() => part(page, 'slp-offer').count(), { timeout: 15_000 }).toBe(1);
    expect(await part(page, 'slp-offer').textContent()).toContain('no reading rules for this site');
    expect(await page.locator('sla-lens-overlay').count()).toBe(0);
    await screenshot(page, 'picker-offer-acme');
    await part(page, 'slp-offer-pick').click();
    await expect.poll(() => part(page, 'slp-panel').count()).toBe(1);

    // A click on a page link while picking must not reach the page (it would navigate away).
    await pointAndClick(page, page.locator('nav a[href="/desk/reports"]'));
    expect(new URL(page.url()).pathname).toBe(ACME.url.pathname);

    await pickField(page, 'requesterEmail', page.locator('#ticket-main .css-4r5t6y'), /^jane\.cooper@northwind\.example$/, { shot: 'picker-highlight-acme' });
    await pickField(page, 'subject', page.locator('#ticket-main h1'), /^Printer queue stuck on floor 3$/);
    await pickField(page, 'priority', page.locator('#prio-box'), /^Urgent$/, { regex: 'Priority:\\s*(\\w+)' });
    await pickField(page, 'createdAt', page.locator('#ticket-main dd time'), /^2026-11-18T08:42:00\.000Z/);
    await screenshot(page, 'picker-saved-acme');
    await part(page, 'slp-done').click();
    await expect.poll(() => picker(page).count()).toBe(0);

    // The rule as stored: one local rule for the origin, the fields as picked, stable selectors.
    const stored = (await readStorage(browser.serviceWorker, ['readingRules'])).readingRules as { rules: Record<string, unknown>[] };
    expect(stored.rules).toHaveLength(1);
    const rule = stored.rules[0] as { origin: string; path: string; adapter?: string; fields: Record<string, { selector: string; regex?: string; read?: string; attribute?: string }> };
    expect(rule.origin).toBe(ACME.url.origin);
    expect(rule.path).toBe('/desk/tickets/*');
    expect(rule.adapter).toBeUndefined();
    expect(Object.keys(rule.fields).sort()).toEqual(['createdAt', 'priority', 'requesterEmail', 'subject']);
    expect(rule.fields.priority).toEqual(expect.objectContaining({ selector: '#prio-box', regex: 'Priority:\\s*(\\w+)' }));
    expect(rule.fields.createdAt).toEqual(expect.objectContaining({ read: 'attribute', attribute: 'datetime' }));
    for (const f of Object.values(rule.fields)) expect(f.selector, 'a build-hashed class in a proposed selector').not.toMatch(/css-|sc-|__/);

    // The overlay: Northwind matched by the picked email's domain, Sev 1 from "Urgent", clocks from the picked created time.
    const northwind = contractById(contracts, 'northwind-enterprise');
    const snap: TicketSnapshot = {
      helpdesk: 'generic', ticketId: '731', requesterEmail: 'jane.cooper@northwind.example', subject: 'Printer queue stuck on floor 3',
      priority: 'Urgent', createdAt: new Date('2026-11-18T08:42:00Z'),
    };
    const want = computeSla(snap, northwind, new Date());
    const r = await waitForOverlay(page, (x) => x.customer !== null && x.clocks.length === want.clocks.length);
    expect(r.customer).toBe(northwind.customer.name);
    expect(r.severity).toBe('Sev 1');
    expect(r.placement).toBe('corner');
    expect(r.clocks.map((c) => [c.kind, c.dueIso])).toEqual(want.clocks.map((c) => [c.kind, c.contractual.dueAt?.toISOString() ?? null]));
    // Diagnostics: every picked field from the rule, the id from the URL.
    if (!r.expanded) await page.locator('sla-lens-overlay [data-testid="sla-toggle"]').click();
    await page.locator('sla-lens-overlay [data-testid="sla-diagnostics"] summary').click();
    const sources = await diagSources(page);
    expect(sources).toEqual(expect.objectContaining({ requesterEmail: 'rule', subject: 'rule', priority: 'rule', createdAt: 'rule', ticketId: 'url' }));
    expect((await readOverlay(page)).diag.match).toBe('by domain: northwind.example');
    await screenshot(page, 'picker-overlay-acme');
    expect(browser.blocked).toEqual([]);
  });
});

async function diagSources(p: Page): Promise<Record<string, string>> {
  return p.evaluate(() => {
    const root = document.querySelector('sla-lens-overlay')?.shadowRoot;
    const out: Record<string, string> = {};
    for (const tr of root?.querySelectorAll('[data-testid="sla-diag-fields"] tr[data-field]') ?? [])
      out[tr.getAttribute('data-field')!] = tr.querySelector('[data-testid="sla-diag-source"]')?.getAttribute('data-source') ?? '';
    return out;
  });
}

describe('overriding one Zendesk field', () => {
  it('from the diagnostics, "Pick field…" maps priority to the team’s Severity field; only priority comes from the rule', async () => {
    await page.goto(ZENDESK.url.href);
    const builtIn = await readFixtureInNode(ZENDESK);
    expect(builtIn.snapshot.priority?.toLowerCase()).toBe('high');
    const before = await waitForOverlay(page, (x) => x.severity !== null);
    expect(before.severity).toBe('Sev 2');
    if (!before.expanded) await page.locator('sla-lens-overlay [data-testid="sla-toggle"]').click();
    await page.locator('sla-lens-overlay [data-testid="sla-diagnostics"] summary').click();
    const sourcesBefore = await diagSources(page);
    expect(Object.values(sourcesBefore)).not.toContain('rule');

    await page.locator('sla-lens-overlay [data-testid="sla-pick-field"]').click();
    await expect.poll(() => part(page, 'slp-panel').count(), { timeout: 10_000 }).toBe(1);
    expect(await part(page, 'slp-panel').textContent()).toContain('overrides Zendesk');
    await pickField(page, 'priority', page.locator('[data-test-id="ticket-fields-custom-severity"] [data-garden-id]'), /^Urgent$/, { shot: 'picker-highlight-zendesk' });
    await page.keyboard.press('Escape');
    await expect.poll(() => picker(page).count()).toBe(0);

    const after = await waitForOverlay(page, (x) => x.severity === 'Sev 1');
    expect(after.customer).toBe(contractById(contracts, 'northwind-enterprise').customer.name);
    if (!after.expanded) await page.locator('sla-lens-overlay [data-testid="sla-toggle"]').click();
    const d = page.locator('sla-lens-overlay [data-testid="sla-diagnostics"]');
    if ((await d.getAttribute('open')) === null) await d.locator('summary').click();
    const sources = await diagSources(page);
    expect(sources.priority).toBe('rule');
    const others = Object.entries(sources).filter(([f]) => f !== 'priority');
    expect(others.length).toBeGreaterThan(5);
    for (const [f, s] of others) expect(s, `${f} should stay built in`).toMatch(/^(dom|api|url)$/);
    // The other fields are exactly what the built-in reader (page + API) gives.
    const r = await readOverlay(page);
    expect(r.diag.fields.subject).toBe(builtIn.snapshot.subject);
    expect(r.diag.fields.requesterEmail).toBe(builtIn.snapshot.requesterEmail);
    expect(r.diag.fields.priority).toBe('Urgent');
    const stored = (await readStorage(browser.serviceWorker, ['readingRules'])).readingRules as { rules: { adapter?: string; origin: string; fields: object }[] };
    const zd = stored.rules.find((x) => x.origin === ZENDESK.url.origin);
    expect(zd?.adapter).toBe('zendesk');
    expect(Object.keys(zd?.fields ?? {})).toEqual(['priority']);
    await screenshot(page, 'picker-overlay-zendesk-override');
    expect(consoleLog.filter((l) => /^error: .*sla-lens/.test(l))).toEqual([]);
  });
});
