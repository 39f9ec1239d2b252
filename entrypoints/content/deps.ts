// Binds the controller to the real browser and engines. Only this folder touches the globals.
import { browser } from 'wxt/browser';
import { adapterFor } from '../../lib/adapters';
import { makeGetJson, readLayered } from '../../lib/adapters/read';
import { loadContracts, watchContracts } from '../../lib/contracts/store';
import { termStatus } from '../../lib/contracts/status';
import { buildMatchIndex, matchTicket } from '../../lib/match';
import { computeSla } from '../../lib/sla';
import { suggestEscalation } from '../../lib/escalation';
import { loadSettings, updateSettings, watchSettings } from '../../lib/settings';
import { copyText } from '../../lib/runtime/clipboard';
import type { ControllerDeps } from '../../lib/runtime/controller';
import type { Engines } from '../../lib/runtime/state';

const engines: Engines = {
  buildIndex: buildMatchIndex,
  match: (index, snapshot, now) => matchTicket(index, snapshot, now),
  sla: (contract, snapshot, now, opts) => computeSla(snapshot, contract, now, opts),
  escalate: suggestEscalation,
  // Warn about the end of the term from 30 days out, or earlier when the notice period is longer.
  term: (contract, now) => termStatus(contract, now, Math.max(30, contract.term.noticeDays ?? 0)),
};

export function contentDeps(): ControllerDeps {
  const getJson = makeGetJson(location.origin, fetch.bind(window));
  return {
    doc: document,
    win: window,
    adapterFor,
    readLayered: (adapter, doc, url) => readLayered(adapter, doc, url, getJson, { timeoutMs: 2500 }),
    engines,
    contracts: {
      load: async () => (await loadContracts()).contracts,
      watch: (cb) => watchContracts((v) => cb(v.contracts)),
    },
    settings: { load: loadSettings, watch: watchSettings, save: updateSettings },
    clock: () => new Date(),
    openOptions: (prefill) => browser.runtime.sendMessage({ type: 'open-options', prefill }),
    copyText: (text, container) => copyText(text, { clipboard: navigator.clipboard, container }),
    // Not new URL().origin: for chrome-extension:// that is "null" by the URL standard.
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
  };
}
