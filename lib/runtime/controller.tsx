// The content script's logic: pick the adapter by URL, wait for the ticket, read it (page, then the
// same-origin API), mount one overlay, follow SPA navigation and pane swaps, and tear everything down
// with the content-script context. Browser objects come in through `deps` (see entrypoints/content).
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HelpdeskAdapter, TicketSnapshot } from '../adapters/types';
import type { Contract } from '../contracts/model';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { Overlay } from '../../components/Overlay';
import { attempt, attemptAsync, guard, installErrorFilter, report, safely, safelyAsync } from './safely';
import { observeDom } from './observe';
import { createTicker } from './ticker';
import { createStatusLog } from './history';
import { createShadowUi } from './shadow-ui';
import { startWatchReporter, type WatchSender } from './watch-reporter';
import { createOverlayState, type Engines, type OverlayActions, type OverlayState } from './state';
import { computed } from '@preact/signals';
import type { RuleField } from '../rules/model';
import { PickerProvider, type PickerUi } from '../../components/PickerContext';
import { createReadHealth, hasRulesFor, type PickerHandle, type RuleSources, type RulesKit } from './picker';

export const HOST_NAME = 'sla-lens-overlay';

/** Attributes whose changes can mean "another ticket is showing" (tab switches toggle these). */
const WATCHED_ATTRIBUTES = ['hidden', 'aria-hidden', 'aria-selected', 'data-selected'];

export interface UiHandle {
  shadowHost: HTMLElement;
  mount(): void;
  remove(): void;
}

export interface UiRequest {
  /** null = no anchor: the fixed corner panel appended to <body>. */
  anchor: Element | null;
  onMount(container: HTMLElement, shadow: ShadowRoot): void;
  onRemove(): void;
}

export interface Store<T> {
  load(): Promise<T>;
  watch(cb: (value: T) => void): () => void;
}

export interface ControllerDeps {
  doc: Document;
  win: Window;
  /** The adapter for a URL: at once, or a promise while its script is loaded (lib/runtime/adapter-loader). */
  adapterFor(url: URL): HelpdeskAdapter | undefined | Promise<HelpdeskAdapter | undefined>;
  /** DOM first, then the same-origin API; resolves null when the page is not a ticket after all. */
  readLayered(adapter: HelpdeskAdapter, doc: Document, url: URL): Promise<TicketSnapshot | null>;
  engines: Engines;
  contracts: Store<readonly Contract[]>;
  settings: Store<Settings> & { save(patch: Partial<Settings>): Promise<unknown> };
  clock(): Date;
  openOptions(prefill: { domain?: string; name?: string }): Promise<unknown> | void;
  copyText(text: string, container: HTMLElement | null): Promise<boolean>;
  /** Our extension origin, to recognise our own unhandled rejections. */
  extensionOrigin?: string;
  /**
   * The overlay's stylesheet for the default UI. Given as text so that no mount waits for a fetch (WXT's
   * `cssInjectionMode: 'ui'` fetches the CSS file on every mount, on the path to the first paint).
   */
  uiCss?: string;
  /** Reading rules and the field picker (./picker.ts); without them the built-in adapters alone read pages. */
  rules?: RulesDeps;
  /** Override the shadow-root UI (tests); defaults to ./shadow-ui. */
  createUi?(req: UiRequest): Promise<UiHandle>;
  /** Defaults to ctx.requestAnimationFrame. */
  requestFrame?(cb: () => void): unknown;
  agentTimeZone?: string;
  /** Tell the background about the shown ticket (watched tickets, alarms, badge): ./watch-reporter.ts. */
  reportWatch?: WatchSender;
  /** Badges on ticket-list pages (lib/list/badges.ts), ticking with this page's one ticker; told every route. */
  startLists?(env: { ticker: ReturnType<typeof createTicker>; signal: AbortSignal; requestFrame(cb: () => void): unknown }): { navigate(url: URL): void };
}

export interface RulesDeps {
  /** Managed, feed and local rule lists (storage); a change re-routes the page, so saved rules apply at once. */
  sources: Store<RuleSources>;
  /** The reading-rules kit (injected on demand): only loaded when rules cover the page or the picker starts. */
  loadKit(): Promise<RulesKit>;
  /** Whether the user added this origin as a helpdesk (Options → Helpdesk domains): offer the picker there. */
  isAddedOrigin(origin: string): Promise<boolean>;
  /** Origins where the agent answered the offer with "Not on this site". */
  dismissed: { has(origin: string): Promise<boolean>; add(origin: string): Promise<unknown> };
  /** The popup's "Pick field" for this tab. */
  onPickRequest?(cb: () => void): () => void;
}

export interface Controller {
  /** Re-route to a URL (the content script calls this on wxt:locationchange with event.newUrl). */
  navigate(url: URL): void;
  /** The current overlay state, when a ticket overlay is mounted (tests, diagnostics). */
  readonly state: OverlayState | null;
  /** Settles when the current route's reading is done (tests). */
  idle(): Promise<void>;
}

interface Mount {
  kind: 'ticket' | 'error';
  ticketId: string | null;
  state: OverlayState;
  ui: UiHandle | null;
  container: HTMLElement | null;
  url: URL;
  /** Status/priority as last read from the page (API labels may be spelled differently). */
  domStatus?: string;
  domPriority?: string;
  /** Who/what the page showed at the last read; a change under the same id means the SPA re-rendered. */
  domIdentity?: string;
  /** Replies and history as the page showed them (RT loads its history after the page). */
  domActivity?: string;
  disposed: boolean;
  release(): void;
  stopWatch?: () => void;
}

export function startOverlay(ctx: ContentScriptContext, deps: ControllerDeps): Controller {
  const { doc, win, engines } = deps;
  if (deps.extensionOrigin) installErrorFilter(win, deps.extensionOrigin, ctx.signal);

  const ticker = createTicker({
    doc,
    setInterval: (fn, ms) => ctx.setInterval(fn, ms),
    clearInterval: (id) => win.clearInterval(id as number),
    clock: deps.clock,
    signal: ctx.signal,
  });
  const statusLog = createStatusLog();
  const requestFrame = deps.requestFrame ?? ((cb: () => void) => ctx.requestAnimationFrame(() => cb()));
  const lists = deps.startLists ? safely('lists:start', () => deps.startLists!({ ticker, signal: ctx.signal, requestFrame }), null) : null;
  const createUi =
    deps.createUi ??
    (async (req: UiRequest) =>
      createShadowUi(doc, {
        name: HOST_NAME,
        anchor: req.anchor,
        css: deps.uiCss,
        onMount: (container, shadow) => req.onMount(container, shadow),
        onRemove: () => req.onRemove(),
      }));

  let contracts: readonly Contract[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let current: Mount | null = null;
  let route: AbortController | null = null;
  let pending: Promise<void> = Promise.resolve();

  // ---- reading rules: sources, the kit, the picker and the offer on sites nothing reads yet ----
  const rulesIo = deps.rules;
  let ruleSources: RuleSources = { local: [] };
  let lastUrl: URL | null = null;
  /** The built-in adapter of the last routed URL (a picked rule overrides its fields), if any. */
  let routedBuiltIn: HelpdeskAdapter | undefined;
  let picker: PickerHandle | null = null;
  let offer: PickerHandle | null = null;
  /** +1 on every route: an offer still being prepared for an earlier URL is dropped. */
  let offerSeq = 0;
  const health = createReadHealth();
  /** Rules of this page's origin, to tell whether a storage change concerns this page. */
  const ownRules = (src: RuleSources, url: URL | null) =>
    url ? JSON.stringify([src.managed, src.feed, src.local].map((l) => (l ?? []).filter((r) => (r as { origin?: unknown })?.origin === url.origin))) : '';
  const rulesReady: Promise<void> = rulesIo
    ? safelyAsync('rules:load', () => rulesIo.sources.load(), ruleSources).then((v) => void (ruleSources = v))
    : Promise.resolve();
  let rulesLoaded = !rulesIo;
  void rulesReady.then(() => (rulesLoaded = true));
  const unwatchRules = rulesIo
    ? safely(
        'rules:watch',
        () =>
          rulesIo.sources.watch(
            guard('rules:changed', (v) => {
              const before = ownRules(ruleSources, lastUrl);
              ruleSources = v;
              // Saved rules apply at once: read the page again with the adapter the new rules make.
              if (lastUrl && ownRules(v, lastUrl) !== before) {
                teardown();
                go(lastUrl);
              }
            }),
          ),
        () => {},
      )
    : () => {};

  /** The adapter for a URL once rules are considered: the built-in one with rule overrides, the generic one, or none. */
  const withRules = (url: URL, builtIn: HelpdeskAdapter | undefined): HelpdeskAdapter | undefined | Promise<HelpdeskAdapter | undefined> => {
    if (!rulesIo || !hasRulesFor(ruleSources, url, builtIn?.id)) return builtIn;
    const src = ruleSources;
    return rulesIo.loadKit().then((kit) => {
      const rules = kit.effectiveRules(src);
      return builtIn ? kit.withRuleOverrides(builtIn, rules, url) : (kit.genericAdapterFor(rules, url) ?? undefined);
    });
  };

  const closeOffer = () => {
    offerSeq++;
    offer?.close();
    offer = null;
  };

  const startPicker = (field?: RuleField) => {
    if (!rulesIo || picker || !lastUrl || ctx.signal.aborted) return;
    const url = lastUrl;
    const builtIn = routedBuiltIn;
    closeOffer();
    void safelyAsync('picker:start', async () => {
      const kit = await rulesIo.loadKit();
      if (picker || ctx.signal.aborted) return;
      picker = kit.startPicker({
        ctx,
        doc,
        url,
        ...(builtIn ? { adapterId: builtIn.id, adapterLabel: builtIn.label } : {}),
        ...(field ? { field } : {}),
        now: deps.clock,
        onClose: () => {
          picker = null;
          // Nothing reads the page yet (the agent saved nothing usable): offer again.
          if (!current && lastUrl && !ctx.signal.aborted) go(lastUrl);
        },
      });
    }, undefined);
  };
  const unlistenPick = rulesIo?.onPickRequest ? safely('picker:listen', () => rulesIo.onPickRequest!(() => startPicker()), () => {}) : () => {};

  /** On an added helpdesk origin that nothing reads: "no reading rules for this site — Pick fields". */
  const offerPicker = (url: URL) => {
    if (!rulesIo || picker || offer) return;
    const seq = offerSeq;
    void safelyAsync('picker:offer', async () => {
      if (!(await rulesIo.isAddedOrigin(url.origin)) || (await rulesIo.dismissed.has(url.origin))) return;
      const kit = await rulesIo.loadKit();
      if (seq !== offerSeq || ctx.signal.aborted || picker || offer || current) return;
      offer = kit.offerPicker({
        ctx,
        doc,
        onPick: () => {
          offer = null;
          startPicker();
        },
        onDismiss: () => {
          offer = null;
          void safelyAsync('picker:dismiss', () => rulesIo.dismissed.add(url.origin), undefined);
        },
      });
    }, undefined);
  };

  const pickerUiFor = (m: Mount, adapter: HelpdeskAdapter): PickerUi => {
    const key = `${m.url.origin}|${adapter.id}`;
    return {
      rows: computed(() => {
        const snap = m.state.snapshot.value;
        return m.state.phase.value === 'ready' && snap ? health.check(key, snap) : null;
      }),
      pick: (field) => startPicker(field),
    };
  };

  const storesReady = Promise.all([
    safelyAsync('contracts:load', () => deps.contracts.load(), []).then((c) => {
      contracts = c;
      if (current) current.state.contracts.value = c;
    }),
    safelyAsync('settings:load', () => deps.settings.load(), settings).then((s) => {
      settings = s;
      if (current) current.state.settings.value = s;
    }),
  ]);
  const unwatchContracts = safely(
    'contracts:watch',
    () =>
      deps.contracts.watch(
        guard('contracts:changed', (c) => {
          contracts = c;
          if (current) current.state.contracts.value = c;
        }),
      ),
    () => {},
  );
  const unwatchSettings = safely(
    'settings:watch',
    () =>
      deps.settings.watch(
        guard('settings:changed', (s) => {
          settings = s;
          if (current) current.state.settings.value = s;
        }),
      ),
    () => {},
  );

  const isOurs = (n: Node) => n.nodeName.toLowerCase() === HOST_NAME;

  const teardown = () => {
    const m = current;
    current = null;
    if (!m) return;
    m.disposed = true;
    m.release();
    m.stopWatch?.();
    if (m.ui) safely('ui:remove', () => m.ui!.remove(), undefined);
    m.state.dispose();
  };

  /** Never two hosts: also removes hosts left by an earlier instance of this script. */
  const removeStrayHosts = (keep: Element | null) => {
    for (const el of Array.from(doc.querySelectorAll(HOST_NAME))) if (el !== keep) el.remove();
  };

  const actionsFor = (m: Mount): OverlayActions => ({
    toggleCollapsed: () => {
      settings = { ...settings, collapsed: !settings.collapsed };
      m.state.settings.value = settings;
      void safelyAsync('settings:save', () => deps.settings.save({ collapsed: settings.collapsed }), undefined);
    },
    addContract: (prefill) => {
      void safelyAsync('open-options', async () => void (await deps.openOptions(prefill)), undefined);
    },
    copy: (text) => safelyAsync('copy', () => deps.copyText(text, m.container), false),
  });

  const attachUi = async (m: Mount, adapter: HelpdeskAdapter) => {
    const anchor = safely(`anchor:${adapter.id}`, () => adapter.anchor(doc), null);
    m.state.placement.value = anchor ? 'inline' : 'corner';
    const actions = actionsFor(m);
    const ui = await attemptAsync('ui:create', () =>
      createUi({
        anchor,
        onMount: (container) => {
          m.container = container;
          const view = <Overlay state={m.state} actions={actions} />;
          safely('render', () => render(rulesIo ? <PickerProvider ui={pickerUiFor(m, adapter)}>{view}</PickerProvider> : view, container), undefined);
        },
        onRemove: () => {
          if (m.container) safely('unrender', () => render(null, m.container!), undefined);
          m.container = null;
        },
      }),
    );
    if (!ui.ok) return;
    if (m.disposed || ctx.signal.aborted) {
      safely('ui:remove', () => ui.value.remove(), undefined);
      return;
    }
    removeStrayHosts(null);
    m.ui = ui.value;
    const mounted = attempt('ui:mount', () => ui.value.mount());
    if (!mounted.ok) {
      m.ui = null;
      safely('ui:remove', () => ui.value.remove(), undefined);
    }
  };

  const newMount = (kind: Mount['kind'], ticketId: string | null, adapter: HelpdeskAdapter, url: URL): Mount => {
    const state = createOverlayState(engines, { now: ticker.now, contracts, settings, agentTimeZone: deps.agentTimeZone });
    state.adapter.value = { id: adapter.id, label: adapter.label };
    state.ticketUrl.value = url.href;
    const m: Mount = { kind, ticketId, url, state, ui: null, container: null, disposed: false, release: ticker.hold() };
    if (deps.reportWatch && kind === 'ticket') {
      const send = deps.reportWatch;
      m.stopWatch = safely('watch:start', () => startWatchReporter(state, send), undefined);
    }
    current = m;
    return m;
  };

  const recordStatus = (m: Mount, snap: TicketSnapshot) => {
    const log = statusLog.observe(`${snap.helpdesk}:${snap.ticketId}`, snap.status, deps.clock());
    m.state.observedHistory.value = log.entries;
    m.state.firstSeenAt.value = log.firstSeenAt;
  };

  const mountError = (adapter: HelpdeskAdapter, url: URL, error: string) => {
    const m = newMount('error', null, adapter, url);
    m.state.phase.value = 'error';
    m.state.error.value = error;
    pending = attachUi(m, adapter);
  };

  const identity = (s: TicketSnapshot) =>
    JSON.stringify([s.requesterEmail, s.requesterName, s.organization, s.organizationId, s.subject, s.createdAt?.getTime()]);

  const activity = (s: TicketSnapshot) =>
    JSON.stringify([s.firstAgentReplyAt?.getTime(), s.lastAgentReplyAt?.getTime(), s.statusHistory?.length ?? 0]);

  /** Read the ticket through all layers (page, then API) and show the result. */
  const readFully = (m: Mount, adapter: HelpdeskAdapter, domSnap: TicketSnapshot) => {
    const prev = pending;
    pending = (async () => {
      await prev;
      const layered = await attemptAsync(`read:${adapter.id}`, () => deps.readLayered(adapter, doc, m.url));
      await storesReady;
      if (m.disposed) return;
      if (layered.ok && layered.value && layered.value.ticketId === domSnap.ticketId) {
        m.state.snapshot.value = layered.value;
        recordStatus(m, layered.value);
      } else if (!layered.ok) {
        m.state.snapshot.value = { ...domSnap, problems: [...(domSnap.problems ?? []), `layered read failed: ${layered.error}`] };
      }
      m.state.phase.value = 'ready';
    })();
  };

  const mountTicket = (adapter: HelpdeskAdapter, url: URL, snap: TicketSnapshot) => {
    const m = newMount('ticket', snap.ticketId, adapter, url);
    m.domStatus = snap.status;
    m.domPriority = snap.priority;
    m.domIdentity = identity(snap);
    m.domActivity = activity(snap);
    m.state.snapshot.value = snap;
    recordStatus(m, snap);
    pending = attachUi(m, adapter);
    readFully(m, adapter, snap);
  };

  /** After mounting: follow changes made in the page, and put a dropped host back. */
  const followPage = (m: Mount, adapter: HelpdeskAdapter, snap: TicketSnapshot) => {
    const id = identity(snap);
    if (id !== m.domIdentity) {
      // Same ticket id, different content: an SPA that changed the URL before rendering the new ticket.
      m.domIdentity = id;
      m.domStatus = snap.status;
      m.domPriority = snap.priority;
      m.domActivity = activity(snap);
      m.state.snapshot.value = snap;
      recordStatus(m, snap);
      readFully(m, adapter, snap);
    } else if (activity(snap) !== m.domActivity) {
      // A reply or a status change appeared in the page's log (or the log arrived late): read again
      // through every layer, so the API's exact times win where it answers.
      m.domActivity = activity(snap);
      m.domStatus = snap.status;
      m.domPriority = snap.priority;
      readFully(m, adapter, snap);
    } else if (snap.status !== m.domStatus || snap.priority !== m.domPriority) {
      m.domStatus = snap.status;
      m.domPriority = snap.priority;
      const prev = m.state.snapshot.value ?? snap;
      const sources = { ...prev.sources };
      const next: TicketSnapshot = { ...prev, sources };
      if (snap.status !== undefined) {
        next.status = snap.status;
        sources.status = snap.sources?.status ?? 'dom';
      }
      if (snap.priority !== undefined) {
        next.priority = snap.priority;
        sources.priority = snap.sources?.priority ?? 'dom';
      }
      m.state.snapshot.value = next;
      recordStatus(m, next);
    }
    // The helpdesk re-rendered the header and dropped our host: put it back at the (new) anchor.
    if (m.ui && !m.ui.shadowHost.isConnected) {
      const old = m.ui;
      m.ui = null;
      safely('ui:remove', () => old.remove(), undefined);
      pending = attachUi(m, adapter);
    }
  };

  const go = (url: URL) => {
    if (lists) safely('lists:navigate', () => lists.navigate(url), undefined);
    route?.abort();
    route = null;
    lastUrl = url;
    closeOffer();
    if (ctx.signal.aborted) return teardown();
    const found = safely('adapter-for', () => deps.adapterFor(url), undefined);
    if (!(found instanceof Promise) && rulesLoaded) {
      routedBuiltIn = found;
      const adapter = withRules(url, found);
      if (!(adapter instanceof Promise)) return routeTo(url, adapter);
    }
    // The adapter's script, the rule lists or the rules kit are loading (once per page): route when they
    // are there, unless the URL moved on.
    const ac = new AbortController();
    route = ac;
    const prev = pending;
    pending = (async () => {
      const loaded = await attemptAsync('adapter-load', async () => found);
      await rulesReady;
      const builtIn = loaded.ok ? loaded.value : undefined;
      if (ac.signal.aborted || ctx.signal.aborted) return;
      routedBuiltIn = builtIn;
      const ruled = await attemptAsync('rules-adapter', async () => withRules(url, builtIn));
      if (!ac.signal.aborted && !ctx.signal.aborted) routeTo(url, ruled.ok ? ruled.value : builtIn);
      await prev;
    })();
  };

  const routeTo = (url: URL, adapter: HelpdeskAdapter | undefined) => {
    follow(url, adapter);
    if (!adapter) offerPicker(url);
  };

  /** Watch the page for a ticket of this helpdesk (none: tear down). */
  const follow = (url: URL, adapter: HelpdeskAdapter | undefined) => {
    if (!adapter || (current && current.state.adapter.value?.id !== adapter.id)) teardown();
    if (!adapter) return;
    const ac = new AbortController();
    route = ac;
    const signal = ac.signal;

    const check = () => {
      if (signal.aborted) return;
      const read = attempt(`read:${adapter.id}`, () => adapter.readTicket(doc, url));
      const m = current;
      if (!read.ok) {
        // Transient failures while a ticket shows are ignored; with nothing shown, say so.
        if (!m) mountError(adapter, url, read.error);
        return;
      }
      const snap = read.value;
      if (!snap) {
        if (m) teardown(); // the ticket pane closed while the URL stayed
        return;
      }
      if (!m || m.kind === 'error' || m.ticketId !== snap.ticketId) {
        teardown();
        mountTicket(adapter, url, snap);
        return;
      }
      if (m.url.href !== url.href) {
        // Same ticket under a new URL (a sub-tab, a query change): keep the overlay.
        m.url = url;
        m.state.ticketUrl.value = url.href;
      }
      followPage(m, adapter, snap);
    };

    observeDom(doc.body ?? doc.documentElement, check, {
      signal,
      attributeFilter: WATCHED_ATTRIBUTES,
      ignore: isOurs,
      requestFrame,
      onStateChange: (s) => {
        if (s === 'tripped') report('observer', new Error('the page changes too often; SLA Lens stopped following it'));
      },
    });
    check();
  };

  ctx.onInvalidated(() => {
    route?.abort();
    teardown();
    safely('contracts:unwatch', unwatchContracts, undefined);
    safely('settings:unwatch', unwatchSettings, undefined);
    safely('rules:unwatch', unwatchRules, undefined);
    safely('picker:unlisten', unlistenPick, undefined);
    picker?.close();
    closeOffer();
  });

  go(new URL(win.location.href));

  return {
    navigate: (url) => safely('navigate', () => go(url), undefined),
    get state() {
      return current?.state ?? null;
    },
    async idle() {
      let seen: Promise<void> | null = null;
      while (seen !== pending) {
        seen = pending;
        await seen;
      }
    },
  };
}
