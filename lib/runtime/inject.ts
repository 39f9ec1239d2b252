// Scripts injected on demand into the asking frame's content-script world (the reading-rules kit, the
// list-badge kit): the content script sends one message, the background injects one fixed file into the
// sender's own tab and frame, and the script registers a value on that world's globalThis, where the
// loader reads it. The helpdesk adapters (./adapter-loader.ts) follow the same path with an id per file.
// Browser APIs come in as parameters.

export type InjectReply = { ok: true } | { ok: false; error: string };

export interface InjectSender {
  tab?: { id?: number };
  frameId?: number;
}

export interface FileInjector {
  executeScript(injection: { target: { tabId: number; frameIds: number[] }; files: string[] }): Promise<unknown>;
}

/**
 * The background's `runtime.onMessage` listener body for messages of `type`: undefined for other messages
 * (so other listeners answer them), else a promise of the reply. The file is fixed here, never taken
 * from the message.
 */
export function injectOnRequest(type: string, file: string) {
  return (msg: unknown, sender: InjectSender, scripting: FileInjector): Promise<InjectReply> | undefined => {
    if (!msg || typeof msg !== 'object' || (msg as { type?: unknown }).type !== type) return undefined;
    const tabId = sender.tab?.id;
    if (typeof tabId !== 'number' || tabId < 0) return Promise.resolve({ ok: false, error: 'the request did not come from a tab' });
    return scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: [file] }).then(
      (): InjectReply => ({ ok: true }),
      (e: unknown): InjectReply => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };
}

export interface InjectedLoaderDeps<T, M extends string> {
  /** The content script world's globalThis, where the injected script registers. */
  scope: object;
  /** runtime.sendMessage to the background. */
  send(msg: { type: M }): Promise<unknown>;
  type: M;
  /** What the injected script registered on `scope`, if valid. */
  read(scope: object): T | undefined;
  /** For error messages, e.g. "the reading-rules kit". */
  what: string;
}

/** The content script's side: one request per page; a failed load is tried again on the next call. */
export function createInjectedLoader<T, M extends string>(deps: InjectedLoaderDeps<T, M>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (loading) return loading;
    const p = deps.send({ type: deps.type }).then((reply) => {
      const r = reply as { ok?: unknown; error?: unknown } | undefined;
      if (r?.ok !== true) throw new Error(`could not load ${deps.what}: ${typeof r?.error === 'string' ? r.error : 'no answer from the background'}`);
      const value = deps.read(deps.scope);
      if (value === undefined) throw new Error(`${deps.what} ran but registered nothing`);
      return value;
    });
    loading = p;
    p.catch(() => {
      if (loading === p) loading = null;
    });
    return p;
  };
}
