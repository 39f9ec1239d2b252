// Error containment: nothing we run may throw into the helpdesk page. Failures are logged once per
// stack (a broken selector on every mutation would otherwise flood the console) and turned into a
// fallback value or an error result the overlay can render.

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

const PREFIX = '[sla-lens]';
const seen = new Set<string>();
let invalidatedWarned = false;

/** After an extension reload every browser.* call throws this; it is expected, not a bug. */
export function isContextInvalidated(error: unknown): boolean {
  return /Extension context invalidated/i.test(messageOf(error));
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** Log an error tagged with the feature id, once per (id, stack). */
export function report(id: string, error: unknown): void {
  try {
    if (isContextInvalidated(error)) {
      if (!invalidatedWarned) {
        invalidatedWarned = true;
        console.warn(`${PREFIX} the extension was reloaded; reload the page to see SLA Lens again`);
      }
      return;
    }
    const key = `${id}\n${error instanceof Error ? (error.stack ?? error.message) : messageOf(error)}`;
    if (seen.has(key)) return;
    if (seen.size > 500) seen.clear();
    seen.add(key);
    console.error(`${PREFIX} ${id}:`, error);
  } catch {
    /* logging must never be the thing that throws */
  }
}

/** Run fn; on a throw, log once and return an error result. */
export function attempt<T>(id: string, fn: () => T): Attempt<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    report(id, error);
    return { ok: false, error: messageOf(error) };
  }
}

export function safely<T>(id: string, fn: () => T, fallback: T): T {
  const r = attempt(id, fn);
  return r.ok ? r.value : fallback;
}

export async function attemptAsync<T>(id: string, fn: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    report(id, error);
    return { ok: false, error: messageOf(error) };
  }
}

export async function safelyAsync<T>(id: string, fn: () => Promise<T>, fallback: T): Promise<T> {
  const r = await attemptAsync(id, fn);
  return r.ok ? r.value : fallback;
}

/** Wrap a callback (event handler, observer callback) so it can never throw. */
export function guard<A extends unknown[]>(id: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    attempt(id, () => fn(...args));
  };
}

/**
 * Swallow unhandled rejections and errors whose stack comes from our extension (and only those: the
 * page's own errors are none of our business). `marker` is the extension origin, e.g.
 * "chrome-extension://abcdef".
 */
export function installErrorFilter(win: Window, marker: string, signal: AbortSignal): void {
  if (!marker) return;
  const ours = (e: unknown) => e instanceof Error && typeof e.stack === 'string' && e.stack.includes(marker);
  win.addEventListener(
    'unhandledrejection',
    (ev: PromiseRejectionEvent) => {
      if (!ours(ev.reason)) return;
      ev.preventDefault();
      report('unhandled', ev.reason);
    },
    { signal },
  );
  win.addEventListener(
    'error',
    (ev: ErrorEvent) => {
      if (!ours(ev.error)) return;
      ev.preventDefault();
      report('uncaught', ev.error);
    },
    { signal },
  );
}

/** Test hook: forget what was logged. */
export function resetReported(): void {
  seen.clear();
  invalidatedWarned = false;
}
