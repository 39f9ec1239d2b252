// Page side of test/bench/list.bench.ts: bundled into one script (vite, IIFE) and run in Chromium on a
// generated view, so the list badges are measured with a real DOM, real shadow roots and real layout.
// The bench drives the clock: every tick is a synchronous write of the `now` signal, timed here.
import { signal } from '@preact/signals';
import type { Contract } from '../../lib/contracts/model';
import { businessMinutesBetween } from '../../lib/business-time';
import { startListBadges } from '../../lib/list/badges';
import { BADGE_TAG } from '../../lib/list/render';
import { buildMatchIndex, matchTicket } from '../../lib/match';
import { DEFAULT_SETTINGS } from '../../lib/settings';

export interface FirstResult {
  /** navigate() → badges in the DOM (the scan after the stores resolved). */
  firstMs: number;
  /** navigate() → the frame that shows them has been produced (style, layout, paint of the hosts). */
  paintedMs: number;
  /** The scan alone, as the scheduler reports it. */
  scanMs: number;
  rows: number;
  badges: number;
}

/** After the frame that shows the current DOM: a message posted from its requestAnimationFrame callback. */
const afterFrame = () =>
  new Promise<void>((ok) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => ok();
      ch.port2.postMessage(0);
    }),
  );

let now = signal(new Date());
const abort = new AbortController();

const bench = {
  /** What the content script does in idle time once contracts arrive (entrypoints/content/deps.ts warmUp). */
  warm(contracts: Contract[], nowIso: string): number {
    const t = performance.now();
    const now = new Date(nowIso);
    for (const c of contracts) businessMinutesBetween(new Date(now.getTime() - 7 * 86_400_000), now, c.calendar);
    return performance.now() - t;
  },

  /** The page's own cost of a change in `count` id cells: a text node each, then the frame. */
  async baseline(count: number): Promise<number> {
    await afterFrame();
    const cells = Array.from(document.querySelectorAll('[data-test-id="generic-table-cells-id"]')).slice(0, count);
    const t = performance.now();
    for (const c of cells) c.append(document.createTextNode(' ·'));
    await afterFrame();
    return performance.now() - t;
  },

  async first(contracts: Contract[], watchReply: unknown, nowIso: string, url: string): Promise<FirstResult> {
    now = signal(new Date(nowIso));
    const scans: { rows: number; badges: number; ms: number }[] = [];
    const lists = startListBadges({
      doc: document,
      ticker: { now, hold: () => () => {} },
      signal: abort.signal,
      engines: { buildIndex: buildMatchIndex, match: matchTicket },
      contracts: { load: async () => contracts, watch: () => () => {} },
      settings: { load: async () => ({ ...DEFAULT_SETTINGS }), watch: () => () => {} },
      watchList: async () => watchReply,
      clock: () => now.value,
      onScan: (i) => scans.push(i),
    });
    const t0 = performance.now();
    lists.navigate(new URL(url));
    await lists.idle();
    const t1 = performance.now();
    await afterFrame();
    const t2 = performance.now();
    return { firstMs: t1 - t0, paintedMs: t2 - t0, scanMs: scans[0]?.ms ?? NaN, rows: scans[0]?.rows ?? 0, badges: document.querySelectorAll(BADGE_TAG).length };
  },

  /** `count` ticks `stepMs` apart from `fromIso`; returns each tick's duration (ms) and how many badge texts it changed. */
  ticks(fromIso: string, count: number, stepMs: number): { ms: number[]; changed: number[] } {
    const texts = () => Array.from(document.querySelectorAll(BADGE_TAG), (h) => h.shadowRoot?.textContent ?? '');
    const ms: number[] = [];
    const changed: number[] = [];
    const base = Date.parse(fromIso);
    let before = texts();
    for (let k = 0; k < count; k++) {
      const t = performance.now();
      now.value = new Date(base + k * stepMs);
      ms.push(performance.now() - t);
      const after = texts();
      changed.push(after.filter((x, i) => x !== before[i]).length);
      before = after;
    }
    return { ms, changed };
  },
};

(window as unknown as { listBench: typeof bench }).listBench = bench;
