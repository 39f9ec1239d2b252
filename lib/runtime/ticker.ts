// The one page-wide 1 Hz `now` signal. It only runs while someone holds it (an overlay is mounted)
// and the tab is visible; on becoming visible it ticks at once so clocks are never shown stale.
import { signal, type ReadonlySignal } from '@preact/signals';

export interface TickerOptions {
  doc: Document;
  /** Use ctx.setInterval so the timer dies with the content script. */
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (id: unknown) => void;
  clock: () => Date;
  signal?: AbortSignal;
  periodMs?: number;
}

export interface Ticker {
  readonly now: ReadonlySignal<Date>;
  readonly running: boolean;
  /** Start ticking for a consumer; call the returned function to release it. */
  hold(): () => void;
  dispose(): void;
}

export function createTicker(opts: TickerOptions): Ticker {
  const now = signal(opts.clock());
  const period = opts.periodMs ?? 1000;
  let holders = 0;
  let timer: unknown = null;
  let disposed = false;

  const tick = () => {
    now.value = opts.clock();
  };
  const visible = () => opts.doc.visibilityState !== 'hidden';
  const start = () => {
    if (timer !== null || disposed || holders === 0 || !visible()) return;
    tick();
    timer = opts.setInterval(tick, period);
  };
  const stop = () => {
    if (timer === null) return;
    opts.clearInterval(timer);
    timer = null;
  };
  const onVisibility = () => (visible() ? start() : stop());

  opts.doc.addEventListener('visibilitychange', onVisibility, { signal: opts.signal });
  const dispose = () => {
    disposed = true;
    stop();
    opts.doc.removeEventListener('visibilitychange', onVisibility);
  };
  opts.signal?.addEventListener('abort', dispose, { once: true });

  return {
    now,
    get running() {
      return timer !== null;
    },
    hold() {
      holders++;
      start();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders--;
        if (holders === 0) stop();
      };
    },
    dispose,
  };
}
