// Tells the background about the ticket this overlay shows, so it can warn before a breach when
// nobody is looking (watched tickets, alarms, notifications, badge) and the popup can show it.
// Sends only when the watch signature changes, plus a keep-alive so the ticket is not pruned.
import { effect } from '@preact/signals';
import { watchSignature, watchUpdateFromSla } from '../watch/from-sla';
import type { WatchUpdate } from '../watch/types';
import { safely } from './safely';
import type { OverlayState } from './state';

export const KEEPALIVE_MS = 5 * 60_000;

export type WatchSender = (msg: { type: 'watch:update'; ticket: WatchUpdate }) => Promise<unknown>;

/** Starts reporting; returns the stop function (call it when the mount goes away). */
export function startWatchReporter(state: OverlayState, send: WatchSender, clock: () => number = Date.now): () => void {
  let lastSig = '';
  let lastSent = 0;
  return effect(() => {
    const sla = state.sla.value;
    const contract = state.contract.value;
    const snapshot = state.snapshot.value;
    const url = state.ticketUrl.value;
    const now = state.now.value;
    const settings = state.settings.value;
    if (!sla?.ok || !contract || !snapshot || state.phase.value !== 'ready') return;
    const update = safely('watch:build', () =>
      watchUpdateFromSla({ snapshot, contract, sla: sla.value, url, now, warnPercent: contract.warnPercent ?? settings.warnPercent }),
    null);
    if (!update) return;
    const sig = watchSignature(update);
    const t = clock();
    if (sig === lastSig && t - lastSent < KEEPALIVE_MS) return;
    lastSig = sig;
    lastSent = t;
    void send({ type: 'watch:update', ticket: update }).catch(() => {
      // The background may be restarting; the next change or keep-alive sends again.
      lastSig = '';
    });
  });
}
