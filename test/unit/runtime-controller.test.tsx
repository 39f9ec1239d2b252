import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startOverlay, HOST_NAME, type ControllerDeps } from '../../lib/runtime/controller';
import { resetReported } from '../../lib/runtime/safely';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import type { HelpdeskAdapter, TicketSnapshot } from '../../lib/adapters/types';
import type { Contract } from '../../lib/contracts/model';
import { NOW, contract, fakeEngines } from './overlay-fixtures';

const TICKET_URL = new URL('https://acme.zendesk.com/agent/tickets/101');

/** A minimal helpdesk: the ticket id and status live in the DOM, the anchor is the ticket header. */
function fakeAdapter(over: Partial<HelpdeskAdapter> = {}): HelpdeskAdapter {
  return {
    id: 'fake',
    label: 'Fake desk',
    matches: (url) => url.pathname.includes('/tickets/'),
    readTicket(doc) {
      const el = doc.querySelector('[data-ticket-id]');
      if (!el) return null;
      const s: TicketSnapshot = { helpdesk: 'fake', ticketId: el.getAttribute('data-ticket-id')!, sources: { ticketId: 'dom' } };
      const status = doc.querySelector('.status')?.textContent?.trim();
      if (status) s.status = status;
      const email = doc.querySelector('.requester')?.textContent?.trim();
      if (email) s.requesterEmail = email;
      return s;
    },
    anchor: (doc) => doc.querySelector('.ticket-header'),
    ...over,
  };
}

function page(id = '101', { header = true } = {}) {
  document.body.replaceChildren();
  const app = document.createElement('div');
  app.id = 'app';
  if (header) {
    const h = document.createElement('header');
    h.className = 'ticket-header';
    h.textContent = 'Ticket';
    app.append(h);
  }
  const t = document.createElement('section');
  t.setAttribute('data-ticket-id', id);
  const st = document.createElement('span');
  st.className = 'status';
  st.textContent = 'Open';
  const req = document.createElement('span');
  req.className = 'requester';
  req.textContent = 'ops@acme.com';
  t.append(st, req);
  app.append(t);
  document.body.append(app);
  return { app, ticket: t, status: st };
}

const frames: (() => void)[] = [];
const runFrames = async () => {
  await new Promise((r) => setTimeout(r, 0)); // mutation records
  frames.splice(0).forEach((f) => f());
};
const settle = async (c: { idle(): Promise<void> }) => {
  await c.idle();
  await new Promise((r) => setTimeout(r, 0)); // Preact's debounced re-render
};

function setup(opts: { adapter?: HelpdeskAdapter; contracts?: Contract[]; layered?: ControllerDeps['readLayered'] } = {}) {
  const ctx = new ContentScriptContext('test');
  const adapter = opts.adapter ?? fakeAdapter();
  const { engines } = fakeEngines();
  let contractsCb: ((c: readonly Contract[]) => void) | null = null;
  const unwatchContracts = vi.fn();
  const deps: ControllerDeps = {
    doc: document,
    win: window,
    adapterFor: (url) => (adapter.matches(url) ? adapter : undefined),
    readLayered:
      opts.layered ??
      (async (a, doc, url) => {
        const s = a.readTicket(doc, url);
        return s && { ...s, organization: 'Acme Corp', sources: { ...s.sources, organization: 'api' } };
      }),
    engines,
    contracts: {
      load: async () => opts.contracts ?? [contract()],
      watch: (cb) => {
        contractsCb = cb;
        return unwatchContracts;
      },
    },
    settings: {
      load: async () => ({ ...DEFAULT_SETTINGS }),
      watch: () => () => {},
      save: vi.fn(async (p: Partial<Settings>) => p),
    },
    clock: () => NOW,
    openOptions: vi.fn(),
    copyText: vi.fn(async () => true),
    requestFrame: (cb) => frames.push(cb),
  };
  const controller = startOverlay(ctx, deps);
  return { ctx, deps, controller, pushContracts: (c: Contract[]) => contractsCb?.(c), unwatchContracts };
}

const hosts = () => Array.from(document.querySelectorAll(HOST_NAME)) as HTMLElement[];
const inOverlay = (sel: string) => hosts()[0]?.shadowRoot?.querySelector(sel) ?? null;

let ctxs: ContentScriptContext[] = [];
beforeEach(() => {
  fakeBrowser.reset();
  resetReported();
  frames.length = 0;
});
afterEach(() => {
  ctxs.forEach((c) => c.notifyInvalidated());
  ctxs = [];
  document.body.replaceChildren();
});
const track = <T extends { ctx: ContentScriptContext }>(x: T) => (ctxs.push(x.ctx), x);

describe('content-script controller', () => {
  it('mounts one overlay after the ticket header and renders the matched contract', async () => {
    page();
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    const host = hosts()[0]!;
    expect(host.previousElementSibling?.className).toBe('ticket-header');
    expect(inOverlay('[data-testid="sla-customer"]')?.textContent).toBe('Acme Corp');
    expect((inOverlay('[data-testid="sla-overlay"]') as HTMLElement).dataset.placement).toBe('inline');
    expect(controller.state?.snapshot.value?.organization).toBe('Acme Corp'); // the layered read landed

    // Idempotent: same URL again, page churn, a stray host from an earlier instance.
    controller.navigate(TICKET_URL);
    document.body.append(document.createElement('div'));
    await runFrames();
    await settle(controller);
    expect(hosts()).toEqual([host]);
  });

  it('removes hosts left by an earlier instance of the script', async () => {
    page();
    document.body.append(document.createElement(HOST_NAME));
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]!.shadowRoot).not.toBeNull();
  });

  it('re-reads when the pane shows another ticket under the same URL, and follows status changes', async () => {
    const { ticket, status } = page();
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    const first = controller.state!;

    status.textContent = 'Pending';
    await runFrames();
    expect(controller.state).toBe(first);
    expect(first.snapshot.value?.status).toBe('Pending');
    expect(first.snapshot.value?.sources?.status).toBe('dom');
    expect(first.observedHistory.value.map((e) => e.status)).toEqual(['Open', 'Pending']);

    ticket.setAttribute('data-ticket-id', '202');
    ticket.append(document.createElement('i'));
    await runFrames();
    await settle(controller);
    expect(controller.state).not.toBe(first);
    expect(controller.state!.snapshot.value?.ticketId).toBe('202');
    expect(hosts()).toHaveLength(1);
  });

  it('reads again through every layer when a reply appears in the page log (history loaded late)', async () => {
    const adapter = fakeAdapter({
      readTicket(doc) {
        const el = doc.querySelector('[data-ticket-id]');
        if (!el) return null;
        const s: TicketSnapshot = { helpdesk: 'fake', ticketId: el.getAttribute('data-ticket-id')!, status: 'Open', requesterEmail: 'ops@acme.com' };
        const reply = doc.querySelector('.reply')?.getAttribute('datetime');
        if (reply) s.firstAgentReplyAt = s.lastAgentReplyAt = new Date(reply);
        return s;
      },
    });
    const layered = vi.fn(async (a: HelpdeskAdapter, doc: Document, url: URL) => a.readTicket(doc, url));
    const { ticket } = page();
    const { controller } = track(setup({ adapter, layered }));
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(layered).toHaveBeenCalledTimes(1);
    const first = controller.state!;

    const reply = document.createElement('time');
    reply.className = 'reply';
    reply.setAttribute('datetime', '2025-03-04T09:30:00Z');
    ticket.append(reply);
    await runFrames();
    await settle(controller);
    expect(layered).toHaveBeenCalledTimes(2);
    expect(controller.state).toBe(first);
    expect(first.snapshot.value?.firstAgentReplyAt).toEqual(new Date('2025-03-04T09:30:00Z'));

    ticket.append(document.createElement('i')); // unrelated churn: no further read
    await runFrames();
    await settle(controller);
    expect(layered).toHaveBeenCalledTimes(2);
  });

  it('tears down on navigation to a page that is not a ticket', async () => {
    page();
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    controller.navigate(new URL('https://acme.zendesk.com/agent/dashboard'));
    expect(hosts()).toHaveLength(0);
    expect(controller.state).toBeNull();
  });

  it('waits for the ticket to appear, using the observer', async () => {
    document.body.replaceChildren();
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await runFrames();
    expect(hosts()).toHaveLength(0);
    const { app } = page();
    void app;
    await runFrames();
    await settle(controller);
    expect(hosts()).toHaveLength(1);
  });

  it('a throwing adapter shows the "could not read" state and never throws into the page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    page();
    const adapter = fakeAdapter({
      readTicket: () => {
        throw new TypeError("Cannot read properties of null (reading 'textContent')");
      },
    });
    const { controller } = track(setup({ adapter }));
    expect(() => controller.navigate(TICKET_URL)).not.toThrow();
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    expect(inOverlay('[data-testid="sla-error"]')?.textContent).toContain('SLA Lens could not read this ticket');
  });

  it('a failing API read keeps the page snapshot and says why in the diagnostics', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    page();
    const { controller } = track(setup({ layered: () => Promise.reject(new Error('HTTP 403')) }));
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(controller.state!.phase.value).toBe('ready');
    expect(controller.state!.snapshot.value?.problems).toEqual(['layered read failed: HTTP 403']);
    expect(inOverlay('[data-testid="sla-customer"]')?.textContent).toBe('Acme Corp');
  });

  it('uses the corner panel when the adapter finds no anchor', async () => {
    page('101', { header: false });
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()[0]!.parentElement).toBe(document.body);
    expect((inOverlay('[data-testid="sla-overlay"]') as HTMLElement).dataset.placement).toBe('corner');
  });

  it('puts the host back when the helpdesk re-renders the header and drops it', async () => {
    page();
    const { controller } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    hosts()[0]!.remove();
    await runFrames();
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]!.previousElementSibling?.className).toBe('ticket-header');
  });

  it('applies contract changes live, and wires the actions', async () => {
    page();
    const { controller, deps, pushContracts } = track(setup());
    controller.navigate(TICKET_URL);
    await settle(controller);
    pushContracts([contract({ customer: { name: 'Acme Renamed', domains: ['acme.com'] } })]);
    await settle(controller);
    expect(inOverlay('[data-testid="sla-customer"]')?.textContent).toBe('Acme Renamed');

    (inOverlay('[data-testid="sla-toggle"]') as HTMLButtonElement).click();
    await settle(controller);
    expect(deps.settings.save).toHaveBeenCalledWith({ collapsed: false });
    expect(inOverlay('[data-testid="sla-entitlements"]')).not.toBeNull();

    pushContracts([]);
    await settle(controller);
    (inOverlay('[data-testid="sla-add-contract"]') as HTMLButtonElement).click();
    expect(deps.openOptions).toHaveBeenCalledWith({ domain: 'acme.com', name: 'Acme Corp' });
  });

  it('removes everything when the extension context is invalidated', async () => {
    page();
    const { controller, ctx, unwatchContracts } = setup();
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()).toHaveLength(1);
    ctx.notifyInvalidated();
    expect(hosts()).toHaveLength(0);
    expect(unwatchContracts).toHaveBeenCalled();
    controller.navigate(TICKET_URL);
    await settle(controller);
    expect(hosts()).toHaveLength(0);
  });
});
