// The in-page overlay under axe-core, in the demo helpdesk (test/demo: Zendesk-like pages served at
// demo.zendesk.com, the sample contracts seeded): one ticket per SLA state (running, at risk, breached,
// paused, met) and the one without a contract, collapsed and expanded, light and dark. axe runs scoped to
// the overlay's shadow tree (the demo helpdesk's own markup is not ours to judge). Then the overlay by
// keyboard: its controls are reached by Tab from the page and show a visible focus indicator.
// The options page and the popup are checked by axe in options.e2e.ts and popup.e2e.ts.
import type { ElementContext } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketPath } from '../demo/helpdesk';
import { demoUrl, startDemo, waitForOverlay, type DemoSession } from '../demo/session';
import type { DemoState, DemoTicket } from '../demo/tickets';
import { expectAccessible, notedSummary, tabWalk, withoutIndicator } from './a11y';
import { OVERLAY_TAG, overlayPart, screenshot } from './harness';

/** The overlay's shadow tree as an axe context. */
const OVERLAY: ElementContext = { include: [{ fromShadowDom: [OVERLAY_TAG, '.sla-root'] }] };
const STATES: DemoState[] = ['running', 'atRisk', 'breached', 'paused', 'firstResponseMet', 'noContract'];

let demo: DemoSession;
let page: Page;

beforeAll(async () => {
  demo = await startDemo();
  page = await demo.browser.context.newPage();
});
afterAll(async () => {
  const summary = notedSummary();
  if (summary) console.log(summary);
  await demo?.close();
});

const ticket = (state: DemoState): DemoTicket => {
  const t = demo.desk.tickets.find((x) => x.state === state);
  if (!t) throw new Error(`the demo desk has no ${state} ticket`);
  return t;
};

async function open(t: DemoTicket) {
  await page.goto(demoUrl(ticketPath(t.id)));
  const r = await waitForOverlay(page, t);
  expect(r.ok, `overlay on #${t.id} (${t.state}): ${JSON.stringify(r.reading)}`).toBe(true);
}

async function setExpanded(want: boolean) {
  const toggle = overlayPart(page, 'sla-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== String(want)) await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe(String(want));
  // Expanded means the details region is rendered (entitlements, escalation, diagnostics).
  await expect.poll(() => overlayPart(page, 'sla-diagnostics').count()).toBe(want ? 1 : 0);
}

describe('overlay: axe in the demo helpdesk', () => {
  it.each(STATES)('%s ticket: no serious or critical violation, collapsed and expanded, light and dark', async (state) => {
    const t = ticket(state);
    await open(t);
    for (const expanded of [false, true]) {
      await setExpanded(expanded);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const report = await expectAccessible(page, `overlay ${state} ${expanded ? 'expanded' : 'collapsed'} (${scheme})`, OVERLAY);
        // axe looked inside the shadow root (targets there are "host >>> selector"), and only there.
        expect(report.passedTargets.some((x) => x.startsWith(`${OVERLAY_TAG} >>> `))).toBe(true);
        expect(report.passedTargets.filter((x) => !x.startsWith(`${OVERLAY_TAG} >>> `))).toEqual([]);
        if (state === 'breached' && expanded) await screenshot(page, `console-overlay-breached-expanded-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await setExpanded(false);
  });
});

describe('overlay: keyboard', () => {
  it('is reached by Tab from the helpdesk page, its controls work by keyboard and show a visible focus indicator', async () => {
    await open(ticket('breached'));
    await setExpanded(false);
    // Start from the top of the document, as after loading the page.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const toOverlay = await tabWalk(page, 80, (s) => /^More SLA details$/.test(s.name));
    expect(toOverlay.at(-1)?.name).toBe('More SLA details');
    await page.keyboard.press('Enter');
    await expect.poll(() => overlayPart(page, 'sla-toggle').getAttribute('aria-expanded')).toBe('true');
    const inside = await tabWalk(page, 30, (s) => s.name === 'Diagnostics');
    expect(inside.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^Copy/), 'Diagnostics']));
    expect(withoutIndicator([toOverlay.at(-1)!, ...inside])).toEqual([]);
    // Space on the focused summary opens the diagnostics.
    await page.keyboard.press('Space');
    await expect.poll(() => overlayPart(page, 'sla-diagnostics').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await setExpanded(false);
  });
});
