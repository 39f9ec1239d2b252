import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { attempt, guard, installErrorFilter, report, resetReported, safely, safelyAsync } from '../../lib/runtime/safely';
import { observeDom } from '../../lib/runtime/observe';
import { createTicker } from '../../lib/runtime/ticker';
import { createStatusLog } from '../../lib/runtime/history';
import { copyText } from '../../lib/runtime/clipboard';
import { optionsPrefillHash, parseOpenOptions } from '../../lib/runtime/messages';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, updateSettings } from '../../lib/settings';

beforeEach(() => {
  resetReported();
  fakeBrowser.reset();
});

describe('safely', () => {
  it('returns the value, or the fallback after logging once per stack with the feature id', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(safely('x', () => 42, 0)).toBe(42);
    const boom = new Error('boom');
    const thrower = () => {
      throw boom;
    };
    expect(safely('reader', thrower, 'fallback')).toBe('fallback');
    expect(safely('reader', thrower, 'fallback')).toBe('fallback');
    expect(err).toHaveBeenCalledTimes(1);
    expect(err.mock.calls[0]![0]).toBe('[sla-lens] reader:');
    expect(err.mock.calls[0]![1]).toBe(boom);
    // Same error, other feature: logged again.
    safely('other', thrower, null);
    expect(err).toHaveBeenCalledTimes(2);
  });

  it('is quiet about "Extension context invalidated" (one warning, no error)', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (let i = 0; i < 3; i++)
      safely(`f${i}`, () => {
        throw new Error('Extension context invalidated.');
      }, null);
    expect(err).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('attempt gives an error result; the async variant catches rejections', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(attempt('a', () => JSON.parse('{'))).toMatchObject({ ok: false });
    expect(await safelyAsync('b', () => Promise.reject(new Error('no')), 'fb')).toBe('fb');
    expect(await safelyAsync('c', async () => 'yes', 'fb')).toBe('yes');
    const g = guard('handler', () => {
      throw new Error('in handler');
    });
    expect(() => g()).not.toThrow();
  });

  it('the error filter swallows only rejections whose stack is ours', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const ac = new AbortController();
    installErrorFilter(window, 'chrome-extension://abc', ac.signal);
    const ours = new Error('ours');
    ours.stack = 'Error: ours\n    at f (chrome-extension://abc/content-scripts/content.js:1:1)';
    const theirs = new Error('theirs');
    theirs.stack = 'Error: theirs\n    at g (https://acme.zendesk.com/app.js:1:1)';
    const fire = (reason: Error) => {
      const ev = new Event('unhandledrejection', { cancelable: true }) as PromiseRejectionEvent;
      Object.defineProperty(ev, 'reason', { value: reason });
      window.dispatchEvent(ev);
      return ev.defaultPrevented;
    };
    expect(fire(ours)).toBe(true);
    expect(fire(theirs)).toBe(false);
    ac.abort();
    expect(fire(ours)).toBe(false);
  });

  it('report never throws, even for odd values', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const weird = { toString: () => { throw new Error('nope'); } };
    expect(() => report('odd', weird)).not.toThrow();
  });
});

describe('observeDom', () => {
  const frames = () => {
    const queue: (() => void)[] = [];
    return {
      requestFrame: (cb: () => void) => queue.push(cb),
      run: () => queue.splice(0).forEach((cb) => cb()),
      get size() {
        return queue.length;
      },
    };
  };
  const flushMutations = () => new Promise((r) => setTimeout(r, 0));

  it('batches all mutations of a frame into one callback', async () => {
    const f = frames();
    const root = document.createElement('div');
    document.body.append(root);
    const onChange = vi.fn();
    observeDom(root, onChange, { requestFrame: f.requestFrame });
    root.append(document.createElement('span'));
    root.append(document.createElement('span'));
    await flushMutations();
    root.append(document.createElement('span'));
    await flushMutations();
    expect(f.size).toBe(1);
    expect(onChange).not.toHaveBeenCalled();
    f.run();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls[0]![0].length).toBe(3);
    root.remove();
  });

  it('ignores records that only insert ignored nodes (our own host), not their removal', async () => {
    const f = frames();
    const root = document.createElement('div');
    document.body.append(root);
    const onChange = vi.fn();
    observeDom(root, onChange, { requestFrame: f.requestFrame, ignore: (n) => n.nodeName === 'SLA-LENS-OVERLAY' });
    const ours = document.createElement('sla-lens-overlay');
    root.append(ours);
    await flushMutations();
    expect(f.size).toBe(0);
    root.append(document.createElement('p'));
    await flushMutations();
    f.run();
    expect(onChange).toHaveBeenCalledTimes(1);
    ours.remove();
    await flushMutations();
    f.run();
    expect(onChange).toHaveBeenCalledTimes(2);
    root.remove();
  });

  it('only watches the listed attributes', async () => {
    const f = frames();
    const root = document.createElement('div');
    document.body.append(root);
    const onChange = vi.fn();
    observeDom(root, onChange, { requestFrame: f.requestFrame, attributeFilter: ['hidden'] });
    root.setAttribute('class', 'busy');
    await flushMutations();
    expect(f.size).toBe(0);
    root.setAttribute('hidden', '');
    await flushMutations();
    expect(f.size).toBe(1);
    root.remove();
  });

  it('trips the circuit breaker after more than 100 batches in 2 s, and stops on abort', async () => {
    const f = frames();
    let t = 0;
    const root = document.createElement('div');
    document.body.append(root);
    const onChange = vi.fn();
    const states: string[] = [];
    const obs = observeDom(root, onChange, {
      requestFrame: f.requestFrame,
      now: () => t,
      onStateChange: (s) => states.push(s),
    });
    for (let i = 0; i < 101; i++) {
      root.append(document.createElement('i'));
      await flushMutations();
      t += 16; // one frame each: 101 batches in 1.6 s
      f.run();
    }
    expect(obs.state).toBe('tripped');
    expect(states).toEqual(['tripped']);
    expect(onChange).toHaveBeenCalledTimes(100);
    root.append(document.createElement('i'));
    await flushMutations();
    expect(f.size).toBe(0);

    // A steady but slow page (one batch per 50 ms) never trips.
    const ac = new AbortController();
    const slow = observeDom(root, () => {}, { requestFrame: f.requestFrame, now: () => t, signal: ac.signal });
    for (let i = 0; i < 150; i++) {
      root.append(document.createElement('i'));
      await flushMutations();
      t += 50;
      f.run();
    }
    expect(slow.state).toBe('observing');
    ac.abort();
    expect(slow.state).toBe('stopped');
    root.remove();
  });

  it('a throwing callback is contained and the observer keeps going', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const f = frames();
    const root = document.createElement('div');
    document.body.append(root);
    let calls = 0;
    observeDom(root, () => {
      calls++;
      throw new Error('adapter bug');
    }, { requestFrame: f.requestFrame });
    for (let i = 0; i < 2; i++) {
      root.append(document.createElement('b'));
      await flushMutations();
      expect(() => f.run()).not.toThrow();
    }
    expect(calls).toBe(2);
    root.remove();
  });
});

describe('createTicker', () => {
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-03T10:00:00Z'));
    let visibility: DocumentVisibilityState = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    const setVisibility = (v: DocumentVisibilityState) => {
      visibility = v;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const ac = new AbortController();
    const ticker = createTicker({
      doc: document,
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
      clock: () => new Date(),
      signal: ac.signal,
    });
    return { ticker, setVisibility, ac };
  };

  it('ticks at 1 Hz only while held', () => {
    const { ticker, ac } = setup();
    const start = ticker.now.value.getTime();
    vi.advanceTimersByTime(5000);
    expect(ticker.running).toBe(false);
    expect(ticker.now.value.getTime()).toBe(start);
    const release = ticker.hold();
    vi.advanceTimersByTime(3000);
    expect(ticker.now.value.getTime()).toBe(start + 8000);
    const seen: number[] = [];
    const unsub = ticker.now.subscribe((d) => seen.push(d.getTime()));
    vi.advanceTimersByTime(2000);
    expect(seen.slice(1)).toEqual([start + 9000, start + 10000]);
    unsub();
    release();
    expect(ticker.running).toBe(false);
    ac.abort();
  });

  it('pauses while the tab is hidden and ticks at once when it is visible again', () => {
    const { ticker, setVisibility, ac } = setup();
    ticker.hold();
    const t0 = ticker.now.value.getTime();
    setVisibility('hidden');
    expect(ticker.running).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(ticker.now.value.getTime()).toBe(t0);
    setVisibility('visible');
    expect(ticker.running).toBe(true);
    expect(ticker.now.value.getTime()).toBe(t0 + 60_000);
    ac.abort();
    expect(ticker.running).toBe(false);
    setVisibility('hidden');
    setVisibility('visible');
    expect(ticker.running).toBe(false);
  });

  it('does not start while hidden', () => {
    const { ticker, setVisibility, ac } = setup();
    setVisibility('hidden');
    ticker.hold();
    expect(ticker.running).toBe(false);
    setVisibility('visible');
    expect(ticker.running).toBe(true);
    ac.abort();
  });
});

describe('status log', () => {
  it('records first sighting and only real transitions, per ticket', () => {
    const log = createStatusLog();
    const t = (m: number) => new Date(Date.UTC(2025, 0, 1, 10, m));
    log.observe('zendesk:1', 'Open', t(0));
    log.observe('zendesk:1', 'open ', t(1));
    log.observe('zendesk:2', 'Pending', t(2));
    const l = log.observe('zendesk:1', 'Pending', t(3));
    expect(l.firstSeenAt).toEqual(t(0));
    expect(l.entries).toEqual([
      { status: 'Open', at: t(0) },
      { status: 'Pending', at: t(3) },
    ]);
    expect(log.get('zendesk:2')!.entries).toHaveLength(1);
  });

  it('caps the number of tickets', () => {
    const log = createStatusLog(2);
    for (const id of ['a', 'b', 'c']) log.observe(id, 'open', new Date(0));
    expect(log.get('a')).toBeUndefined();
    expect(log.get('c')).toBeDefined();
  });
});

describe('clipboard', () => {
  it('uses the async clipboard, else the textarea fallback', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    expect(await copyText('note', { clipboard: { writeText } })).toBe(true);
    expect(writeText).toHaveBeenCalledWith('note');

    const container = document.createElement('div');
    document.body.append(container);
    const exec = vi.fn().mockReturnValue(true);
    (document as unknown as { execCommand: unknown }).execCommand = exec;
    const denied = { writeText: vi.fn().mockRejectedValue(new Error('denied')) };
    expect(await copyText('note', { clipboard: denied, container })).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(container.children).toHaveLength(0);
    expect(await copyText('note', { clipboard: denied })).toBe(false);
    container.remove();
  });
});

describe('open-options message', () => {
  it('accepts only well-formed prefills and encodes them', () => {
    expect(parseOpenOptions({ type: 'other' })).toBeNull();
    expect(parseOpenOptions(null)).toBeNull();
    const m = parseOpenOptions({ type: 'open-options', prefill: { domain: 'Acme.COM', name: 'Acme & Co' } })!;
    expect(m.prefill).toEqual({ domain: 'acme.com', name: 'Acme & Co' });
    expect(optionsPrefillHash(m.prefill)).toBe('#new?domain=acme.com&name=Acme+%26+Co');
    expect(parseOpenOptions({ type: 'open-options', prefill: { domain: 'javascript:alert(1)' } })!.prefill).toEqual({});
    expect(optionsPrefillHash({})).toBe('#new');
  });
});

describe('settings', () => {
  it('defaults what is missing or invalid', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    const s = normalizeSettings({ warnPercent: 250, hour12: 'yes', theme: 'dark', collapsed: false, notifications: { atRisk: true } });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', collapsed: false, notifications: { ...DEFAULT_SETTINGS.notifications, atRisk: true } });
    expect(normalizeSettings({ warnPercent: 80, hour12: false }).warnPercent).toBe(80);
    expect(normalizeSettings({ hour12: false }).hour12).toBe(false);
  });

  it('lives in sync storage and merges updates', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    await updateSettings({ collapsed: false });
    await updateSettings({ theme: 'light' });
    expect(await fakeBrowser.storage.sync.get('settings')).toMatchObject({ settings: { collapsed: false, theme: 'light', warnPercent: 75 } });
  });
});
