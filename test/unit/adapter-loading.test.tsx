// Adapters on demand: the URL table agrees with the full registry, every adapter script registers its
// own adapter, the background injects only into the asking frame, the content-side loader asks once
// per id, and the controller routes when the adapter arrives (or not, when the page moved on).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { adapterFor, adapters } from '../../lib/adapters/index';
import { REGISTRY_KEY, registerAdapter, registeredAdapter } from '../../lib/adapters/registry';
import type { HelpdeskAdapter } from '../../lib/adapters/types';
import { adapterIdFor, adapterScript, URL_TABLE, type AdapterId } from '../../lib/adapters/urls';
import { createAdapterLoader, handleAdapterRequest, parseLoadAdapter, type ScriptInjector } from '../../lib/runtime/adapter-loader';
import { HOST_NAME, startOverlay, type ControllerDeps } from '../../lib/runtime/controller';
import { resetReported } from '../../lib/runtime/safely';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { allFixtures } from './adapters/fixtures';
import { NOW, contract, fakeEngines } from './overlay-fixtures';

const ENTRYPOINTS = join(import.meta.dirname, '..', '..', 'entrypoints');
const ZENDESK = new URL('https://acme.zendesk.com/agent/tickets/101');
const byId = new Map(adapters.map((a) => [a.id, a]));
const fixtures = allFixtures();

describe('URL table (what the content script bundles) and the full registry', () => {
  it('list the same adapters in the same order, each adapter matching with its table entry', () => {
    expect(adapters.map((a) => a.id)).toEqual(URL_TABLE.map((e) => e.id));
    for (const e of URL_TABLE) expect(byId.get(e.id)!.matches).toBe(e.matches);
  });

  const urls = [
    ...fixtures.map((f) => f.url.href),
    'https://acme.zendesk.com/agent/dashboard',
    'https://secure.helpscout.net/conversation/1', // Help Scout, though FreeScout's path looks the same
    'https://help.example.com/conversation/1',
    'https://jira.example.com/browse/OPS-12',
    'https://acme.atlassian.net/servicedesk/customer/portal/1',
    'https://www.example.com/',
  ];
  it.each(urls)('route %s alike', (u) => {
    expect(adapterIdFor(new URL(u))).toBe(adapterFor(new URL(u))?.id);
  });

  it('route every ticket fixture to its own helpdesk', () => {
    const tickets = fixtures.filter((f) => !f.name.startsWith('not-ticket'));
    expect(tickets.length).toBeGreaterThan(14);
    for (const f of tickets) expect(adapterIdFor(f.url), f.url.href).toBe(f.helpdesk);
  });
});

describe('adapter scripts', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[REGISTRY_KEY];
  });

  it('exist once per adapter id', () => {
    const files = readdirSync(ENTRYPOINTS).filter((f) => f.startsWith('adapter-')).sort();
    expect(files).toEqual(URL_TABLE.map((e) => `adapter-${e.id}.ts`).sort());
    expect(adapterScript('zoho-desk')).toBe('/adapter-zoho-desk.js');
  });

  it.each(URL_TABLE.map((e) => e.id))('adapter-%s registers its own adapter on the world it runs in', async (id) => {
    const mod = (await import(join(ENTRYPOINTS, `adapter-${id}.ts`))) as { default: { main(): unknown; globalName?: unknown } };
    expect(registeredAdapter(globalThis, id)).toBeUndefined();
    // Undefined: executeScript hands the script's result back, and Firefox rejects uncloneable ones.
    expect(mod.default.main()).toBeUndefined();
    expect(registeredAdapter(globalThis, id)).toBe(byId.get(id));
    expect(mod.default.globalName).toBe(false); // no page-visible-looking global var from the IIFE
  });

  it('are not taken when the registry holds something that is not an adapter', () => {
    (globalThis as Record<string, unknown>)[REGISTRY_KEY] = { zendesk: { id: 'zendesk' } };
    expect(registeredAdapter(globalThis, 'zendesk')).toBeUndefined();
  });
});

describe('background: handleAdapterRequest', () => {
  const injector = (impl: ScriptInjector['executeScript'] = async () => []) => ({ executeScript: vi.fn(impl) });

  it('leaves other messages to other listeners', () => {
    const s = injector();
    expect(handleAdapterRequest({ type: 'open-options', prefill: {} }, { tab: { id: 1 }, frameId: 0 }, s)).toBeUndefined();
    expect(handleAdapterRequest('load-adapter', { tab: { id: 1 } }, s)).toBeUndefined();
    expect(s.executeScript).not.toHaveBeenCalled();
  });

  it('injects the one adapter file into the asking tab and frame', async () => {
    const s = injector();
    const reply = await handleAdapterRequest({ type: 'load-adapter', id: 'request-tracker' }, { tab: { id: 7 }, frameId: 3 }, s);
    expect(reply).toEqual({ ok: true });
    expect(s.executeScript).toHaveBeenCalledExactlyOnceWith({ target: { tabId: 7, frameIds: [3] }, files: ['/adapter-request-tracker.js'] });
  });

  it('refuses unknown ids (they would become file names) and senders without a tab', async () => {
    const s = injector();
    expect(await handleAdapterRequest({ type: 'load-adapter', id: '../background' }, { tab: { id: 7 }, frameId: 0 }, s)).toMatchObject({ ok: false });
    expect(await handleAdapterRequest({ type: 'load-adapter', id: 'zendesk' }, { frameId: 0 }, s)).toMatchObject({ ok: false });
    expect(s.executeScript).not.toHaveBeenCalled();
    expect(parseLoadAdapter({ type: 'load-adapter', id: 'constructor' })).toBeNull();
  });

  it('answers a failed injection with its reason instead of throwing', async () => {
    const s = injector(async () => {
      throw new Error('Cannot access contents of the page');
    });
    expect(await handleAdapterRequest({ type: 'load-adapter', id: 'zendesk' }, { tab: { id: 7 }, frameId: 0 }, s)).toEqual({
      ok: false,
      error: 'Cannot access contents of the page',
    });
  });
});

describe('content side: createAdapterLoader', () => {
  /** A background that "injects" by registering the real adapter on the loader's scope. */
  function setup(reply: (id: AdapterId) => unknown = () => ({ ok: true })) {
    const scope = {};
    const send = vi.fn(async (msg: { id: AdapterId }) => {
      const r = reply(msg.id);
      if ((r as { ok?: boolean })?.ok) registerAdapter(scope, byId.get(msg.id)!);
      return r;
    });
    return { scope, send, adapterFor: createAdapterLoader({ scope, send }) };
  }

  it('answers at once, with no message, when no helpdesk matches', () => {
    const { send, adapterFor } = setup();
    expect(adapterFor(new URL('https://www.example.com/'))).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });

  it('asks once per adapter, then answers synchronously', async () => {
    const { send, adapterFor } = setup();
    const a = adapterFor(ZENDESK);
    const b = adapterFor(new URL('https://acme.zendesk.com/agent/tickets/102'));
    expect(a).toBeInstanceOf(Promise);
    expect(await a).toBe(byId.get('zendesk'));
    expect(await b).toBe(byId.get('zendesk'));
    expect(adapterFor(ZENDESK)).toBe(byId.get('zendesk'));
    expect(send).toHaveBeenCalledExactlyOnceWith({ type: 'load-adapter', id: 'zendesk' });
  });

  it('fails a load the background could not do, and asks again next time', async () => {
    let ok = false;
    const { send, adapterFor } = setup(() => (ok ? { ok: true } : { ok: false, error: 'no host permission' }));
    await expect(adapterFor(ZENDESK)).rejects.toThrow(/zendesk adapter: no host permission/);
    ok = true;
    expect(await adapterFor(ZENDESK)).toBe(byId.get('zendesk'));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('fails when the script ran but registered nothing, or nobody answered', async () => {
    const scope = {};
    const loader = createAdapterLoader({ scope, send: async (m) => (m.id === 'zendesk' ? { ok: true } : undefined) });
    await expect(loader(ZENDESK)).rejects.toThrow(/registered no adapter/);
    await expect(loader(new URL('https://acme.freshdesk.com/a/tickets/1'))).rejects.toThrow(/no answer/);
  });

  it('does not trust an adapter left on the global by an earlier instance of the script', async () => {
    const { scope, send, adapterFor } = setup();
    const stale: HelpdeskAdapter = { ...byId.get('zendesk')!, label: 'stale' };
    registerAdapter(scope, stale);
    expect(await adapterFor(ZENDESK)).toBe(byId.get('zendesk'));
    expect(send).toHaveBeenCalledOnce();
  });
});

describe('controller with an adapter loaded on demand', () => {
  const frames: (() => void)[] = [];
  let ctxs: ContentScriptContext[] = [];
  const hosts = () => Array.from(document.querySelectorAll(HOST_NAME));

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

  /** A ticket page the fake adapter reads: `[data-ticket-id]` and a header to anchor to. */
  function page() {
    const h = document.createElement('header');
    h.className = 'ticket-header';
    const t = document.createElement('section');
    t.setAttribute('data-ticket-id', '101');
    document.body.replaceChildren(h, t);
  }

  const adapter: HelpdeskAdapter = {
    id: 'zendesk',
    label: 'Zendesk',
    matches: (url) => url.pathname.includes('/tickets/'),
    readTicket: (doc) => {
      const id = doc.querySelector('[data-ticket-id]')?.getAttribute('data-ticket-id');
      return id ? { helpdesk: 'zendesk', ticketId: id } : null;
    },
    anchor: (doc) => doc.querySelector('.ticket-header'),
  };

  function start(adapterFor: ControllerDeps['adapterFor']) {
    const ctx = new ContentScriptContext('test');
    ctxs.push(ctx);
    const controller = startOverlay(ctx, {
      doc: document,
      win: window,
      adapterFor,
      readLayered: async (a, doc, url) => a.readTicket(doc, url),
      engines: fakeEngines().engines,
      contracts: { load: async () => [contract()], watch: () => () => {} },
      settings: { load: async () => ({ ...DEFAULT_SETTINGS }), watch: () => () => {}, save: async () => undefined },
      clock: () => NOW,
      openOptions: () => undefined,
      copyText: async () => true,
      requestFrame: (cb) => frames.push(cb),
    });
    return controller;
  }

  const deferred = () => {
    let resolve!: (a: HelpdeskAdapter | undefined) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<HelpdeskAdapter | undefined>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('mounts the overlay once the adapter has arrived', async () => {
    page();
    const load = deferred();
    const controller = start((url) => (adapter.matches(url) ? load.promise : undefined));
    controller.navigate(ZENDESK);
    await new Promise((r) => setTimeout(r, 0));
    expect(hosts()).toHaveLength(0);
    load.resolve(adapter);
    await controller.idle();
    expect(hosts()).toHaveLength(1);
    expect(controller.state?.snapshot.value?.ticketId).toBe('101');
  });

  it('drops a late adapter when the page has moved on to a non-ticket URL', async () => {
    page();
    const load = deferred();
    const controller = start((url) => (adapter.matches(url) ? load.promise : undefined));
    controller.navigate(ZENDESK);
    controller.navigate(new URL('https://acme.zendesk.com/agent/dashboard'));
    load.resolve(adapter);
    await controller.idle();
    expect(hosts()).toHaveLength(0);
    expect(controller.state).toBeNull();
  });

  it('shows nothing and logs once when the adapter cannot be loaded', async () => {
    page();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const controller = start((url) => (adapter.matches(url) ? Promise.reject(new Error('no host permission')) : undefined));
    controller.navigate(ZENDESK);
    await controller.idle();
    expect(hosts()).toHaveLength(0);
    expect(error).toHaveBeenCalledOnce();
    expect(String(error.mock.calls[0]?.[0])).toContain('adapter-load');
  });
});
