// Reading rules for the content script (lib/runtime/picker.ts): the three rule lists read raw from storage
// (each was validated when written, and the kit validates the policy's again), without bundling the
// validator or the rules engine; the kit itself is injected by the background on demand.
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Rule } from '../../lib/rules/model';
import type { RulesDeps } from '../../lib/runtime/controller';
import { createRulesKitLoader, managedRulesValue, type RuleSources } from '../../lib/runtime/picker';

const LOCAL = 'local:readingRules' as const;
const FEED = 'local:feed' as const;
const DOMAINS = 'local:customDomains' as const;
const DISMISSED = 'local:pickerDismissed' as const;

const listOf = <T>(x: unknown, key: string): T[] => {
  const v = x && typeof x === 'object' ? (x as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? (v as T[]) : [];
};

async function readManaged(): Promise<unknown[] | null> {
  try {
    return managedRulesValue((await browser.storage.managed.get('rules')).rules);
  } catch {
    return null; // no managed storage in this browser, or no policy
  }
}

async function loadSources(): Promise<RuleSources> {
  const [local, feed, managed] = await Promise.all([storage.getItem<unknown>(LOCAL), storage.getItem<unknown>(FEED), readManaged()]);
  return {
    local: listOf<Rule>(local, 'rules'),
    feed: listOf<Rule>((feed as { lastGood?: unknown } | null)?.lastGood, 'readingRules'),
    managed,
  };
}

export function contentRules(): RulesDeps {
  return {
    sources: {
      load: loadSources,
      watch(cb) {
        const reload = () => void loadSources().then(cb, () => {});
        const unwatch = [storage.watch(LOCAL, reload), storage.watch(FEED, reload)];
        const onManaged = (_: unknown, area: string) => {
          if (area === 'managed') reload();
        };
        browser.storage.onChanged.addListener(onManaged);
        return () => {
          unwatch.forEach((u) => u());
          browser.storage.onChanged.removeListener(onManaged);
        };
      },
    },
    loadKit: createRulesKitLoader({ scope: globalThis, send: (msg) => browser.runtime.sendMessage(msg) }),
    isAddedOrigin: async (origin) => ((await storage.getItem<string[]>(DOMAINS)) ?? []).includes(origin),
    dismissed: {
      has: async (origin) => ((await storage.getItem<string[]>(DISMISSED)) ?? []).includes(origin),
      add: async (origin) => {
        const list = (await storage.getItem<string[]>(DISMISSED)) ?? [];
        if (!list.includes(origin)) await storage.setItem(DISMISSED, [...list, origin].slice(-200));
      },
    },
    onPickRequest(cb) {
      const listener = (msg: unknown) => {
        if ((msg as { type?: unknown } | null)?.type === 'start-picker') cb();
        return undefined;
      };
      browser.runtime.onMessage.addListener(listener);
      return () => browser.runtime.onMessage.removeListener(listener);
    },
  };
}
