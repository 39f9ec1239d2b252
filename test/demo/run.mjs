#!/usr/bin/env node
// npm run demo (builds first): the demo helpdesk at https://demo.zendesk.com with tickets generated
// relative to now for each sample contract, Chromium with the built extension and the sample contracts
// seeded, a tour of every ticket through the app's own navigation, and screenshots of each ticket, the
// popup and the options page. Headless without a DISPLAY; with one, headed, and the browser stays
// open until Ctrl-C.
//
//   node test/demo/run.mjs [--contracts <file>] [--headless]
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const headed = !!process.env.DISPLAY && !args.includes('--headless');
const OVERLAY_TIMEOUT_MS = 10_000;

function fail(message) {
  console.error(`\ndemo failed: ${message}`);
  process.exitCode = 1;
}

// The harness and the demo helpdesk are TypeScript; vite's module runner loads them without a build step.
const load = async (file) => (await runnerImport(join(ROOT, file), { configFile: false, logLevel: 'error' })).module;
const [harness, demo, helpdesk] = await Promise.all([
  load('test/e2e/harness.ts'),
  load('test/demo/session.ts'),
  load('test/demo/helpdesk.ts'),
]);

const label = {
  running: 'running', atRisk: 'at risk', breached: 'breached', paused: 'paused (pending)',
  firstResponseMet: 'first response met', noContract: 'no contract',
};

let session;
const shots = [];
const problems = [];
try {
  session = await demo.startDemo({ contractsFile: argValue('--contracts'), headed });
  const { desk, browser } = session;
  console.log(`demo helpdesk: ${desk.tickets.length} tickets for ${session.contracts.length} contracts, server on 127.0.0.1:${session.server.port}`);
  console.log(`extension ${browser.extensionId} loaded, ${headed ? 'headed' : 'headless'}\n`);

  const page = await browser.context.newPage();
  await page.goto(demo.demoUrl(helpdesk.viewPath));
  shots.push(await harness.screenshot(page, 'demo-00-view'));

  for (const [i, t] of desk.tickets.entries()) {
    const name = `demo-${String(i + 1).padStart(2, '0')}-${t.id}-${t.contractId ?? 'no-contract'}-${t.state}`;
    await demo.openTicketInApp(page, t);
    const { ok, reading } = await demo.waitForOverlay(page, t, OVERLAY_TIMEOUT_MS);
    // The overlay animates nothing, but fonts and the first tick settle within a frame or two.
    await page.waitForTimeout(200);
    shots.push(await harness.screenshot(page, name));
    const seen = !reading ? 'no overlay'
      : reading.noContract ? 'no contract'
      : Object.entries(reading.clocks).map(([k, v]) => `${k}=${v}`).join(' ') || `phase=${reading.phase}`;
    const good = ok && demo.showsExpected(reading, t);
    console.log(`${good ? '✔' : '✘'} #${t.id} ${(t.contractId ?? '-').padEnd(22)} ${label[t.state].padEnd(20)} overlay: ${seen}`);
    if (!good) problems.push(`ticket #${t.id} (${t.contractId ?? 'no contract'}, ${label[t.state]}): overlay shows ${seen}`);
    // The first breached ticket once more with the overlay expanded: entitlements and escalation.
    if (good && t === desk.tickets.find((x) => x.state === 'breached')) {
      const toggle = harness.overlayPart(page, 'sla-toggle');
      await toggle.click({ timeout: 5000 });
      await harness.overlayPart(page, 'sla-escalation').waitFor({ timeout: 5000 });
      shots.push(await harness.screenshot(page, `${name}-expanded`));
      await toggle.click({ timeout: 5000 });
    }
  }

  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.waitForLoadState('networkidle');
  // Chrome sizes a popup to its content (at most 800 × 600).
  const size = await popup.evaluate(() => { const r = document.body.getBoundingClientRect(); return { w: Math.ceil(r.right), h: Math.ceil(r.bottom) }; });
  await popup.setViewportSize({ width: Math.min(800, Math.max(size.w, 320)), height: Math.min(600, Math.max(size.h, 120)) });
  shots.push(await harness.screenshot(popup, 'demo-popup'));
  const options = await browser.context.newPage();
  await options.setViewportSize({ width: 1280, height: 900 });
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForLoadState('networkidle');
  shots.push(await harness.screenshot(options, 'demo-options'));

  const foreign = [...browser.blocked.map((b) => b.url), ...session.server.requests.filter((r) => r.host !== helpdesk.DEMO_HOST).map((r) => r.host)];
  if (foreign.length) problems.push(`requests to other hosts: ${foreign.join(', ')}`);
  const unanswered = session.server.requests.filter((r) => r.status >= 400);
  if (unanswered.length) problems.push(`unanswered requests: ${unanswered.map((r) => `${r.status} ${r.path}`).join(', ')}`);

  console.log('\nscreenshots:');
  for (const s of shots) console.log(`  ${relative(process.cwd(), s)}`);
  if (problems.length) fail(`\n  ${problems.join('\n  ')}`);
  else console.log('\ndemo OK');

  if (headed) {
    console.log('\nbrowser stays open: press Ctrl-C to quit');
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
  if (shots.length) console.error(`screenshots so far:\n  ${shots.map((s) => relative(process.cwd(), s)).join('\n  ')}`);
} finally {
  await session?.close();
}
