// List badges on demand. The badge code (readers, clocks, rendering, scheduler: ./badges.ts and what it
// imports) is its own script, the "list kit" (entrypoints/list-kit.ts), injected by the background into
// the asking frame's content-script world like the reading-rules kit (lib/runtime/inject.ts). The content
// script keeps this module: the URL check (./urls.ts), the message, and a stand-in that loads the kit on
// the first list page and forwards navigations to it. Imports no badge code (types only).
import type { ListBadgeDeps, ListBadges } from './badges';
import { createInjectedLoader, injectOnRequest } from '../runtime/inject';

export interface ListKit {
  kitVersion: 1;
  startListBadges(deps: ListBadgeDeps): ListBadges;
}

export const LIST_KIT_KEY = '__slaLensListKit';
export const LIST_KIT_SCRIPT = '/list-kit.js';
export const LOAD_LIST_KIT = 'load-list-kit';

export function registerListKit(scope: object, kit: ListKit): void {
  (scope as Record<string, unknown>)[LIST_KIT_KEY] = kit;
}

export function listKitOf(scope: object): ListKit | undefined {
  const k = (scope as Record<string, unknown>)[LIST_KIT_KEY] as Partial<ListKit> | undefined;
  return k && k.kitVersion === 1 && typeof k.startListBadges === 'function' ? (k as ListKit) : undefined;
}

/** The background's onMessage body for the kit: injects it into the asking tab and frame only. */
export const handleListKitRequest = injectOnRequest(LOAD_LIST_KIT, LIST_KIT_SCRIPT);

/** The content script's side: the kit once per page (a failed load is tried again on the next call). */
export function createListKitLoader(deps: { scope: object; send(msg: { type: typeof LOAD_LIST_KIT }): Promise<unknown> }): () => Promise<ListKit> {
  return createInjectedLoader({ ...deps, type: LOAD_LIST_KIT, read: listKitOf, what: 'the list-badge kit' });
}

export interface LazyListDeps {
  isListUrl(url: URL): boolean;
  loadKit(): Promise<ListKit>;
  /** Starts the badges once the kit is there (the same deps as a bundled start). */
  start(kit: ListKit): Pick<ListBadges, 'navigate'>;
  /** Ends everything: a kit arriving after it starts nothing. */
  signal: AbortSignal;
  onError(error: unknown): void;
}

/**
 * `navigate` for the controller: nothing loads until a list page is seen; then the kit loads, the badges
 * start and get the latest URL navigated to meanwhile, and every later navigation goes straight to them.
 * A failed load is tried again on the next list page.
 */
export function lazyListBadges(deps: LazyListDeps): Pick<ListBadges, 'navigate'> {
  let badges: Pick<ListBadges, 'navigate'> | null = null;
  let latest: URL | null = null;
  let loading = false;
  return {
    navigate(url) {
      if (badges) return badges.navigate(url);
      latest = url;
      if (loading || deps.signal.aborted || !deps.isListUrl(url)) return;
      loading = true;
      deps.loadKit().then(
        (kit) => {
          loading = false;
          if (deps.signal.aborted || badges) return;
          try {
            badges = deps.start(kit);
          } catch (e) {
            deps.onError(e);
            return;
          }
          if (latest) badges.navigate(latest);
        },
        (e: unknown) => {
          loading = false;
          deps.onError(e);
        },
      );
    },
  };
}
