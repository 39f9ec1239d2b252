// Adapters loaded on demand meet the content script here: an adapter script (entrypoints/adapter-<id>.ts),
// injected into the content script's world of one frame, puts its adapter on that world's global object,
// and the content script's loader takes it from there. Page scripts never see that world's globals.
import type { HelpdeskAdapter } from './types';

export const REGISTRY_KEY = '__slaLensAdapters';

type Registry = Record<string, HelpdeskAdapter>;

const registryOf = (scope: object): Registry | undefined => {
  const r = (scope as Record<string, unknown>)[REGISTRY_KEY];
  return r && typeof r === 'object' ? (r as Registry) : undefined;
};

/** Called by an adapter script with its world's globalThis. */
export function registerAdapter(scope: object, adapter: HelpdeskAdapter): void {
  let r = registryOf(scope);
  if (!r) {
    r = Object.create(null) as Registry;
    (scope as Record<string, unknown>)[REGISTRY_KEY] = r;
  }
  r[adapter.id] = adapter;
}

export function registeredAdapter(scope: object, id: string): HelpdeskAdapter | undefined {
  const a = registryOf(scope)?.[id];
  return a && typeof a.readTicket === 'function' && typeof a.anchor === 'function' ? a : undefined;
}
