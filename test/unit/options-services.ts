// A complete OptionsServices for the options component tests (not a test file itself): the real
// contract store and breach log on fakeBrowser storage, a scripted background, in-memory navigation.
import { vi } from 'vitest';
import type { OptionsServices } from '../../components/options/services';
import type { BackgroundRequest, FeedStatusReply } from '../../lib/background/messages';
import { breachLogItem, loadBreachLog } from '../../lib/breach-log';
import { loadContracts, replaceContracts, undoLastChange, watchContracts } from '../../lib/contracts/store';
import { emptyFeedState } from '../../lib/feed';
import { emptyManaged, type EffectiveContracts, type ManagedConfig } from '../../lib/managed';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../../lib/settings';

export type Reply = (msg: BackgroundRequest) => unknown;

export const feedStatus = (over: Partial<FeedStatusReply> = {}): { ok: true } & FeedStatusReply => ({
  ok: true,
  state: emptyFeedState(),
  effectiveUrl: null,
  managedUrl: false,
  permission: null,
  ...over,
});

export interface FakeOptions {
  hash?: string;
  now?: Date;
  settings?: Settings;
  effective?: EffectiveContracts | null;
  policy?: ManagedConfig;
  /** Answers background messages; feed:status defaults to "no feed". */
  reply?: Reply;
  requestAccess?: (pattern: string) => Promise<boolean>;
}

export function fakeServices(o: FakeOptions = {}) {
  let hash = o.hash ?? '';
  const hashListeners = new Set<() => void>();
  let settings: Settings = o.settings ?? normalizeSettings({ ...DEFAULT_SETTINGS, hour12: false });
  const settingsListeners = new Set<(s: Settings) => void>();
  let effective = o.effective ?? null;
  const effectiveListeners = new Set<(e: EffectiveContracts | null) => void>();
  const feedListeners = new Set<() => void>();
  const background = vi.fn(async (msg: BackgroundRequest) => {
    const r = o.reply?.(msg);
    if (r !== undefined) return r;
    if (msg.type === 'feed:status') return feedStatus();
    return { ok: false, error: `unexpected ${msg.type}` };
  });
  const download = vi.fn((_name: string, _mime: string, _text: string) => {});
  const requestAccess = vi.fn(o.requestAccess ?? (async () => true));
  const services: OptionsServices = {
    contracts: {
      load: loadContracts,
      watch: watchContracts,
      replace: (next, expectedRevision) => replaceContracts(next, { now: new Date(), expectedRevision }),
      undo: (expectedRevision) => undoLastChange({ now: new Date(), expectedRevision }),
    },
    settings: {
      load: async () => settings,
      watch: (cb) => (settingsListeners.add(cb), () => settingsListeners.delete(cb)),
      update: async (p) => {
        settings = normalizeSettings({ ...settings, ...p });
        settingsListeners.forEach((l) => l(settings));
        return settings;
      },
    },
    domains: { load: async () => [], watch: () => () => {}, add: async () => ({ ok: true }), grant: async () => true, remove: async () => {} },
    effective: {
      load: async () => effective,
      watch: (cb) => (effectiveListeners.add(cb), () => effectiveListeners.delete(cb)),
    },
    policy: { load: async () => o.policy ?? emptyManaged(false), watch: () => () => {} },
    feed: { requestAccess, watch: (cb) => (feedListeners.add(cb), () => feedListeners.delete(cb)) },
    breachLog: { load: loadBreachLog, watch: (cb) => breachLogItem.watch(() => void loadBreachLog().then(cb)) },
    background: background as unknown as OptionsServices['background'],
    download,
    now: () => o.now ?? new Date(),
    zone: () => 'Europe/Berlin',
    nav: {
      hash: () => hash,
      go: (h) => {
        hash = h === '#' ? '' : h;
        hashListeners.forEach((l) => l());
      },
      replaceHash: (h) => {
        hash = h;
      },
      onHashChange: (cb) => (hashListeners.add(cb), () => hashListeners.delete(cb)),
      guardUnload: () => () => {},
    },
  };
  return {
    services,
    background,
    download,
    requestAccess,
    hash: () => hash,
    settings: () => settings,
    setEffective(e: EffectiveContracts | null) {
      effective = e;
      effectiveListeners.forEach((l) => l(e));
    },
    feedChanged: () => feedListeners.forEach((l) => l()),
  };
}
