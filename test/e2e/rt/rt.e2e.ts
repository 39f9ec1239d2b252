// A real helpdesk end to end: Request Tracker 5 from Debian's packages on 127.0.0.1, seeded through REST 2,
// driven by an agent in Debian's Chromium with the built extension. The RT origin is added the way a user
// adds it (Options → Helpdesk domains → the browser's own permission prompt), so the overlay comes from the
// content script the background registers at run time, not from the manifest.
// Chromium runs headed on Xvfb for the permission prompt (see display.ts). Run alone (root, Debian 12):
//   npx vitest run --config test/e2e/vitest.config.ts test/e2e/rt
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../../lib/adapters/types';
import type { Contract } from '../../../lib/contracts/model';
import { formatInstant } from '../../../lib/runtime/format';
import { computeSla } from '../../../lib/sla';
import type { SlaResult } from '../../../lib/sla/types';
import { loadSampleContracts } from '../../demo/session';
import {
  ARTIFACTS, contractsSeed, launchWithExtension, overlay, overlayPart, screenshot, seedStorage, type ExtensionBrowser,
} from '../harness';
import { startDisplay, type VirtualDisplay } from './display';
import {
  ensureRt, rest, RT_AGENT, RT_ROOT, seedRt, SEED_TICKETS, statusChanges, stopRt, txns, type RtSeed, type RtServer, type SeededTicket,
  type TicketKey,
} from './rt';

const suiteStart = performance.now();
const MACHINE_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
let rt: RtServer;
let seed: RtSeed;
let display: VirtualDisplay;
let browser: ExtensionBrowser;
let page: Page;
let contracts: Contract[];
const consoleLog: string[] = [];

beforeAll(async () => {
  rt = await ensureRt();
  seed = await seedRt(rt.baseUrl);
  const ready = rt.timings.install + rt.timings.database + rt.timings.start + seed.ms;
  console.log(`[rt] install + database + start + seed: ${ready} ms (install ${rt.timings.install}, database ${rt.timings.database}, ` +
    `start ${rt.timings.start}, seed ${seed.ms})`);
  display = await startDisplay();
  process.env.DISPLAY = display.display; // Playwright passes the environment to Chromium
  // Only 127.0.0.1 resolves; any other host is blocked and recorded.
  browser = await launchWithExtension({ hosts: ['127.0.0.1'], port: rt.port, headed: true });
  contracts = loadSampleContracts();
  await seedStorage(browser.serviceWorker, contractsSeed(contracts, new Date()));
  page = await browser.context.newPage();
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  display?.close();
  delete process.env.DISPLAY;
  await stopRt();
  console.log(`[rt] suite wall time ${Math.round(performance.now() - suiteStart)} ms`);
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** What RT shows on a ticket page, read the way an agent sees it (the read-only half of each box). */
async function readTicketPage(p: Page) {
  return p.evaluate(() => {
    const text = (root: ParentNode | null, sel: string) =>
      root?.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    const box = (name: string) => document.querySelector(`.ticket-info-${name} .inline-edit-display`);
    return {
      header: text(document, '#header h1'),
      status: text(box('basics'), '.status .current-value'),
      requestors: [...(box('people')?.querySelectorAll('.requestors .user') ?? [])].map((e) => e.textContent?.trim() ?? ''),
      severity: text(document, '.ticket-info-cfs .inline-edit-display .custom-field-Severity .current-value'),
      customer: text(document, '.ticket-info-cfs .inline-edit-display .custom-field-Customer .current-value'),
      created: text(box('dates'), '.date.created .current-value'),
      history: [...document.querySelectorAll('#delayed_ticket_history .transaction .metadata .description')].map(
        (e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      ),
    };
  });
}

async function openTicket(p: Page, id: number) {
  await p.goto(`${rt.baseUrl}/Ticket/Display.html?id=${id}`);
  // RT loads the history by XHR after the page (ShowHistory = delay).
  await p.locator('#delayed_ticket_history .transaction').first().waitFor({ timeout: 20_000 });
}

/** RT's DefaultFormat, "Sun Nov 22 09:02:03 2026", in a zone, without a marker. */
const rtDateText = (d: Date, zone: string) =>
  DateTime.fromJSDate(d, { zone }).setLocale('en-US').toFormat('ccc LLL dd HH:mm:ss yyyy');

/** Which sample contract each seeded ticket must match, and by which requester domain. */
const EXPECTED_MATCH: Record<TicketKey, { contract: string; domain: string } | null> = {
  replied: { contract: 'northwind-enterprise', domain: 'northwind.example' },
  fresh: { contract: 'contoso-premium', domain: 'contoso.example' },
  stalled: { contract: 'northwind-enterprise', domain: 'nwtraders.example' },
  uncontracted: null,
};

/** The SLA the overlay should show, from what RT's REST API says (UTC), by the project's own engine. */
function expectedSla(t: SeededTicket, contractId: string, now: Date, replies: Date[] = t.repliedAt ? [t.repliedAt] : []): SlaResult {
  const contract = contracts.find((c) => c.id === contractId)!;
  const first = t.statusChanges[0];
  const snapshot: TicketSnapshot = {
    helpdesk: 'request-tracker',
    ticketId: String(t.id),
    priority: t.severity,
    status: t.statusChanges.at(-1)?.to ?? t.status,
    createdAt: t.createdAt,
    firstAgentReplyAt: replies[0],
    lastAgentReplyAt: replies.at(-1),
    statusHistory: [{ status: first?.from || t.status, at: t.createdAt }, ...t.statusChanges.map((c) => ({ status: c.to, at: c.at }))],
  };
  return computeSla(snapshot, contract, now);
}

/** The overlay's clocks as shown: state, the due instant (title, ISO) and the "due / at / since" text. */
async function shownClocks(p: Page) {
  const items = overlay(p).locator('[data-testid^="sla-clock-"][data-kind]');
  const out: Record<string, { state: string | null; dueIso: string | null; when: string | null; left: string | null }> = {};
  for (const li of await items.all()) {
    const due = li.locator('[data-testid="sla-clock-due"]');
    const hasDue = (await due.count()) > 0;
    out[(await li.getAttribute('data-kind'))!] = {
      state: await li.getAttribute('data-state'),
      dueIso: hasDue ? await due.getAttribute('title') : null,
      when: hasDue ? await due.textContent() : null,
      left: await li.locator('[data-testid="sla-clock-left"]').textContent(),
    };
  }
  return out;
}

/** A field of the overlay's diagnostics table: value and source ("api", "dom"). */
async function diagField(p: Page, field: string) {
  const row = overlay(p).locator(`[data-testid="sla-diag-fields"] tr[data-field="${field}"]`);
  if ((await row.count()) === 0) return null;
  // The source id (data-source), not its display label ("API", "page"…), which is wording.
  return { value: (await row.locator('td').nth(1).textContent())?.trim(), source: await row.locator('[data-testid="sla-diag-source"]').getAttribute('data-source') };
}

/** Waits for the overlay's read to finish and opens its details (diagnostics) the way an agent would. */
async function overlayReady(p: Page) {
  try {
    await overlayPart(p, 'sla-overlay').and(p.locator('[data-phase="ready"]')).waitFor({ timeout: 20_000 });
  } catch (e) {
    const hosts = await overlay(p).count();
    const phase = hosts ? await overlayPart(p, 'sla-overlay').getAttribute('data-phase').catch(() => '?') : null;
    await screenshot(p, 'rt-overlay-not-ready');
    throw new Error(`overlay not ready on ${p.url()}: ${hosts} host(s), phase ${phase}; console: ${consoleLog.slice(-5).join(' | ')}`, { cause: e });
  }
  const toggle = overlayPart(p, 'sla-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await overlayPart(p, 'sla-diagnostics').waitFor({ state: 'attached' });
}

/**
 * The overlay's clocks against the engine's result; times as the agent's browser shows them (its zone).
 * Retried for a while: RT loads the ticket history by XHR after the page, and the overlay re-reads then.
 */
async function expectClocks(p: Page, sla: SlaResult, zone: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await clocksMatch(p, sla, zone);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await p.waitForTimeout(250);
    }
  }
}

async function clocksMatch(p: Page, sla: SlaResult, zone: string) {
  const now = new Date();
  const shown = await shownClocks(p);
  expect(Object.keys(shown).sort()).toEqual(sla.clocks.map((c) => c.kind).sort());
  for (const c of sla.clocks) {
    const s = shown[c.kind]!;
    const state = c.paused && c.contractual.state !== 'met' && c.contractual.state !== 'missed' ? 'paused' : c.contractual.state;
    expect(s.state, c.kind).toBe(state);
    if (c.contractual.dueAt) expect(s.dueIso, c.kind).toBe(c.contractual.dueAt.toISOString());
    const when =
      state === 'met' || state === 'missed' ? `at ${formatInstant(c.contractual.stoppedAt!, now, { hour12: 'auto', timeZone: zone })}`
      : state === 'paused' ? (c.pausedSince ? `since ${formatInstant(c.pausedSince, now, { hour12: 'auto', timeZone: zone })}` : null)
      : `due ${formatInstant(c.contractual.dueAt!, now, { hour12: 'auto', timeZone: zone })}`;
    expect(s.when, c.kind).toBe(when);
  }
}

// ---------------------------------------------------------------------------------------------

describe('Request Tracker 5 (Debian 12 package)', () => {
  it('is seeded with four tickets in new / open / stalled, one with an agent reply', () => {
    const t = seed.tickets;
    expect(Object.values(t).map((x) => x.status).sort()).toEqual(['new', 'open', 'open', 'stalled']);
    expect(t.replied.repliedAt!.getTime()).toBeGreaterThanOrEqual(t.replied.createdAt.getTime());
    expect(t.stalled.stalledAt!.getTime()).toBeGreaterThanOrEqual(t.stalled.createdAt.getTime());
    expect(new Set(Object.values(t).map((x) => x.id)).size).toBe(SEED_TICKETS.length);
  });

  it('seeding again on the same database creates nothing', async () => {
    const again = await seedRt(rt.baseUrl);
    for (const s of SEED_TICKETS) {
      expect(again.tickets[s.key].id).toBe(seed.tickets[s.key].id);
      expect(again.tickets[s.key].createdAt).toEqual(seed.tickets[s.key].createdAt);
    }
  }, 120_000);

  it('the agent logs in through RT’s own login form', async () => {
    await page.goto(`${rt.baseUrl}/`);
    await page.locator('#login input[name=user]').fill(RT_AGENT.name);
    await page.locator('#login input[name=pass]').fill(RT_AGENT.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.includes('/NoAuth/')), page.locator('#login [type=submit]').click()]);
    await expect.poll(() => page.locator('#preferences .current-user').textContent()).toContain(RT_AGENT.name);
    await screenshot(page, 'rt-home-agent1');
  });

  for (const spec of SEED_TICKETS) {
    it(`ticket "${spec.key}" shows RT's data (requestor, status, Severity, created in the agent's zone) and no overlay yet`, async () => {
      const t = seed.tickets[spec.key];
      await openTicket(page, t.id);
      const shown = await readTicketPage(page);
      expect(shown.header).toBe(`#${t.id}: ${t.subject}`);
      expect(shown.requestors).toEqual([`${t.requester.name} <${t.requester.email}>`]);
      expect(shown.status).toBe(t.status);
      expect(shown.severity).toBe(t.severity);
      expect(shown.customer).toBe(t.requester.organization);
      // The page shows dates in agent1's RT zone (Asia/Tokyo) without a marker; the machine runs in UTC.
      expect(shown.created).toBe(rtDateText(t.createdAt, RT_AGENT.timezone));
      expect(shown.created).not.toBe(rtDateText(t.createdAt, MACHINE_ZONE));
      if (spec.key === 'replied') expect(shown.history).toContain(`${RT_AGENT.name} (${RT_AGENT.realName}) - Correspondence added`);
      if (spec.key === 'stalled') expect(shown.history.some((h) => h.endsWith("- Status changed from 'open' to 'stalled'"))).toBe(true);
      // 127.0.0.1 is in no manifest match pattern: nothing is injected before the origin is added.
      expect(await overlay(page).count()).toBe(0);
      await screenshot(page, `rt-ticket-${spec.key}`);
      if (process.env.RT_CAPTURE) {
        // Reference pages for adapter work; nothing reads them, so they stay out of the repository.
        const dir = join(ARTIFACTS, 'rt', 'captured');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `display-${spec.key}-agent1-tokyo.html`), await page.content());
      }
    });
  }
});

describe('SLA Lens on Request Tracker', () => {
  it('Options → Helpdesk domains adds the RT origin; the browser’s permission prompt is accepted', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('link', { name: 'Helpdesk domains' }).click();
    await options.locator('#dom-input').fill(`${rt.baseUrl}/Ticket/Display.html?id=1`);
    await options.bringToFront();
    await options.getByRole('button', { name: 'Add and allow' }).click();
    // chrome.permissions.request() shows Chromium's own dialog ("Deny" focused, then "Allow"); the click above
    // is its user gesture. Keys go to it through the X server like a user's (display.ts). The dialog dims the
    // page behind it: wait for that (the options page's background is near white).
    const dimmed = () => display.pixel(700, 800).every((c) => c < 160);
    for (const deadline = Date.now() + 10_000; !dimmed() && Date.now() < deadline; ) await options.waitForTimeout(200);
    await options.waitForTimeout(500); // let the dialog take the focus
    display.screenshot('rt-permission-prompt');
    expect(dimmed(), 'no permission prompt on screen (rt-permission-prompt.png)').toBe(true);
    display.key('Tab', 'Return');
    const row = options.locator('table.domains tbody tr', { hasText: rt.origin });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Allowed');
    await screenshot(options, 'rt-options-domains');
    const sw = browser.serviceWorker;
    type Chrome = { chrome: { permissions: { contains(p: unknown): Promise<boolean> }; scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } } };
    expect(await sw.evaluate(() => (globalThis as unknown as Chrome).chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(true);
    // The background registers the content script for the granted origin (lib/custom-domains.ts).
    await expect
      .poll(() => sw.evaluate(() => (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts()), { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ matches: ['http://127.0.0.1/*'] }));
    await options.close();
  });

  it('the overlay on the custom domain is styled (its shadow-root CSS loads there too)', async () => {
    await openTicket(page, seed.tickets.fresh.id);
    await overlayReady(page);
    const bar = overlay(page).locator('.sla-bar').first();
    const styles = await bar.evaluate((e) => ({ display: getComputedStyle(e).display, sheets: (e.getRootNode() as ShadowRoot).querySelectorAll('style').length }));
    const cssErrors = consoleLog.filter((l) => /styles|content\.css|web_accessible/i.test(l));
    expect(styles, `overlay CSS did not load on ${rt.origin}; console: ${cssErrors.join(' | ') || '(nothing)'}`).toEqual(
      expect.objectContaining({ display: 'flex' }),
    );
  });

  for (const spec of SEED_TICKETS) {
    it(`ticket "${spec.key}": contract, clocks and due times from RT's REST created time (browser in ${MACHINE_ZONE}, agent's RT zone ${RT_AGENT.timezone})`, async () => {
      const t = seed.tickets[spec.key];
      await openTicket(page, t.id);
      await overlayReady(page);
      expect(await overlay(page).count()).toBe(1);
      expect(await overlayPart(page, 'sla-diag-adapter').textContent()).toContain('request-tracker');
      const want = EXPECTED_MATCH[spec.key];
      if (!want) {
        expect(await overlayPart(page, 'sla-no-contract').textContent()).toContain('unknown-co.example');
        expect(await overlayPart(page, 'sla-customer').count()).toBe(0);
        await screenshot(page, `rt-overlay-${spec.key}`);
        return;
      }
      const contract = contracts.find((c) => c.id === want.contract)!;
      expect(await overlayPart(page, 'sla-customer').textContent()).toBe(contract.customer.name);
      expect(await overlayPart(page, 'sla-diag-match').textContent()).toBe(`by domain: ${want.domain}`);
      // REST 2 gives exact UTC times; the page's own text would be 9 hours off in this browser.
      expect(await diagField(page, 'createdAt')).toEqual({ value: t.createdAt.toISOString(), source: 'api' });
      const sla = expectedSla(t, want.contract, new Date());
      await expectClocks(page, sla, MACHINE_ZONE);
      const byKind = Object.fromEntries(sla.clocks.map((c) => [c.kind, c]));
      if (spec.key === 'replied') expect(byKind.firstResponse?.contractual.state).toBe('met');
      if (spec.key === 'stalled') expect(byKind.resolution?.paused).toBe(true);
      if (spec.key === 'fresh') expect(byKind.firstResponse?.contractual.dueAt).toEqual(new Date(t.createdAt.getTime() + 60 * 60_000));
      await screenshot(page, `rt-overlay-${spec.key}`);
    });
  }

  const LATE_HISTORY = 'the overlay did not take up the history rows RT loaded after the page';
  it(`without the REST API, the page's own dates (agent's zone, no marker) give the same due times when the browser runs in that zone`, async () => {
    const p = await browser.context.newPage();
    try {
      // An agent whose browser is in the zone of their RT preference; REST 2 unreachable, so only the DOM counts.
      const cdp = await browser.context.newCDPSession(p);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: RT_AGENT.timezone });
      let restCalls = 0;
      await p.route('**/REST/2.0/**', (r) => (restCalls++, r.abort('accessdenied')));
      // A slow RT: the history (replies, status changes) lands 1.5 s after the page, as it may on a busy
      // server. The overlay must pick it up when it arrives, not only what was there at first read.
      await p.route('**/Helpers/TicketHistory*', async (r) => {
        await new Promise((ok) => setTimeout(ok, 1_500));
        await r.continue();
      });
      for (const key of ['fresh', 'replied', 'stalled'] as const) {
        const t = seed.tickets[key];
        await openTicket(p, t.id);
        await overlayReady(p);
        expect(await p.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(RT_AGENT.timezone);
        expect(await diagField(p, 'createdAt')).toEqual({ value: t.createdAt.toISOString(), source: 'dom' });
        // Replies and status changes come from the history RT shows after the page: the overlay must take them up.
        if (key === 'replied') {
          await expect
            .poll(() => diagField(p, 'firstAgentReplyAt'), { timeout: 10_000, message: LATE_HISTORY })
            .toEqual({ value: t.repliedAt!.toISOString(), source: 'dom' });
        }
        if (key === 'stalled') {
          await expect
            .poll(() => diagField(p, 'statusHistory'), { timeout: 10_000, message: LATE_HISTORY })
            .toEqual({ value: '2 entries', source: 'dom' });
        }
        await expectClocks(p, expectedSla(t, EXPECTED_MATCH[key]!.contract, new Date()), RT_AGENT.timezone);
        await screenshot(p, `rt-overlay-dom-only-${key}`);
      }
      expect(restCalls).toBeGreaterThan(0); // the content script did try the API
    } finally {
      await p.close();
    }
  });

  it('the agent replies and stalls the ticket in RT’s own UI; the overlay follows', async () => {
    const t = seed.tickets.fresh;
    const contract = EXPECTED_MATCH.fresh!.contract;
    await openTicket(page, t.id);
    await overlayReady(page);
    expect((await shownClocks(page)).firstResponse?.state).toMatch(/^(running|atRisk)$/);

    // Reply: Actions → Reply, type into RT's rich-text editor, Update Ticket.
    await page.locator('#page-actions').hover();
    await page.locator('#page-actions-reply').click();
    const editor = page.frameLocator('iframe.cke_wysiwyg_frame').locator('body');
    await editor.click();
    await page.keyboard.type('Hello Bob, we are re-issuing invoice 4411 without VAT today.');
    await Promise.all([page.waitForURL(/\/Ticket\/Display\.html/), page.locator('input[name=SubmitTicket]').click()]);
    await page.locator('#delayed_ticket_history .transaction').first().waitFor();
    const root = rest(rt.baseUrl, RT_ROOT.name, RT_ROOT.password);
    const history = await txns(root, t.id);
    const replies = history.filter((x) => x.Type === 'Correspond' && x.Creator?.id === RT_AGENT.name).map((x) => new Date(x.Created!));
    expect(replies).toHaveLength(1);
    await overlayReady(page);
    await expect.poll(async () => (await shownClocks(page)).firstResponse?.state, { timeout: 10_000 }).toBe('met');
    const afterReply = { ...t, statusChanges: statusChanges(history) };
    expect((await readTicketPage(page)).status).toBe('open'); // RT opens a new ticket on the agent's reply
    await expectClocks(page, expectedSla(afterReply, contract, new Date(), replies), MACHINE_ZONE);
    await screenshot(page, 'rt-overlay-after-reply');

    // Stall it with the Basics box's inline editor (RT 5.0.3 posts that form and shows the page again).
    const basics = page.locator('.ticket-info-basics');
    await basics.locator('.inline-edit-toggle.edit').click();
    await basics.locator('form.inline-edit select[name=Status]').selectOption('stalled', { force: true });
    await basics.locator('form.inline-edit [type=submit]').click();
    await expect.poll(async () => (await readTicketPage(page)).status, { timeout: 15_000 }).toBe('stalled');
    await expect.poll(async () => (await shownClocks(page)).resolution?.state, { timeout: 15_000 }).toBe('paused');
    const stalled = { ...t, statusChanges: statusChanges(await txns(root, t.id)) };
    expect(stalled.statusChanges.at(-1)?.to).toBe('stalled');
    await expectClocks(page, expectedSla(stalled, contract, new Date(), replies), MACHINE_ZONE);
    await screenshot(page, 'rt-overlay-after-stall');
  });

  it('nothing left for any host but 127.0.0.1', () => {
    expect(browser.blocked).toEqual([]);
  });
});
