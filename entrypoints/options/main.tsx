// Wires the options views to extension storage, permissions and the page (hash, downloads).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ask } from '../../lib/background/messages';
import { breachLogItem, loadBreachLog } from '../../lib/breach-log';
import { loadContracts, replaceContracts, undoLastChange, watchContracts } from '../../lib/contracts/store';
import { addCustomDomain, customDomainsItem, originPattern, removeCustomDomain } from '../../lib/custom-domains';
import { feedItem } from '../../lib/feed';
import { loadEffectiveContracts, mergeManagedSettings, readManaged, watchEffectiveContracts, type ManagedArea } from '../../lib/managed';
import { loadSettings, normalizeSettings, updateSettings, watchSettings, type Settings } from '../../lib/settings';
import { OptionsApp } from '../../components/options/OptionsApp';
import { mergeRuleLists } from '../../lib/rules/io';
import { loadReadingRules, replaceReadingRules, watchReadingRules } from '../../lib/rules/store';
import { engineSelectorCheck, validateRule } from '../../lib/rules/validate';
import type { AskBackground, OptionsServices } from '../../components/options/services';
import '../../components/options/options.css';

const managedArea = () => (browser.storage as unknown as { managed?: ManagedArea }).managed;

/** The agent's theme unless the administrator fixes it. */
async function applyTheme(own?: Settings) {
  const mine = own ?? (await loadSettings());
  const policy = await readManaged(managedArea());
  const { theme } = normalizeSettings(mergeManagedSettings(mine, policy.settings).settings);
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

function onStorageArea(area: string, cb: () => void): () => void {
  const listener = (_changes: unknown, a: string) => a === area && cb();
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

const background: AskBackground = (msg) => ask((m) => browser.runtime.sendMessage(m), msg);

const services: OptionsServices = {
  contracts: {
    load: loadContracts,
    watch: watchContracts,
    replace: (next, expectedRevision) => replaceContracts(next, { now: new Date(), expectedRevision }),
    undo: (expectedRevision) => undoLastChange({ now: new Date(), expectedRevision }),
  },
  settings: { load: loadSettings, watch: watchSettings, update: updateSettings },
  domains: {
    async load() {
      const origins = await customDomainsItem.getValue();
      return Promise.all(
        origins.map(async (origin) => {
          let pattern = '';
          try {
            pattern = originPattern(origin);
          } catch {
            return { origin, pattern, granted: false };
          }
          return { origin, pattern, granted: await browser.permissions.contains({ origins: [pattern] }) };
        }),
      );
    },
    watch(cb) {
      const off = customDomainsItem.watch(() => cb());
      browser.permissions.onAdded.addListener(cb);
      browser.permissions.onRemoved.addListener(cb);
      return () => {
        off();
        browser.permissions.onAdded.removeListener(cb);
        browser.permissions.onRemoved.removeListener(cb);
      };
    },
    add(origin, pattern) {
      // First statement: the request must run inside the click's user gesture.
      const asked = browser.permissions.request({ origins: [pattern] });
      return asked.then(
        async (granted) => {
          if (!granted) return { ok: false as const, error: `The browser did not allow access to ${origin}; it was not added.` };
          await addCustomDomain(origin);
          return { ok: true as const };
        },
        (e: unknown) => ({ ok: false as const, error: `Could not ask for access to ${origin}: ${e instanceof Error ? e.message : String(e)}` }),
      );
    },
    grant: (pattern) => browser.permissions.request({ origins: [pattern] }),
    async remove(origin, pattern) {
      await removeCustomDomain(origin);
      if (pattern) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    },
  },
  effective: { load: loadEffectiveContracts, watch: watchEffectiveContracts },
  policy: { load: () => readManaged(managedArea()), watch: (cb) => onStorageArea('managed', cb) },
  feed: {
    // First statement: the request must run inside the click's user gesture.
    requestAccess: (pattern) => browser.permissions.request({ origins: [pattern] }),
    watch(cb) {
      const off = feedItem.watch(() => cb());
      browser.permissions.onAdded.addListener(cb);
      browser.permissions.onRemoved.addListener(cb);
      return () => {
        off();
        browser.permissions.onAdded.removeListener(cb);
        browser.permissions.onRemoved.removeListener(cb);
      };
    },
  },
  breachLog: { load: loadBreachLog, watch: (cb) => breachLogItem.watch(() => void loadBreachLog().then(cb)) },
  background,
  rules: {
    load: loadReadingRules,
    watch: (cb) => {
      const offLocal = watchReadingRules(cb);
      const offOthers = [feedItem.watch(() => void loadReadingRules().then(cb)), onStorageArea('managed', () => void loadReadingRules().then(cb))];
      return () => (offLocal(), offOthers.forEach((f) => f()));
    },
    replace: (next, expectedRevision) => replaceReadingRules(next, { now: new Date(), expectedRevision, checkSelector: engineSelectorCheck(document) }),
    async effective() {
      const [local, feed, policy] = await Promise.all([loadReadingRules(), feedItem.getValue(), readManaged(managedArea())]);
      const managed = (policy.rules ?? []).flatMap((raw) => {
        const r = validateRule(raw);
        return r.ok ? [r.rule] : [];
      });
      return mergeRuleLists({ managed, feed: feed?.lastGood?.readingRules ?? [], local: local.rules });
    },
  },
  download(fileName, mime, text) {
    const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  now: () => new Date(),
  zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  nav: {
    hash: () => location.hash,
    go: (hash) => {
      location.hash = hash;
    },
    replaceHash: (hash) => history.replaceState(null, '', hash || location.pathname),
    onHashChange(cb) {
      addEventListener('hashchange', cb);
      return () => removeEventListener('hashchange', cb);
    },
    guardUnload(dirty) {
      const onBeforeUnload = (e: BeforeUnloadEvent) => {
        if (!dirty()) return;
        e.preventDefault();
        e.returnValue = '';
      };
      addEventListener('beforeunload', onBeforeUnload);
      return () => removeEventListener('beforeunload', onBeforeUnload);
    },
  },
};

void applyTheme();
watchSettings((s) => void applyTheme(s));
onStorageArea('managed', () => void applyTheme());
render(<OptionsApp services={services} />, document.getElementById('app')!);
