// The contracts console (options page) in Chromium with the built extension: a contract created by
// hand (keyboard and mouse), CSV import with errors (nothing written) and without (one atomic write),
// undo, two tabs editing the same set, the tab order with visible focus, and axe + screenshots of the
// list, the editor and the import preview in light and dark. Storage is read through the service worker.
// The sample contracts (test/demo/sample-contracts.json) are seeded before every test; the page clock is
// fixed at NOW so term badges and the new contract's defaults do not depend on the day the suite runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import type { StoredContracts } from '../../lib/contracts/stored';
import { loadSampleContracts } from '../demo/session';
import { activeStop, expectAccessible, notedSummary, tabWalk, withoutIndicator, type FocusStop } from './a11y';
import { contractsSeed, FIXTURES, launchWithExtension, readStorage, screenshot, seedStorage, type ExtensionBrowser } from './harness';

const NOW = new Date('2026-11-25T10:00:00Z'); // a Wednesday
const sample = loadSampleContracts();
const fixture = (name: string) => readFileSync(join(FIXTURES, '_console', name), 'utf8');

let browser: ExtensionBrowser;
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchWithExtension({ hosts: [], port: 9 });
});
afterAll(async () => {
  const summary = notedSummary();
  if (summary) console.log(summary);
  await browser?.close();
});
beforeEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.close()));
  await browser.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { clear(): Promise<void> } } } }).chrome.storage.local.clear());
  await seedStorage(browser.serviceWorker, contractsSeed(sample, NOW));
});

interface Local {
  contracts?: StoredContracts;
  'contracts-previous'?: StoredContracts | null;
  [k: string]: unknown;
}
const local = () => readStorage(browser.serviceWorker) as Promise<Local>;

async function openOptions(hash = ''): Promise<Page> {
  const page = await browser.context.newPage();
  pages.push(page);
  await page.clock.setFixedTime(NOW);
  await page.goto(`chrome-extension://${browser.extensionId}/options.html${hash}`);
  await page.locator('main#main').waitFor();
  await page.getByText('Loading contracts…').waitFor({ state: 'detached' });
  return page;
}

/** Text of the error list an input points to with aria-describedby (the inline message). */
async function inlineErrors(field: Locator): Promise<string[]> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((e): e is HTMLElement => !!e && e.classList.contains('field-errors'))
      .flatMap((e) => Array.from(e.querySelectorAll('li'), (li) => li.textContent ?? '')),
  );
}

/** The element is inside the viewport and on top at its centre (not under the sticky editor header). */
const uncovered = (el: Locator) =>
  el.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.top >= 0 && r.bottom <= innerHeight && !!top && e.contains(top);
  });

/** Customer names of the rendered list rows, top to bottom. */
const listedNames = (page: Page) => page.locator('.tbody .tr .c-name a').allTextContents();

/** Light and dark: a screenshot each (opened and looked at by hand) and axe with no serious/critical finding. */
async function lookAndAxe(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `console-options-${name}-${scheme}`);
    await expectAccessible(page, `options ${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Matches the stops against expected names in order (other stops may come between). */
function inOrder(stops: readonly FocusStop[], expected: readonly RegExp[]): string[] {
  const missing: string[] = [];
  let i = 0;
  for (const re of expected) {
    const at = stops.findIndex((s, k) => k >= i && re.test(s.name));
    if (at < 0) missing.push(String(re));
    else i = at + 1;
  }
  return missing;
}

describe('options: a contract created by hand', () => {
  it('validates as you type, saves by keyboard, writes it to storage and lists it', async () => {
    const page = await openOptions();
    expect(await listedNames(page)).toEqual(['Contoso Ltd', 'Globex Corporation', 'Initech K.K.', 'Northwind Traders', 'Tailspin Toys Pty Ltd']);
    await page.getByRole('button', { name: '+ New contract' }).click();
    await page.waitForURL(/#new$/);
    const save = page.getByRole('button', { name: 'Save', exact: true });

    // The name field gets the focus once the form has rendered (an effect after the route change):
    // wait for that, bounded, then type straight away.
    await expect.poll(() => activeStop(page), { timeout: 5_000, interval: 50 }).toMatchObject({ tag: 'input', name: 'Customer name' });
    await page.keyboard.type('Woodgrove Bank');

    // No id yet: the id field says so inline, and Save is disabled.
    const id = page.getByLabel('Contract id', { exact: true });
    await expect.poll(() => inlineErrors(id)).toEqual(['is required']);
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.editor-head .badge.bad').textContent()).toBe('1 problem to fix before saving');

    await page.keyboard.press('Tab');
    expect((await activeStop(page))?.name).toBe('Contract id');
    await page.keyboard.type('woodgrove-bank');
    expect(await inlineErrors(id)).toEqual([]);
    expect(await id.getAttribute('aria-invalid')).toBe('false');
    expect(await save.isEnabled()).toBe(true);

    await page.keyboard.press('Tab');
    expect((await activeStop(page))?.name).toBe('Tier');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Premium');
    await page.getByLabel('Email domains').click();
    await page.keyboard.type('woodgrove.example');

    // Term by mouse; an end before the start is refused inline, Save disabled until it is fixed.
    const end = page.getByLabel('Term end (last day)');
    await page.getByLabel('Term start').fill('2026-12-01');
    await end.fill('2026-11-30');
    await expect.poll(() => inlineErrors(end)).toEqual(['must not be before term.start (2026-12-01)']);
    expect(await save.isDisabled()).toBe(true);
    await screenshot(page, 'console-options-editor-invalid-light');
    await end.fill('2027-11-30');
    await expect.poll(() => inlineErrors(end)).toEqual([]);

    // Calendar: the zone, Monday until 18:00 typed, then copied to Tue–Fri with the preset button.
    await page.getByLabel("Time zone (customer's coverage hours)").fill('Europe/London');
    const monEnd = page.getByLabel('Monday shift 1 end');
    await monEnd.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('18:00');
    await page.getByRole('button', { name: 'Copy Monday to Tue–Fri' }).click();
    expect(await page.getByLabel('Friday shift 1 end').inputValue()).toBe('18:00');

    // A target: Sev 2 first response (default 4 h) → "soon" is refused inline, then 2 h.
    const sev2 = page.getByLabel('Sev 2 first response: amount');
    expect(await sev2.inputValue()).toBe('4');
    expect(await page.getByLabel('Sev 2 first response: unit').inputValue()).toBe('h');
    await sev2.fill('soon');
    await expect.poll(async () => (await inlineErrors(sev2)).length).toBeGreaterThan(0);
    expect(await sev2.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    await sev2.fill('2');
    await expect.poll(() => inlineErrors(sev2)).toEqual([]);
    await expect.poll(() => save.isEnabled()).toBe(true);
    await page.evaluate(() => scrollTo(0, 0));
    await lookAndAxe(page, 'editor');

    // Enter in a text field submits the form.
    await page.getByLabel('Customer name').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved "Woodgrove Bank".' }).waitFor();
    await page.waitForURL(/#edit\/woodgrove-bank$/);

    const after = await local();
    expect(after.contracts?.revision).toBe(2);
    expect(after.contracts?.contracts).toHaveLength(6);
    expect(after['contracts-previous']?.revision).toBe(1);
    expect(after['contracts-previous']?.contracts.map((c) => c.id)).toEqual(sample.map((c) => c.id));
    const saved = after.contracts!.contracts.find((c) => c.id === 'woodgrove-bank');
    const hours: [string, string][] = [['09:00', '18:00']];
    expect(saved).toMatchObject({
      customer: { name: 'Woodgrove Bank', domains: ['woodgrove.example'] },
      tier: 'Premium',
      term: { start: '2026-12-01', end: '2027-11-30' },
      calendar: { timezone: 'Europe/London', weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } },
      targets: { sev2: { firstResponse: { minutes: 120, basis: 'business' } } },
    });
    expect(saved?.calendar.weekly.sat).toBeUndefined();

    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.waitForURL(/#$/);
    expect(await listedNames(page)).toContain('Woodgrove Bank');
    const row = page.locator('.tbody .tr').filter({ hasText: 'Woodgrove Bank' });
    expect(await row.locator('.c-tier').textContent()).toBe('Premium');
    expect(await row.locator('.c-term').textContent()).toBe('2027-11-30');
    await page.getByLabel('Search contracts').fill('woodgrove');
    expect(await listedNames(page)).toEqual(['Woodgrove Bank']);
    expect(await page.locator('.list-head [role=status]').textContent()).toBe('1 of 6 contracts');
  });
});

describe('options: CSV import', () => {
  it('previews a CSV with errors (row, column, message) by keyboard and writes nothing', async () => {
    const page = await openOptions();
    const before = await local();
    // Keyboard only: the section tab, the paste box, Preview.
    const stops = await tabWalk(page, 10, (s) => s.name === 'Import & export');
    expect(stops.at(-1)?.name).toBe('Import & export');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#import$/);
    await page.getByLabel('…or paste').focus();
    await page.keyboard.insertText(fixture('bad-import.csv'));
    await tabWalk(page, 3, (s) => s.name === 'Preview');
    expect((await activeStop(page))?.name).toBe('Preview');
    await page.keyboard.press('Enter');

    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    expect(await preview.getByRole('alert').textContent()).toBe('4 errors in the CSV: nothing can be imported until they are fixed.');
    const rows = await preview.locator('table.errors tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    // Hand-checked against the fixture: row 1 is the header.
    expect(rows).toEqual(expect.arrayContaining([
      ['row 2', 'sev1_first_response', expect.stringContaining('"soon": expected a duration like 15m')],
      ['row 3', expect.stringMatching(/domains/), expect.stringContaining('contoso.example')],
      ['row 4', 'hours', expect.stringContaining('"weekdays 8-5": expected days and times')],
      ['row 4', 'term_end', 'must not be before term.start (2026-06-01)'],
    ]));
    expect(rows).toHaveLength(4);
    expect(await preview.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await lookAndAxe(page, 'import-errors');

    expect(await local()).toEqual(before);
  });

  it('previews a good CSV (adds, changes), applies it in one write, and Undo restores the previous set', async () => {
    const page = await openOptions('#import');
    const before = await local();
    // Choose the file (the hidden input behind "Choose file…").
    await page.getByLabel('Contracts file').setInputFiles({ name: 'good-import.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture('good-import.csv')) });
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    expect(await preview.locator('.summary').textContent()).toBe('Read 2 rows: 1 to add, 1 to change, 0 to remove, 4 unchanged.');
    expect(await preview.locator('details', { hasText: 'Added (1)' }).locator('li').allTextContents()).toEqual(['Adventure Works adventure-works · Business']);
    expect(await preview.locator('details', { hasText: 'Changed (1)' }).locator('li').allTextContents()).toEqual(['Northwind Traders tier']);
    await lookAndAxe(page, 'import-preview');

    // Every storage change event from here on, as the service worker sees them.
    await browser.serviceWorker.evaluate(() => {
      const g = globalThis as unknown as { __changes: string[][]; chrome: { storage: { onChanged: { addListener(f: (c: object, a: string) => void): void } } } };
      g.__changes = [];
      g.chrome.storage.onChanged.addListener((c, area) => g.__changes.push([area, ...Object.keys(c).sort()]));
    });
    await preview.getByRole('button', { name: 'Apply 2 changes' }).click();
    await page.getByText('Applied: 1 added, 1 changed, 0 removed.').waitFor();
    // One storage.local.set: the new set and the kept previous one arrive in the same change event
    // (other keys, e.g. the background's own, may change in between: only contract events count).
    const contractEvents = async () =>
      (await browser.serviceWorker.evaluate(() => (globalThis as unknown as { __changes: string[][] }).__changes))
        .filter((keys) => keys.some((k) => k.startsWith('contracts')));
    await expect.poll(contractEvents).toHaveLength(1);
    expect((await contractEvents())[0]).toEqual(expect.arrayContaining(['local', 'contracts', 'contracts-previous']));

    const after = await local();
    expect(after.contracts?.revision).toBe(before.contracts!.revision + 1);
    expect(after['contracts-previous']).toEqual(before.contracts);
    const byId = new Map(after.contracts!.contracts.map((c) => [c.id, c]));
    expect(byId.size).toBe(6);
    const northwindBefore = sample.find((c) => c.id === 'northwind-enterprise')!;
    // Only the tier changed: every field CSV has no column for (escalation, rules, TAM …) survives.
    expect(byId.get('northwind-enterprise')).toEqual({ ...northwindBefore, tier: 'Strategic' });
    expect(byId.get('adventure-works')).toMatchObject({
      customer: { name: 'Adventure Works', domains: ['adventure-works.example'] },
      tier: 'Business',
      term: { start: '2026-01-01', end: '2026-12-31' },
      calendar: { timezone: 'America/Denver', weekly: { mon: [['08:00', '17:00']], fri: [['08:00', '17:00']] } },
      channels: ['email', 'portal'],
      targets: { sev1: { firstResponse: { minutes: 60, basis: '24x7' } }, sev2: { firstResponse: { minutes: 240, basis: 'business' } } },
    });
    for (const c of sample.filter((c) => c.id !== 'northwind-enterprise')) expect(byId.get(c.id)).toEqual(c);

    await page.getByRole('button', { name: 'Undo last change' }).click();
    await page.getByText('Undone: the contracts are back to before the last change.').waitFor();
    const undone = await local();
    expect(undone.contracts?.contracts).toEqual(before.contracts!.contracts);
    expect(undone.contracts?.revision).toBe(after.contracts!.revision + 1);
    expect(undone['contracts-previous']?.contracts).toEqual(after.contracts!.contracts);
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    expect(await listedNames(page)).not.toContain('Adventure Works');
    expect(await page.locator('.tbody .tr').filter({ hasText: 'Northwind Traders' }).locator('.c-tier').textContent()).toBe('Enterprise');
  });
});

describe('options: two tabs', () => {
  it('shows a change from tab A live in tab B, refuses B\'s stale save with the reason and keeps B\'s edits', async () => {
    const a = await openOptions('#edit/globex-standard');
    const b = await openOptions();
    const globexRow = b.locator('.tbody .tr').filter({ hasText: 'Globex Corporation' });
    expect(await globexRow.locator('.c-tier').textContent()).toBe('Standard (post-onboarding SLA)');

    // A saves a tier; B's list follows without a reload.
    await a.getByLabel('Tier').fill('Premium');
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    await a.getByRole('status').filter({ hasText: 'Saved "Globex Corporation".' }).waitFor();
    await expect.poll(() => globexRow.locator('.c-tier').textContent()).toBe('Premium');
    expect((await local()).contracts?.revision).toBe(2);

    // B opens Globex and edits its notes; meanwhile A changes the term end and saves.
    await b.getByRole('link', { name: 'Globex Corporation' }).click();
    await b.waitForURL(/#edit\/globex-standard$/);
    const notes = b.getByRole('textbox', { name: 'Notes' });
    await notes.fill('Edited in tab B');
    await a.getByLabel('Term end (last day)').fill('2027-06-30');
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    await a.getByRole('status').filter({ hasText: 'Saved "Globex Corporation".' }).waitFor();
    expect((await local()).contracts?.revision).toBe(3);

    // B hears of it before saving…
    const banner = b.locator('.banner');
    await expect.poll(() => banner.textContent()).toMatch(/changed in another tab or by a feed.*This contract changed too \(term\.end\)/);
    // …and its save, based on revision 2, is refused with the reason; nothing of B's is written.
    await b.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => b.locator('.banner.bad').textContent()).toMatch(/^Not saved\. These contracts were changed in another tab or by a feed/);
    expect(await b.locator('.banner.bad').getAttribute('role')).toBe('alert');
    // B was editing far below the banner: the refusal is brought into view, not hidden behind the sticky header.
    await expect.poll(() => uncovered(b.locator('.banner.bad'))).toBe(true);
    await lookAndAxe(b, 'editor-conflict');
    const stored = await local();
    expect(stored.contracts?.revision).toBe(3);
    const globex = stored.contracts!.contracts.find((c) => c.id === 'globex-standard')!;
    expect(globex.term.end).toBe('2027-06-30');
    expect(globex.notes).toBe(sample.find((c) => c.id === 'globex-standard')!.notes);
    expect(await notes.inputValue()).toBe('Edited in tab B');

    // Reload puts B's edit on top of A's version; now the save goes through with both.
    await b.getByRole('button', { name: 'Reload' }).click();
    expect(await b.getByLabel('Term end (last day)').inputValue()).toBe('2027-06-30');
    expect(await notes.inputValue()).toBe('Edited in tab B');
    await b.getByRole('button', { name: 'Save', exact: true }).click();
    await b.getByRole('status').filter({ hasText: 'Saved "Globex Corporation".' }).waitFor();
    const merged = (await local()).contracts!;
    expect(merged.revision).toBe(4);
    expect(merged.contracts.find((c) => c.id === 'globex-standard')).toMatchObject({ tier: 'Premium', term: { end: '2027-06-30' }, notes: 'Edited in tab B' });
  });
});

describe('options: keyboard and looks', () => {
  it('reaches the main controls by Tab with a visible focus indicator, and opens a contract with Enter', async () => {
    const page = await openOptions();
    await lookAndAxe(page, 'list');
    const stops = await tabWalk(page, 25, (s) => s.tag === 'a' && s.name === 'Contoso Ltd');
    expect(inOrder(stops, [
      /^Contracts$/, /^Import & export$/, /^Helpdesk domains$/, /^Settings$/, /^\+ New contract$/, /^Search contracts$/,
      /^Tier$/, /^Status$/, /^Expiring ≤ 30 days/, /^Customer/, /^Tier/, /^Term end/, /^Contoso Ltd$/,
    ])).toEqual([]);
    expect(withoutIndicator(stops)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#edit\/contoso-premium$/);

    await page.locator('form.editor').waitFor();
    const editorStops = await tabWalk(page, 40, (s) => s.name === 'Customer name');
    expect(inOrder(editorStops, [/^(Back to list|Cancel)$/, /^Duplicate as template$/, /^Delete…$/, /^Customer$/, /^Customer name$/])).toEqual([]);
    const more = await tabWalk(page, 12);
    expect(inOrder(more, [/^Contract id$/, /^Tier$/, /^Country$/, /^Aliases$/, /^Email domains$/])).toEqual([]);
    expect(withoutIndicator([...editorStops, ...more])).toEqual([]);
  });
});
