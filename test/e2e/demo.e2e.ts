// The demo helpdesk end to end. First without a browser: the real zendesk adapter reads every demo page
// and its API, and the SLA engine puts each generated ticket in the state it was generated for (so the
// generator, the markup and the API shapes agree). Then in Chromium with the built extension: in-app
// navigation (pushState, tabs, back) with the overlay following the active ticket, and no request
// leaving for another host.
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapter as zendesk } from '../../lib/adapters/zendesk';
import { mergeSnapshot } from '../../lib/adapters/read';
import { buildMatchIndex, matchTicket } from '../../lib/match';
import { computeSla } from '../../lib/sla';
import { DEMO_HOST, demoRoutes, ticketPath, viewPath } from '../demo/helpdesk';
import { demoUrl, loadSampleContracts, openTicketInApp, peekOverlay, showsExpected, startDemo, waitForOverlay, type DemoSession } from '../demo/session';
import { buildDemoDesk, currentStatus, DEMO_STATES } from '../demo/tickets';
import { screenshot, type DynamicRoute, type Reply } from './harness';

describe('demo helpdesk as the zendesk adapter and the SLA engine see it (no browser)', () => {
  const contracts = loadSampleContracts();
  const now = new Date();
  const desk = buildDemoDesk(contracts, now);
  const route = demoRoutes(() => desk)[0] as DynamicRoute;
  const serve = async (path: string): Promise<Reply> => {
    const url = new URL(path, `https://${DEMO_HOST}`);
    const r = await route.handle({ host: DEMO_HOST, method: 'GET', path, url, headers: {} });
    if (!r) throw new Error(`no demo route for ${path}`);
    return r;
  };
  const window = new Window();
  const index = buildMatchIndex(contracts);
  afterAll(() => window.happyDOM.close());

  it('has a ticket in every state for every sample contract, plus one without a contract', () => {
    for (const c of contracts) {
      expect(desk.tickets.filter((t) => t.contractId === c.id).map((t) => t.state).sort())
        .toEqual(DEMO_STATES.filter((s) => s !== 'noContract').sort());
    }
    expect(desk.tickets.filter((t) => t.state === 'noContract')).toHaveLength(1);
    expect(new Set(desk.tickets.map((t) => t.id)).size).toBe(desk.tickets.length);
  });

  it.each(desk.tickets.map((t) => [`#${t.id} ${t.contractId ?? 'no contract'} ${t.state}`, t] as const))('%s', async (_, t) => {
    const url = new URL(demoUrl(ticketPath(t.id)));
    const page = await serve(url.pathname);
    const doc = new window.DOMParser().parseFromString(page.body as string, 'text/html') as unknown as Document;
    const fromPage = zendesk.readTicket(doc, url);
    expect(fromPage).toMatchObject({ ticketId: String(t.id), subject: t.subject, requesterName: t.requester.name });
    expect(zendesk.anchor(doc)).not.toBeNull();

    const calls: string[] = [];
    const extra = await zendesk.enrich!(fromPage!, async (path) => {
      calls.push(path);
      const r = await serve(path);
      if ((r.status ?? 200) >= 400) throw new Error(`HTTP ${r.status}`);
      return r.body;
    });
    const snap = mergeSnapshot(fromPage!, extra);
    expect(snap.problems).toBeUndefined();
    expect(calls.every((p) => p.startsWith(`/api/v2/tickets/${t.id}`))).toBe(true);
    expect(snap.requesterEmail).toBe(t.requester.email);
    expect(snap.createdAt?.getTime()).toBe(Math.floor(t.createdAt.getTime() / 1000) * 1000);
    expect(snap.statusHistory?.map((s) => s.status.toLowerCase())).toEqual(t.statusHistory.map((s) => s.status));
    expect(snap.status?.toLowerCase()).toBe(currentStatus(t));

    const m = matchTicket(index, snap, now);
    if (t.state === 'noContract') {
      expect(m.kind).toBe('none');
      return;
    }
    expect(m).toMatchObject({ kind: 'matched', contract: { id: t.contractId } });
    const contract = contracts.find((c) => c.id === t.contractId)!;
    const sla = computeSla(snap, contract, now);
    const states = Object.fromEntries(sla.clocks.map((c) => [c.kind, c.contractual.state]));
    for (const [kind, state] of Object.entries(t.expected)) expect(states[kind], kind).toBe(state);
  });
});

describe('demo helpdesk in Chromium with the extension', () => {
  let demo: DemoSession;

  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('navigates in-app (pushState, tabs, back) and the overlay follows the active ticket', async () => {
    const page = await demo.browser.context.newPage();
    await page.goto(demoUrl(viewPath));
    await page.evaluate(() => ((window as unknown as { __demoDocument: boolean }).__demoDocument = true));
    const [a, b] = [demo.desk.tickets.find((t) => t.state === 'breached')!, demo.desk.tickets.find((t) => t.state === 'firstResponseMet')!];

    await openTicketInApp(page, a);
    const first = await waitForOverlay(page, a);
    expect(first.ok, JSON.stringify(first.reading)).toBe(true);
    expect(showsExpected(first.reading!, a), JSON.stringify(first.reading)).toBe(true);

    await openTicketInApp(page, b);
    const second = await waitForOverlay(page, b);
    expect(second.ok && showsExpected(second.reading!, b), JSON.stringify(second.reading)).toBe(true);
    // Both tickets stay open as tabs; only one overlay, and the same document (no reload).
    await expect.poll(() => page.locator('.header-tabs [data-test-id="header-tab"]').count()).toBe(2);
    expect(second.reading!.hosts).toBe(1);
    await screenshot(page, 'e2e-demo-spa-second-ticket');

    // History: view, a, view (the Views nav), b. Back once: the view, where no ticket means no overlay.
    await page.goBack();
    await page.waitForURL(demoUrl(viewPath));
    await expect.poll(async () => (await peekOverlay(page))?.hosts ?? 0, { timeout: 5000 }).toBe(0);
    await page.goBack();
    await page.waitForURL(demoUrl(ticketPath(a.id)));
    const back = await waitForOverlay(page, a);
    expect(back.ok && showsExpected(back.reading!, a), JSON.stringify(back.reading)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __demoDocument?: boolean }).__demoDocument)).toBe(true);
    await page.close();
  });

  it('shows the generated state on every demo ticket, fetching only the adapter\'s API paths from the helpdesk', async () => {
    const page = await demo.browser.context.newPage();
    const wrong: string[] = [];
    for (const t of demo.desk.tickets) {
      await page.goto(demoUrl(ticketPath(t.id)));
      const { ok, reading } = await waitForOverlay(page, t);
      if (!ok || !showsExpected(reading!, t)) wrong.push(`#${t.id} ${t.contractId} ${t.state}: ${JSON.stringify(reading)}`);
    }
    expect(wrong).toEqual([]);
    const api = demo.server.requestsTo(DEMO_HOST, '/api/');
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((r) => !/^\/api\/v2\/tickets\/\d+(\.json\?include=users,organizations|\/audits\.json\?include=users)$/.test(r.path))).toEqual([]);
    expect(demo.server.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(demo.server.requests.filter((r) => r.host !== DEMO_HOST)).toEqual([]);
    expect(demo.browser.blocked).toEqual([]);
    await page.close();
  }, 120_000);
});
