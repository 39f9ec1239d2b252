// Adapters on demand. The content script carries only the URL table (lib/adapters/urls.ts); the one
// adapter a page needs is its own small script (entrypoints/adapter-<id>.ts). The content script asks
// the background for it, the background injects that file into the asking frame's content-script world
// (scripting.executeScript; the host permission that let the content script run covers it, static or
// granted at runtime for a custom domain), and the script registers the adapter on that world's
// globalThis (lib/adapters/registry.ts), where the loader takes it.
// Both sides live here so the message shape has one definition; the browser APIs come in as parameters.
import type { HelpdeskAdapter } from '../adapters/types';
import { registeredAdapter } from '../adapters/registry';
import { adapterIdFor, adapterScript, isAdapterId, type AdapterId } from '../adapters/urls';

export interface LoadAdapterMessage {
  type: 'load-adapter';
  id: AdapterId;
}

export type LoadAdapterReply = { ok: true } | { ok: false; error: string };

/** Only known ids pass: the id becomes a file name. */
export function parseLoadAdapter(msg: unknown): LoadAdapterMessage | null {
  if (!msg || typeof msg !== 'object' || (msg as { type?: unknown }).type !== 'load-adapter') return null;
  const id = (msg as { id?: unknown }).id;
  return isAdapterId(id) ? { type: 'load-adapter', id } : null;
}

// ---- background side ----

export interface ScriptInjector {
  executeScript(injection: { target: { tabId: number; frameIds: number[] }; files: string[] }): Promise<unknown>;
}

export interface AdapterRequestSender {
  tab?: { id?: number };
  frameId?: number;
}

/**
 * The background's `runtime.onMessage` listener body: undefined for other messages (so other listeners
 * answer them), else a promise of the reply. Injects into the sender's own tab and frame only.
 */
export function handleAdapterRequest(msg: unknown, sender: AdapterRequestSender, scripting: ScriptInjector): Promise<LoadAdapterReply> | undefined {
  if (!msg || typeof msg !== 'object' || (msg as { type?: unknown }).type !== 'load-adapter') return undefined;
  const req = parseLoadAdapter(msg);
  if (!req) return Promise.resolve({ ok: false, error: 'unknown adapter id' });
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) return Promise.resolve({ ok: false, error: 'the request did not come from a tab' });
  return scripting
    .executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [adapterScript(req.id)] })
    .then(
      (): LoadAdapterReply => ({ ok: true }),
      (e: unknown): LoadAdapterReply => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
}

// ---- content script side ----

export interface AdapterLoaderDeps {
  /** The content script world's globalThis, where injected adapter scripts register. */
  scope: object;
  /** runtime.sendMessage to the background. */
  send(msg: LoadAdapterMessage): Promise<unknown>;
}

/**
 * `adapterFor` for the controller: undefined at once when no helpdesk matches the URL, the adapter at
 * once when it is already loaded, else a promise of it (one request per id; a failed load is retried on
 * the next navigation). Adapters left on the global by an earlier instance of this script (extension
 * reloaded) are not trusted: each loader instance injects the current script once.
 */
export function createAdapterLoader(deps: AdapterLoaderDeps): (url: URL) => HelpdeskAdapter | undefined | Promise<HelpdeskAdapter> {
  const loaded = new Map<AdapterId, HelpdeskAdapter>();
  const loading = new Map<AdapterId, Promise<HelpdeskAdapter>>();

  const load = (id: AdapterId): Promise<HelpdeskAdapter> => {
    const known = loading.get(id);
    if (known) return known;
    const p = deps.send({ type: 'load-adapter', id }).then((reply) => {
      const r = reply as Partial<{ ok: boolean; error: unknown }> | undefined;
      if (r?.ok !== true) throw new Error(`could not load the ${id} adapter: ${typeof r?.error === 'string' ? r.error : 'no answer from the background'}`);
      const adapter = registeredAdapter(deps.scope, id);
      if (!adapter || adapter.id !== id) throw new Error(`the ${id} adapter script ran but registered no adapter`);
      loaded.set(id, adapter);
      return adapter;
    });
    loading.set(id, p);
    p.catch(() => loading.delete(id));
    return p;
  };

  return (url) => {
    const id = adapterIdFor(url);
    if (!id) return undefined;
    return loaded.get(id) ?? load(id);
  };
}
