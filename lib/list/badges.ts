// List badges on a page: read the rows (lib/list/<helpdesk>.ts), plan each row's clocks once per change
// of its data, the contracts, the settings or the watch store (./clocks.ts), put a badge host in each
// planned row (./render.ts), and on each tick of the page's one 1 Hz signal repaint only the rows whose
// shown minute or state changed. Follows the page through the narrow, frame-batched observer.
// Browser objects come in through deps (see entrypoints/content/deps.ts); nothing here reads globals.
import type { ReadonlySignal } from '@preact/signals';
import type { Contract } from '../contracts/model';
import type { MatchIndex, MatchResult } from '../match';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { localDate } from '../zoned';
import { observeDom } from '../runtime/observe';
import { attempt, guard, report, safely, safelyAsync } from '../runtime/safely';
import { labelFor, planRow, viewAt, type BadgeView, type PlanContext, type PlanEngines, type RowPlan } from './clocks';
import { listReaderFor } from './index';
import { BADGE_TAG, createBadge, labelBadge, paintBadge, type Badge } from './render';
import type { ListReader, ListRow } from './types';
import { watchMapFromReply } from './watch';
import type { WatchListItem } from '../watch/schedule';

export interface ListStore<T> {
  load(): Promise<T>;
  watch(cb: (value: T) => void): () => void;
}

export interface ListBadgeDeps {
  doc: Document;
  /** The page's one ticking signal (lib/runtime/ticker.ts): held while badges show, paused while hidden. */
  ticker: { readonly now: ReadonlySignal<Date>; hold(): () => void };
  /** Ends everything (the content script context's signal). */
  signal: AbortSignal;
  engines: PlanEngines & { buildIndex(contracts: readonly Contract[]): MatchIndex };
  contracts: ListStore<readonly Contract[]>;
  settings?: ListStore<Settings>;
  /** The raw `watch:list` reply of the background. */
  watchList?(): Promise<unknown>;
  clock(): Date;
  requestFrame?(cb: () => void): unknown;
  /** The agent's zone for due times in titles (default: the browser's). */
  timeZone?: string;
  /** How often the watch store is asked again while badges show. */
  watchRefreshMs?: number;
  /** Called after each scan (tests, benchmarks). */
  onScan?(info: { rows: number; badges: number; ms: number }): void;
}

export interface ListBadges {
  /** Follow the page to a URL (the content script calls this on every location change). */
  navigate(url: URL): void;
  /** Settles when the current route's loading and first scan are done (tests). */
  idle(): Promise<void>;
  /** Badges on the page. */
  readonly size: number;
}

interface Entry {
  row: ListRow;
  sig: string;
  plan: RowPlan | null;
  badge: Badge | null;
  view: BadgeView | null;
}

/** How long the first badges wait for the watch store (a cold service worker can take longer: applied when it comes). */
const WATCH_WAIT_MS = 300;
/** Longest stretch of label work in one task. */
const SLICE_MS = 8;
const isOurs = (n: Node) => n.nodeName.toLowerCase() === BADGE_TAG;

const sigOf = (r: ListRow) =>
  [r.ticketId, r.requesterEmail, r.requesterName, r.organization, r.priority, r.status, r.createdAt?.getTime()].join('\u0001');

export function startListBadges(deps: ListBadgeDeps): ListBadges {
  const { doc } = deps;
  const now = () => deps.clock();
  const win = doc.defaultView ?? globalThis;
  const perf = win.performance;

  // ---- page ----
  let reader: ListReader | undefined;
  let url: URL | null = null;
  let route: AbortController | null = null;
  const entries = new Map<Element, Entry>();
  let badges = 0;
  let release: (() => void) | null = null;
  let nextAt = Infinity;
  let pending: Promise<void> = Promise.resolve();

  let loaded = false;

  // ---- data ----
  let index: MatchIndex | null = null;
  let contractsById = new Map<string, Contract>();
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let watch = new Map<string, WatchListItem>();
  let watchSig = '';
  let watchAskedAt = -Infinity;
  const plans = new Map<string, RowPlan | null>();
  const matches = new Map<string, MatchResult>();

  const setContracts = (c: readonly Contract[]) => {
    index = safely('list:index', () => deps.engines.buildIndex(c), null);
    contractsById = new Map(c.map((x) => [x.id, x]));
    replan();
  };
  const setSettings = (s: Settings) => {
    settings = s;
    replan();
  };

  const applyWatch = (reply: unknown) => {
    if (reply === null) return; // the background did not answer: keep what we had
    const next = watchMapFromReply(reply);
    const sig = [...next.values()].map((i) => `${i.key}/${i.urgency}/${i.kind}/${i.dueAt}/${i.contractId}/${i.severity}`).sort().join('|');
    if (sig === watchSig) return;
    watchSig = sig;
    watch = next;
    replan();
  };
  /** Asks the background; the first badges wait for its answer a short while only, and a late answer still applies. */
  const askWatch = (): Promise<unknown> => {
    if (!deps.watchList) return Promise.resolve();
    watchAskedAt = now().getTime();
    const applied = safelyAsync('list:watch', () => deps.watchList!(), null).then(applyWatch);
    return Promise.race([applied, new Promise((ok) => win.setTimeout(ok, WATCH_WAIT_MS))]);
  };

  // Loaded on the first list page only: most pages of a helpdesk are no list.
  let ready: Promise<void> | null = null;
  const unwatch: (() => void)[] = [];
  const load = () =>
    (ready ??= (() => {
      unwatch.push(
        safely('list:contracts-watch', () => deps.contracts.watch(guard('list:contracts-changed', setContracts)), () => {}),
        deps.settings ? safely('list:settings-watch', () => deps.settings!.watch(guard('list:settings-changed', setSettings)), () => {}) : () => {},
      );
      return Promise.all([
        safelyAsync('list:contracts', () => deps.contracts.load(), []).then(setContracts),
        deps.settings ? safelyAsync('list:settings', () => deps.settings!.load(), settings).then(setSettings) : undefined,
        askWatch(),
      ]).then(() => {
        loaded = true;
      });
    })());

  const context = (at: Date): PlanContext | null =>
    index && url && reader
      ? { helpdesk: reader.id, index, contractsById, watch, host: url.host, warnPercent: settings.warnPercent, engines: deps.engines, now: at, matches, timelines: new Map() }
      : null;

  const time = () => ({ hour12: settings.hour12, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });

  const label = (e: Entry, nowMs: number) => {
    if (e.plan && e.badge && e.view) labelBadge(e.badge, labelFor(e.plan, e.view, nowMs, time()));
  };
  // Labels (Intl-formatted due times) of a scan's new badges follow in slices right after it: state and
  // text show first, and a long list never holds the page in one long task.
  const unlabelled = new Set<Entry>();
  let labelling = false;
  // "due 13:00" means today: after midnight every label is written again (in slices).
  const dayOf = (ms: number) => (deps.timeZone ? localDate(new Date(ms), deps.timeZone) : new Date(ms).toDateString());
  let labelDay = '';
  const kick = () => {
    if (labelling || !unlabelled.size || deps.signal.aborted) return;
    labelling = true;
    win.setTimeout(guard('list:labels', labelSome), 0);
  };
  const labelLater = (e: Entry) => {
    unlabelled.add(e);
    kick();
  };
  const labelSome = () => {
    labelling = false;
    const until = perf.now() + SLICE_MS;
    const nowMs = now().getTime();
    labelDay = dayOf(nowMs);
    for (const e of unlabelled) {
      unlabelled.delete(e);
      label(e, nowMs);
      if (perf.now() > until) break;
    }
    kick();
  };

  /** Paint one entry's view at `nowMs` where its state or text changed. */
  const show = (e: Entry, nowMs: number, force: boolean, later: boolean) => {
    if (!e.plan || !e.badge) return;
    const view = viewAt(e.plan, nowMs);
    if (!view) return;
    const old = e.view;
    e.view = view;
    if (force || !old || old.state !== view.state || old.text !== view.text || old.clock !== view.clock) {
      paintBadge(e.badge, view.state, view.text, settings.theme);
      if (later) labelLater(e);
      else label(e, nowMs);
    }
    if (view.nextAt < nextAt) nextAt = view.nextAt;
  };

  const holdTicker = () => {
    if (badges > 0 && !release) release = deps.ticker.hold();
    else if (badges === 0 && release) {
      release();
      release = null;
    }
  };

  const dropBadge = (e: Entry) => {
    unlabelled.delete(e);
    if (e.badge) {
      e.badge.host.remove();
      e.badge = null;
      e.view = null;
      badges--;
    }
  };

  const scan = () => {
    if (!reader || !url || !loaded || deps.signal.aborted) return;
    const started = perf.now();
    const at = now();
    const ctx = context(at);
    const rows = attempt(`list:read:${reader.id}`, () => reader!.readRows(doc, url!));
    if (!rows.ok || !ctx) return;
    const nowMs = at.getTime();
    const seen = new Set<Element>();
    const inserts: [Element, HTMLElement][] = [];
    nextAt = Infinity;
    for (const row of rows.value) {
      if (seen.has(row.rowEl)) continue;
      seen.add(row.rowEl);
      const sig = sigOf(row);
      let e = entries.get(row.rowEl);
      if (!e) entries.set(row.rowEl, (e = { row, sig: '', plan: null, badge: null, view: null }));
      let force = false;
      if (e.sig !== sig) {
        e.row = row;
        e.sig = sig;
        let plan = plans.get(sig);
        if (plan === undefined) {
          plan = safely(`list:plan:${reader.id}`, () => planRow(row, ctx), null);
          plans.set(sig, plan);
        }
        e.plan = plan;
        e.view = null;
        force = true;
      }
      if (!e.plan) {
        dropBadge(e);
        continue;
      }
      if (!e.badge) {
        e.badge = createBadge(doc, settings.theme);
        badges++;
      }
      if (e.badge.host.parentNode !== row.slot) inserts.push([row.slot, e.badge.host]);
      show(e, nowMs, force, true);
    }
    for (const [el, e] of entries) {
      if (seen.has(el)) continue;
      dropBadge(e);
      entries.delete(el);
    }
    // Writes last, with no reads between them: one style/layout pass for all badges.
    for (const [slot, host] of inserts) slot.append(host);
    holdTicker();
    deps.onScan?.({ rows: rows.value.length, badges, ms: perf.now() - started });
  };

  /** Data changed (contracts, settings, watch store): plan every row again. */
  function replan() {
    plans.clear();
    matches.clear();
    for (const e of entries.values()) e.sig = '';
    if (loaded) safely('list:scan', scan, undefined);
  }

  const tick = (at: Date) => {
    if (!badges || deps.signal.aborted) return;
    const nowMs = at.getTime();
    if (deps.watchList && nowMs - watchAskedAt >= (deps.watchRefreshMs ?? 60_000)) void askWatch();
    if (labelDay && dayOf(nowMs) !== labelDay) for (const e of entries.values()) if (e.view) labelLater(e);
    if (nowMs < nextAt) return;
    nextAt = Infinity;
    for (const e of entries.values()) {
      if (!e.view) continue;
      if (e.view.nextAt <= nowMs) show(e, nowMs, false, false);
      else if (e.view.nextAt < nextAt) nextAt = e.view.nextAt;
    }
  };
  const unsubscribe = deps.ticker.now.subscribe(guard('list:tick', tick));

  const teardown = () => {
    route?.abort();
    route = null;
    for (const e of entries.values()) dropBadge(e);
    entries.clear();
    badges = 0;
    holdTicker();
  };

  const navigate = (next: URL) => {
    const r = safely('list:reader-for', () => listReaderFor(next), undefined);
    if (r === reader && url && next.pathname === url.pathname && next.host === url.host) {
      url = next;
      return;
    }
    teardown();
    reader = r;
    url = next;
    if (!r || deps.signal.aborted) return;
    const ac = new AbortController();
    route = ac;
    const prev = pending;
    pending = (async () => {
      await prev;
      await load();
      if (ac.signal.aborted || deps.signal.aborted) return;
      observeDom(doc.body ?? doc.documentElement, () => safely('list:scan', scan, undefined), {
        signal: AbortSignal.any([ac.signal, deps.signal]),
        ignore: isOurs,
        attributeFilter: ['hidden', 'aria-hidden'],
        ...(deps.requestFrame ? { requestFrame: deps.requestFrame } : {}),
        onStateChange: (s) => {
          if (s === 'tripped') report('list:observer', new Error('the list changes too often; SLA Lens stopped following it'));
        },
      });
      safely('list:scan', scan, undefined);
    })();
  };

  deps.signal.addEventListener(
    'abort',
    () => {
      teardown();
      unsubscribe();
      for (const u of unwatch) safely('list:unwatch', u, undefined);
    },
    { once: true },
  );

  return {
    navigate: (u) => safely('list:navigate', () => navigate(u), undefined),
    async idle() {
      let seen: Promise<void> | null = null;
      while (seen !== pending) {
        seen = pending;
        await seen;
      }
    },
    get size() {
      return badges;
    },
  };
}
