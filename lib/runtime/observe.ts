// Narrow DOM observation for helpdesk SPAs: records are batched into one callback per animation
// frame, and a circuit breaker disconnects when a page churns so hard that following it would cost
// the agent frames (Bitwarden's inline menu uses the same 100-callbacks-in-2-s rule).
import { guard } from './safely';

export type ObserverState = 'observing' | 'stopped' | 'tripped';

export interface ObserveOptions {
  signal?: AbortSignal;
  /** Attributes worth a re-read; observing all attributes forces layout work on busy pages. */
  attributeFilter?: string[];
  characterData?: boolean;
  /**
   * Ignore records that only insert these nodes (our own overlay host). Removals always count: a
   * helpdesk re-render that drops our host is something to react to.
   */
  ignore?: (node: Node) => boolean;
  /** Schedules the batch; defaults to the target window's requestAnimationFrame. */
  requestFrame?: (cb: () => void) => unknown;
  /** Clock for the breaker window; defaults to performance.now of the target window. */
  now?: () => number;
  maxBatches?: number;
  windowMs?: number;
  onStateChange?: (state: ObserverState) => void;
}

export interface DomObserver {
  readonly state: ObserverState;
  stop(): void;
}

export function observeDom(
  target: Node,
  onChange: (records: MutationRecord[]) => void,
  opts: ObserveOptions = {},
): DomObserver {
  const win = (target.ownerDocument ?? (target as Document)).defaultView;
  const MO = win?.MutationObserver ?? globalThis.MutationObserver;
  const requestFrame =
    opts.requestFrame ?? ((cb: () => void) => (win ? win.requestAnimationFrame(() => cb()) : setTimeout(cb, 16)));
  const now = opts.now ?? (() => (win?.performance ?? performance).now());
  const maxBatches = opts.maxBatches ?? 100;
  const windowMs = opts.windowMs ?? 2000;
  const deliver = guard('observer', onChange);

  let state: ObserverState = 'observing';
  let pending: MutationRecord[] = [];
  let scheduled = false;
  const batchTimes: number[] = [];

  const setState = (s: ObserverState) => {
    if (state !== 'observing') return;
    state = s;
    mo.disconnect();
    pending = [];
    opts.onStateChange?.(s);
  };

  const flush = () => {
    scheduled = false;
    if (state !== 'observing' || pending.length === 0) return;
    const t = now();
    batchTimes.push(t);
    while (batchTimes.length && (batchTimes[0] ?? t) <= t - windowMs) batchTimes.shift();
    if (batchTimes.length > maxBatches) {
      setState('tripped');
      return;
    }
    const records = pending;
    pending = [];
    deliver(records);
  };

  const ignore = opts.ignore;
  const relevant = (r: MutationRecord) =>
    !ignore ||
    r.type !== 'childList' ||
    r.removedNodes.length > 0 ||
    Array.from(r.addedNodes).some((n) => !ignore(n));

  const mo = new MO((records) => {
    if (state !== 'observing') return;
    const keep = records.filter(relevant);
    if (!keep.length) return;
    pending.push(...keep);
    if (!scheduled) {
      scheduled = true;
      requestFrame(flush);
    }
  });
  mo.observe(target, {
    childList: true,
    subtree: true,
    characterData: opts.characterData ?? true,
    ...(opts.attributeFilter?.length ? { attributes: true, attributeFilter: opts.attributeFilter } : {}),
  });

  const stop = () => setState('stopped');
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener('abort', stop, { once: true });

  return {
    get state() {
      return state;
    },
    stop,
  };
}
