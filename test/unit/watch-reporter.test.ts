import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayState } from '../../lib/runtime/state';
import { resetReported } from '../../lib/runtime/safely';
import { KEEPALIVE_MS, startWatchReporter } from '../../lib/runtime/watch-reporter';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { clock, contract, fakeEngines, fixedNow, sla, snapshot } from './overlay-fixtures';

beforeEach(() => resetReported());

function setup(results: Parameters<typeof fakeEngines>[0] = {}) {
  const { engines } = fakeEngines(results);
  const now = fixedNow();
  const state = createOverlayState(engines, { now, contracts: [contract()], settings: { ...DEFAULT_SETTINGS } });
  state.snapshot.value = snapshot();
  state.ticketUrl.value = 'https://acme.zendesk.com/agent/tickets/101';
  let t = now.value.getTime();
  const send = vi.fn(async (_m: unknown) => ({ ok: true }));
  return { state, now, send, at: () => t, advance: (ms: number) => { t += ms; now.value = new Date(t); } };
}

describe('watch reporter', () => {
  it('sends nothing until the ticket is read, then one update with the clocks and the ticket link', () => {
    const { state, send, at } = setup();
    const stop = startWatchReporter(state, send, at);
    expect(send).not.toHaveBeenCalled();
    state.phase.value = 'ready';
    expect(send).toHaveBeenCalledTimes(1);
    const msg = send.mock.calls[0]![0] as { type: string; ticket: { url: string; contractId: string; clocks: { kind: string }[] } };
    expect(msg.type).toBe('watch:update');
    expect(msg.ticket.url).toBe('https://acme.zendesk.com/agent/tickets/101');
    expect(msg.ticket.contractId).toBe('acme');
    expect(msg.ticket.clocks.map((c) => c.kind)).toEqual(['firstResponse', 'resolution']);
    stop();
  });

  it('does not resend every tick; resends on a state change and as a keep-alive', () => {
    let state2 = false;
    let elapsedMin = 0;
    // A running clock whose time left shrinks as now moves on, like the real engine's.
    const { state, send, at, advance } = setup({
      sla: () => sla([clock('firstResponse', { minutesLeft: 600 - elapsedMin, elapsedFraction: elapsedMin / 600, ...(state2 ? { state: 'atRisk' } : {}) })]),
    });
    const tick = advance;
    const advanceBy = (ms: number) => { elapsedMin += ms / 60_000; tick(ms); };
    const stop = startWatchReporter(state, send, at);
    state.phase.value = 'ready';
    for (let i = 0; i < 30; i++) advanceBy(1000);
    expect(send).toHaveBeenCalledTimes(1);
    state2 = true;
    advanceBy(1000);
    expect(send).toHaveBeenCalledTimes(2);
    advanceBy(KEEPALIVE_MS);
    expect(send).toHaveBeenCalledTimes(3);
    stop();
    advanceBy(KEEPALIVE_MS);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('sends no update for a ticket without a contract', () => {
    const { state, send, at } = setup({ match: () => ({ kind: 'none', domain: 'x.example' }) });
    const stop = startWatchReporter(state, send, at);
    state.phase.value = 'ready';
    expect(send).not.toHaveBeenCalled();
    stop();
  });
});
