// The popup (customer lookup), opened as a page at chrome-extension://<id>/popup.html in Chromium with
// the built extension and the sample contracts seeded: focus on open, search by domain and by a misspelt
// name, arrow keys + Enter, the contract card, the uptime calculator both ways, Tab order with visible
// focus, and axe + screenshots (light and dark) of the results and the card. The page clock is fixed
// at NOW (Wednesday 2026-11-25 10:00 UTC), so coverage and term badges are known in advance.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleContracts } from '../demo/session';
import { activeStop, expectAccessible, notedSummary, tabWalk, withoutIndicator } from './a11y';
import { contractsSeed, launchWithExtension, screenshot, seedStorage, type ExtensionBrowser } from './harness';

const NOW = new Date('2026-11-25T10:00:00Z');
let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension({ hosts: [], port: 9 });
  await seedStorage(browser.serviceWorker, contractsSeed(loadSampleContracts(), NOW));
});
afterAll(async () => {
  const summary = notedSummary();
  if (summary) console.log(summary);
  await browser?.close();
});

async function openPopup(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.clock.setFixedTime(NOW);
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await page.getByText('Search 5 contracts', { exact: false }).waitFor();
  return page;
}

const search = (page: Page) => page.getByRole('combobox', { name: 'Find a customer by name, domain or email' });
const options = (page: Page) => page.getByRole('option');
/** Name and "why it matched" of each result, top to bottom. */
const results = (page: Page) =>
  options(page).evaluateAll((els) => els.map((e) => [e.querySelector('.name')?.textContent ?? '', e.querySelector('.why')?.textContent ?? '']));

async function lookAndAxe(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `console-popup-${name}-${scheme}`);
    const report = await expectAccessible(page, `popup ${name} (${scheme})`);
    // The popup is held to no violation at all (a main landmark and an h1 were its last moderate ones).
    expect(report.other).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('popup: customer search', () => {
  it('has the search box focused on open and finds customers by domain and by a misspelt name', async () => {
    const page = await openPopup();
    // Focused by an effect right after the first render: wait for it, bounded.
    await expect.poll(() => activeStop(page), { timeout: 5_000, interval: 50 }).toMatchObject({ tag: 'input', role: 'combobox' });
    expect(await search(page).getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.type('contoso-eu.example');
    await expect.poll(() => results(page)).toEqual([['Contoso Ltd', 'domain: contoso-eu.example']]);
    expect(await search(page).getAttribute('aria-expanded')).toBe('true');

    // A subdomain of a contract domain is the customer's too.
    await search(page).fill('jp.initech.example');
    await expect.poll(async () => (await results(page))[0]).toEqual(['Initech K.K.', 'domain: jp.initech.example']);

    await search(page).fill('Nortwind Tradrs');
    await expect.poll(async () => (await results(page))[0]?.[0]).toBe('Northwind Traders');
    await lookAndAxe(page, 'results');

    await search(page).fill('Zyxwvu Qqqq');
    await page.getByRole('status').filter({ hasText: 'No customer matches “Zyxwvu Qqqq”.' }).waitFor();
    expect(await options(page).count()).toBe(0);
    await page.close();
  });

  it('moves through results with the arrow keys, opens the card with Enter, and returns with Escape', async () => {
    const page = await openPopup();
    await page.keyboard.type('example');
    // Every sample contract has a domain under .example; equal scores list by name.
    await expect.poll(async () => (await results(page)).map((r) => r[0])).toEqual([
      'Contoso Ltd', 'Globex Corporation', 'Initech K.K.', 'Northwind Traders', 'Tailspin Toys Pty Ltd',
    ]);
    const selected = () => page.locator('[role=option][aria-selected=true] .name').allTextContents();
    const activeDescendant = async () => {
      const id = await search(page).getAttribute('aria-activedescendant');
      return id ? page.locator(`#${id} .name`).textContent() : null;
    };
    expect(await selected()).toEqual(['Contoso Ltd']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toEqual(['Initech K.K.']);
    expect(await activeDescendant()).toBe('Initech K.K.');
    // The highlighted result keeps the others' box (no jump while arrowing).
    const boxes = await options(page).evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.width]; }));
    expect(new Set(boxes.map((b) => b.join()))).toHaveProperty('size', 1);
    await page.keyboard.press('ArrowUp');
    expect(await selected()).toEqual(['Globex Corporation']);
    // Wraps around both ways.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await selected()).toEqual(['Tailspin Toys Pty Ltd']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeDescendant()).toBe('Globex Corporation');
    await page.keyboard.press('Enter');

    const card = page.getByRole('article', { name: 'Globex Corporation' });
    await card.waitFor();
    expect(await card.locator('.badge.tier').textContent()).toBe('Standard (post-onboarding SLA)');
    // 10:00 UTC = 05:00 in New York (EST); Mon–Fri 09:00–18:00 there.
    const coverage = await card.locator('.coverage').innerText();
    expect(coverage).toMatch(/^Outside coverage/);
    expect(coverage).toContain('Customer time Wed 05:00 (America/New_York)');
    expect(await search(page).getAttribute('aria-expanded')).toBe('false');

    await search(page).press('Escape');
    expect(await search(page).inputValue()).toBe('');
    expect(await card.count()).toBe(0);
    expect((await activeStop(page))?.role).toBe('combobox');
    await page.close();
  });

  it('shows tier, term, coverage, targets and contacts on the card', async () => {
    const page = await openPopup();
    await page.keyboard.type('Nortwind Tradrs');
    await expect.poll(async () => (await results(page))[0]?.[0]).toBe('Northwind Traders');
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: 'Northwind Traders' });
    await card.waitFor();

    expect(await card.locator('.badges .badge').allTextContents()).toEqual(['Enterprise', 'Active']);
    // 10:00 UTC = 11:00 in Berlin (CET) on a Wednesday; Mon–Fri 08:00–20:00.
    expect((await card.locator('.coverage').innerText()).replace(/\s+/g, ' ').trim())
      .toBe('In coverage now · open until 20:00 Customer time Wed 11:00 (Europe/Berlin)');
    expect(await card.locator('.chan.primary').textContent()).toBe('phone');
    const targets = await card.locator('.targets-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())),
    );
    // From the sample contract: sev1 24x7 15/30/240 min (internal 10/25/180), sev2 business 60/240/1440 (internal 30/–/960).
    expect(targets.slice(0, 2)).toEqual([
      ['Sev 1', '15m 24×7 (10m 24×7)', '30m 24×7 (25m 24×7)', '4h 24×7 (3h 24×7)'],
      ['Sev 2', '1h (30m)', '4h', '24h (16h)'],
    ]);

    const contacts = card.getByRole('region', { name: 'Contacts' });
    const tam = contacts.locator('.contact', { hasText: 'TAM' }).first();
    expect(await tam.locator('.who').innerText()).toMatch(/Priya Raman\s*·\s*Technical Account Manager/);
    expect(await tam.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'mailto:priya.raman@fabrikam.example', 'tel:+493055501200', 'https://chat.fabrikam.example/dm/priya.raman',
    ]);
    expect(await contacts.locator('.esc-level h4').allInnerTexts()).toEqual([
      'Tier 1 (duty lead) · Sev 1, Sev 2 · at 50% of resolution',
      'Tier 2 (engineering) · Sev 1, Sev 2 · at 75% of resolution',
      'Tier 3 (management) · Sev 1 · on breach',
      'Executive · Sev 1 · after 8h 00m',
    ]);
    expect(await contacts.locator('.contact', { hasText: 'Lena Vogel' }).locator('.badge').textContent()).toBe('customer');
    await lookAndAxe(page, 'card');

    // The card by keyboard: back, links, copy buttons, "Open in console", each with a visible indicator.
    await search(page).focus();
    const stops = await tabWalk(page, 60, (s) => s.name === 'Open in console');
    expect(stops.map((s) => s.name)).toEqual(expect.arrayContaining([
      'Open the contracts console', '← Results', 'priya.raman@fabrikam.example', 'Copy email of Priya Raman', '+49 30 5550 1200', 'Open in console',
    ]));
    expect(withoutIndicator(stops)).toEqual([]);
    await page.close();
  });
});

describe('popup: uptime calculator', () => {
  it('states its month and gives downtime per month, quarter and year, and availability for a downtime', async () => {
    const page = await openPopup();
    // By keyboard: search box → console button → the calculator's disclosure.
    const stops = await tabWalk(page, 3, (s) => s.name === 'Uptime calculator');
    expect(stops.map((s) => s.name)).toEqual(['Open the contracts console', 'Uptime calculator']);
    expect(withoutIndicator(stops)).toEqual([]);
    await page.keyboard.press('Enter');
    const pct = page.getByLabel('Availability');
    await pct.waitFor();

    // The stated definition, which the figures below follow: month = 365.25 d / 12 = 2,629,800 s,
    // quarter = 7,889,400 s, year = 31,557,600 s; downtime rounded down to whole seconds.
    expect(await page.locator('#up-def').textContent()).toBe(
      'A month is 1/12 of a 365.25-day year (30.44 days); a quarter is 91.31 days. Downtime is rounded down to whole seconds.',
    );
    expect(await pct.getAttribute('aria-describedby')).toBe('up-def');
    const table = async () =>
      Object.fromEntries(await page.locator('.uptime-table tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']),
      ));
    // 99.9 %: 0.1 % of 2,629,800 s = 2,629.8 → 2,629 s; of 7,889,400 s → 7,889 s; of 31,557,600 s → 31,557 s.
    expect(await pct.inputValue()).toBe('99.9');
    expect(await table()).toEqual({
      'per day': '1m 26s', 'per week': '10m 4s', 'per month': '43m 49s', 'per quarter': '2h 11m 29s', 'per year': '8h 45m 57s',
    });
    // 99.95 %: 1,314.9 → 1,314 s; 3,944.7 → 3,944 s; 15,778.8 → 15,778 s.
    await pct.fill('99.95');
    await expect.poll(table).toMatchObject({ 'per month': '21m 54s', 'per quarter': '1h 5m 44s', 'per year': '4h 22m 58s' });
    // 99.99 %: 262.98 → 262 s a month.
    await pct.fill('99,99');
    await expect.poll(table).toMatchObject({ 'per month': '4m 22s' });
    await pct.fill('101');
    await page.getByRole('alert').filter({ hasText: 'Enter a percentage from 0 to 100, e.g. 99.95.' }).waitFor();
    expect(await pct.getAttribute('aria-invalid')).toBe('true');

    // The reverse: availability for a downtime over a period.
    const down = page.getByLabel('Downtime');
    const period = page.getByLabel('per period');
    const result = page.locator('.uptime-result');
    await down.fill('43m 49s');
    expect(await result.textContent()).toBe('= 99.9% availability'); // 1 − 2,629 / 2,629,800 = 99.90003 %
    await down.fill('1h');
    expect(await result.textContent()).toBe('= 99.8631% availability'); // 1 − 3,600 / 2,629,800 = 99.863107 %
    await period.selectOption('quarter');
    expect(await result.textContent()).toBe('= 99.9544% availability'); // 1 − 3,600 / 7,889,400 = 99.954369 %
    await period.selectOption('year');
    await down.fill('8h 45m 57s');
    expect(await result.textContent()).toBe('= 99.9% availability'); // 1 − 31,557 / 31,557,600 = 99.900002 %
    await period.selectOption('month');
    await down.fill('31d');
    expect(await result.textContent()).toBe('Longer than the period.');
    await down.fill('soon');
    expect(await result.textContent()).toBe('Write it like 43m 49s, 1h 30m or 90 (minutes).');
    expect(await down.getAttribute('aria-invalid')).toBe('true');

    await pct.fill('99.9');
    await down.fill('1h');
    await lookAndAxe(page, 'calculator');
    await page.close();
  });
});
