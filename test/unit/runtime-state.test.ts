import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayState } from '../../lib/runtime/state';
import { resetReported } from '../../lib/runtime/safely';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { NOW, contract, fakeEngines, fixedNow, snapshot } from './overlay-fixtures';

beforeEach(() => resetReported());

function make(results = {}, contracts = [contract()]) {
  const { engines, calls } = fakeEngines(results);
  const now = fixedNow();
  const state = createOverlayState(engines, { now, contracts, settings: { ...DEFAULT_SETTINGS } });
  state.snapshot.value = snapshot();
  return { state, now, calls, engines };
}

const tick = (now: { value: Date }, ms: number) => (now.value = new Date(now.value.getTime() + ms));

describe('createOverlayState', () => {
  it('builds the match index once per contract-set change, matches per minute, computes the SLA per tick', () => {
    const { state, now, calls } = make();
    const read = () => [state.match.value, state.sla.value, state.escalation.value];
    read();
    for (let i = 0; i < 10; i++) {
      tick(now, 1000);
      read();
    }
    expect(calls.buildIndex).toBe(1);
    expect(calls.match).toBe(1);
    expect(calls.sla).toBe(11);
    tick(now, 60_000);
    read();
    expect(calls.match).toBe(2);
    state.contracts.value = [contract(), contract({ id: 'b' })];
    read();
    expect(calls.buildIndex).toBe(2);
  });

  it('gives error results, not exceptions, when an engine throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { engines } = fakeEngines();
    engines.buildIndex = () => {
      throw new Error('bad index');
    };
    const state = createOverlayState(engines, { now: fixedNow(), contracts: [contract()] });
    state.snapshot.value = snapshot();
    expect(state.match.value).toEqual({ ok: false, error: 'bad index' });
    expect(state.contract.value).toBeNull();
    expect(state.sla.value).toBeNull();

    const { state: s2 } = make({
      sla: () => {
        throw new Error('bad sla');
      },
    });
    expect(s2.sla.value).toEqual({ ok: false, error: 'bad sla' });
    expect(s2.escalation.value).toBeNull();
  });

  it('passes the contract warn % before the agent default, and the observed history', () => {
    const { engines } = fakeEngines();
    const spy = vi.spyOn(engines, 'sla');
    const now = fixedNow();
    const state = createOverlayState(engines, { now, contracts: [contract({ warnPercent: 60 })], settings: { ...DEFAULT_SETTINGS, warnPercent: 80 } });
    state.snapshot.value = snapshot();
    const history = [{ status: 'Pending', at: NOW }];
    state.observedHistory.value = history;
    state.firstSeenAt.value = NOW;
    void state.sla.value;
    expect(spy.mock.calls.at(-1)![3]).toEqual({ warnPercent: 60, observedHistory: history, firstSeenAt: NOW });
    state.contracts.value = [contract()];
    void state.sla.value;
    expect(spy.mock.calls.at(-1)![3].warnPercent).toBe(80);
  });

  it('asks for an escalation only when the contract has a matrix', () => {
    const { engines } = fakeEngines();
    const spy = vi.spyOn(engines, 'escalate');
    const state = createOverlayState(engines, { now: fixedNow(), contracts: [contract()] });
    state.snapshot.value = snapshot();
    expect(state.escalation.value).toBeNull();
    state.contracts.value = [contract({ escalation: [{ name: 'T1', severities: ['sev2'], trigger: { type: 'breach' }, contacts: [] }] })];
    expect(state.escalation.value).toMatchObject({ ok: true });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('knows whether the requester is an authorised contact (null when it cannot tell)', () => {
    const { state } = make();
    expect(state.authorisedRequester.value).toBe(true);
    state.snapshot.value = snapshot({ requesterEmail: 'someone@acme.com' });
    expect(state.authorisedRequester.value).toBe(false);
    state.snapshot.value = snapshot({ requesterEmail: undefined });
    expect(state.authorisedRequester.value).toBeNull();
    state.contracts.value = [contract({ customer: { name: 'Acme Corp' } })];
    state.snapshot.value = snapshot({ requesterEmail: 'someone@acme.com' });
    expect(state.authorisedRequester.value).toBeNull();
  });
});
