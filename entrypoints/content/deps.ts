// Binds the controller to the real browser and engines. Only this folder touches the globals.
import { browser } from 'wxt/browser';
import { makeGetJson, readLayered } from '../../lib/adapters/read';
import { adapterIdFor } from '../../lib/adapters/urls';
import { businessMinutesBetween } from '../../lib/business-time';
import type { Contract } from '../../lib/contracts/model';
import { loadContracts, watchContracts } from '../../lib/contracts/stored';
import { termStatus } from '../../lib/contracts/status';
import { buildMatchIndex, matchTicket, type MatchIndex } from '../../lib/match';
import { computeSla } from '../../lib/sla';
import { suggestEscalation } from '../../lib/escalation';
import { loadSettings, updateSettings, watchSettings } from '../../lib/settings';
import { copyText } from '../../lib/runtime/clipboard';
import { createListKitLoader, lazyListBadges } from '../../lib/list/kit';
import { isListUrl } from '../../lib/list/urls';
import { createAdapterLoader } from '../../lib/runtime/adapter-loader';
import { report, safely } from '../../lib/runtime/safely';
import type { ControllerDeps } from '../../lib/runtime/controller';
import type { Engines } from '../../lib/runtime/state';
import { contentRules } from './rules';
// Bundled as text: the overlay mounts without fetching it, and it works on runtime-registered custom
// domains too (a fetched file would have to be web-accessible to each of those origins).
import overlayCss from '../../components/Overlay.css?inline';

// One index per contract set: each overlay (a new one per ticket shown) would otherwise rebuild it.
const indexes = new WeakMap<readonly Contract[], MatchIndex>();
function buildIndex(contracts: readonly Contract[]): MatchIndex {
  let index = indexes.get(contracts);
  if (!index) indexes.set(contracts, (index = buildMatchIndex(contracts)));
  return index;
}

const engines: Engines = {
  buildIndex,
  match: (index, snapshot, now) => matchTicket(index, snapshot, now),
  sla: (contract, snapshot, now, opts) => computeSla(snapshot, contract, now, opts),
  escalate: suggestEscalation,
  // Warn about the end of the term from 30 days out, or earlier when the notice period is longer.
  term: (contract, now) => termStatus(contract, now, Math.max(30, contract.term.noticeDays ?? 0)),
};

/**
 * On a helpdesk page, in idle time after the contracts arrive, do what the first overlay would otherwise
 * do on its way to the screen: build the match index and compile each contract calendar around now
 * (a cold calendar costs milliseconds; see the business-time bench).
 */
function warmUp(contracts: readonly Contract[]): void {
  if (!contracts.length || !adapterIdFor(new URL(location.href))) return;
  const run = () =>
    safely('warm-up', () => {
      buildIndex(contracts);
      const now = new Date();
      for (const c of contracts) {
        try {
          businessMinutesBetween(new Date(now.getTime() - 7 * 86_400_000), now, c.calendar);
        } catch {
          /* an invalid calendar shows its own error in the overlay */
        }
      }
    }, undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 0);
}

export function contentDeps(): ControllerDeps {
  const getJson = makeGetJson(location.origin, fetch.bind(window));
  return {
    doc: document,
    win: window,
    // Only the URL table is bundled here; the page's adapter script is injected on demand.
    adapterFor: createAdapterLoader({ scope: globalThis, send: (msg) => browser.runtime.sendMessage(msg) }),
    readLayered: (adapter, doc, url) => readLayered(adapter, doc, url, getJson, { timeoutMs: 2500 }),
    engines,
    uiCss: overlayCss,
    contracts: {
      load: async () => {
        const { contracts } = await loadContracts();
        warmUp(contracts);
        return contracts;
      },
      watch: (cb) =>
        watchContracts((v) => {
          cb(v.contracts);
          warmUp(v.contracts);
        }),
    },
    settings: { load: loadSettings, watch: watchSettings, save: updateSettings },
    // Reading rules, the generic adapter and the field picker (the kit is injected only where needed).
    rules: contentRules(),
    clock: () => new Date(),
    openOptions: (prefill) => browser.runtime.sendMessage({ type: 'open-options', prefill }),
    copyText: (text, container) => copyText(text, { clipboard: navigator.clipboard, container }),
    // Not new URL().origin: for chrome-extension:// that is "null" by the URL standard.
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    // Watched tickets: the background schedules alarms and notifications from what the overlay computed.
    reportWatch: (msg) => browser.runtime.sendMessage(msg),
    // Badges on ticket lists (views, queues, search results); the watch store answers for rows without enough data.
    // Only the URL check is bundled here: the badge code is injected on the first list page (lib/list/kit.ts).
    startLists: (env) =>
      lazyListBadges({
        isListUrl,
        loadKit: createListKitLoader({ scope: globalThis, send: (msg) => browser.runtime.sendMessage(msg) }),
        start: (kit) =>
          kit.startListBadges({
            ...env,
            doc: document,
            engines,
            contracts: { load: async () => (await loadContracts()).contracts, watch: (cb) => watchContracts((v) => cb(v.contracts)) },
            settings: { load: loadSettings, watch: watchSettings },
            watchList: () => browser.runtime.sendMessage({ type: 'watch:list' }),
            clock: () => new Date(),
          }),
        signal: env.signal,
        onError: (e) => report('lists:load', e),
      }),
  };
}
