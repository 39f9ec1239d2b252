import { describe, expect, it, vi } from 'vitest';
import { makeGetJson, mergeSnapshot, readLayered } from '../../../lib/adapters/read';
import type { HelpdeskAdapter, TicketSnapshot } from '../../../lib/adapters/types';

const URL_ = new URL('https://acme.example.test/ticket/7');
const doc = new DOMParser().parseFromString('<p>x</p>', 'text/html');

const page = (): TicketSnapshot => ({
  helpdesk: 'fake',
  ticketId: '7',
  subject: 'From the page',
  status: 'open',
  createdAt: new Date('2026-11-02T10:00:00Z'),
  sources: { ticketId: 'url', subject: 'dom', status: 'dom', createdAt: 'dom' },
});

function fakeAdapter(over: Partial<HelpdeskAdapter> = {}): HelpdeskAdapter {
  return { id: 'fake', label: 'Fake', matches: () => true, readTicket: () => page(), anchor: () => null, ...over };
}

const noJson = async () => {
  throw new Error('not called');
};

describe('readLayered', () => {
  it('returns the page snapshot when the adapter has no enrich', async () => {
    expect(await readLayered(fakeAdapter(), doc, URL_, noJson)).toEqual(page());
  });

  it('returns null and reports the reason when readTicket throws', async () => {
    const onError = vi.fn();
    const a = fakeAdapter({
      readTicket: () => {
        throw new TypeError('boom');
      },
    });
    expect(await readLayered(a, doc, URL_, noJson, { onError })).toBeNull();
    expect(onError).toHaveBeenCalledWith('fake: page: boom');
  });

  it('returns null without calling enrich when the page is not a ticket', async () => {
    const enrich = vi.fn(async () => ({}));
    expect(await readLayered(fakeAdapter({ readTicket: () => null, enrich }), doc, URL_, noJson)).toBeNull();
    expect(enrich).not.toHaveBeenCalled();
  });

  it('lets API fields win and marks them api, keeps the rest from the page', async () => {
    const a = fakeAdapter({
      enrich: async (_s, getJson) => {
        const t = (await getJson('/api/t/7')) as { status: string; created: string };
        return { status: t.status, createdAt: new Date(t.created), requesterEmail: 'jane@northwind.example', sources: { status: 'api' } };
      },
    });
    const getJson = vi.fn(async () => ({ status: 'pending', created: '2026-11-02T09:58:00Z' }));
    const s = await readLayered(a, doc, URL_, getJson);
    expect(getJson).toHaveBeenCalledWith('/api/t/7');
    expect(s).toEqual({
      ...page(),
      status: 'pending',
      createdAt: new Date('2026-11-02T09:58:00Z'),
      requesterEmail: 'jane@northwind.example',
      sources: { ticketId: 'url', subject: 'dom', status: 'api', createdAt: 'api', requesterEmail: 'api' },
    });
  });

  it('gives enrich a copy, so a throwing enrich cannot half-change the page snapshot', async () => {
    const a = fakeAdapter({
      enrich: async (s) => {
        s.subject = 'mutated';
        s.sources!.subject = 'api';
        throw new Error('HTTP 403 for /api/t/7');
      },
    });
    const s = await readLayered(a, doc, URL_, noJson);
    expect(s).toEqual({ ...page(), problems: ['api: HTTP 403 for /api/t/7; used the page'] });
  });

  it('uses the page when the API is slower than the limit', async () => {
    vi.useFakeTimers();
    try {
      const a = fakeAdapter({ enrich: () => new Promise(() => {}) });
      const pending = readLayered(a, doc, URL_, noJson, { timeoutMs: 2500 });
      await vi.advanceTimersByTimeAsync(2499);
      let settled = false;
      void pending.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toEqual({ ...page(), problems: ['api: timed out after 2500 ms; used the page'] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps problems the adapter reported and drops values of the wrong type', async () => {
    const a = fakeAdapter({
      enrich: async () =>
        ({
          subject: 42,
          createdAt: new Date('garbage'),
          lastAgentReplyAt: '2026-11-02',
          statusHistory: [{ status: 'open', at: new Date('2026-11-02T10:00:00Z') }, { status: 3, at: new Date() }, null],
          ticketId: 'other',
          helpdesk: 'other',
          problems: ['api: /api/t/7/history: HTTP 500 for /api/t/7/history', 7],
        }) as unknown as Partial<TicketSnapshot>,
    });
    const s = await readLayered(a, doc, URL_, noJson);
    expect(s).toEqual({
      ...page(),
      statusHistory: [{ status: 'open', at: new Date('2026-11-02T10:00:00Z') }],
      sources: { ...page().sources, statusHistory: 'api' },
      problems: ['api: /api/t/7/history: HTTP 500 for /api/t/7/history'],
    });
  });
});

describe('mergeSnapshot', () => {
  it('never lets the API change the ticket id or the helpdesk', () => {
    const s = mergeSnapshot(page(), { ticketId: '8', helpdesk: 'zendesk', priority: 'High' });
    expect([s.ticketId, s.helpdesk, s.priority, s.sources?.priority]).toEqual(['7', 'fake', 'High', 'api']);
  });
});

function fakeFetch(res: { status?: number; body?: unknown; type?: string; url?: string } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const status = res.status ?? 200;
    return {
      ok: status >= 200 && status < 300,
      status,
      url: res.url ?? url,
      headers: new Headers({ 'content-type': res.type ?? 'application/json; charset=utf-8' }),
      json: async () => res.body ?? { ok: true },
    } as unknown as Response;
  }) as unknown as typeof fetch;
  return { impl, calls };
}

describe('makeGetJson', () => {
  it('GETs the path on the bound origin, read-only, with the session cookie and JSON accept', async () => {
    const { impl, calls } = fakeFetch({ body: { id: 7 } });
    const getJson = makeGetJson('https://acme.example.test/agent/tickets/7', impl);
    expect(await getJson('/api/v2/tickets/7.json?include=users', { headers: { 'X-Csrf': 't', Accept: 'text/html' } })).toEqual({ id: 7 });
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe('https://acme.example.test/api/v2/tickets/7.json?include=users');
    expect(init.method).toBe('GET');
    expect(init.credentials).toBe('same-origin');
    expect(init.mode).toBe('same-origin');
    expect(init.headers).toEqual({ 'X-Csrf': 't', Accept: 'application/json' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    ['https://evil.example/x'],
    ['//evil.example/x'],
    ['/\\evil.example/x'],
    ['api/relative'],
    [''],
    ['/a b'],
  ])('refuses %j without fetching', async (path) => {
    const { impl, calls } = fakeFetch();
    await expect(makeGetJson('https://acme.example.test', impl)(path)).rejects.toThrow(/refused path/);
    expect(calls).toHaveLength(0);
  });

  it('rejects non-2xx with the status and the path', async () => {
    const { impl } = fakeFetch({ status: 403 });
    await expect(makeGetJson('https://acme.example.test', impl)('/api/x?y=1')).rejects.toThrow('HTTP 403 for /api/x?y=1');
  });

  it('rejects an HTML login page served with 200', async () => {
    const { impl } = fakeFetch({ type: 'text/html; charset=utf-8' });
    await expect(makeGetJson('https://acme.example.test', impl)('/api/x')).rejects.toThrow('not JSON (text/html) for /api/x');
  });

  it('rejects a response that was redirected to another origin', async () => {
    const { impl } = fakeFetch({ url: 'https://login.example/sso' });
    await expect(makeGetJson('https://acme.example.test', impl)('/api/x')).rejects.toThrow('redirected to another origin for /api/x');
  });

  it('refuses to bind to a non-http origin', () => {
    expect(() => makeGetJson('data:text/plain,hi', fakeFetch().impl)).toThrow(/not an http\(s\) origin/);
  });

  it('aborts a request that outlives its own limit', async () => {
    vi.useFakeTimers();
    try {
      let seen: AbortSignal | undefined;
      const impl = ((_: string, init: RequestInit) =>
        new Promise((_, reject) => {
          seen = init.signal!;
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason));
        })) as unknown as typeof fetch;
      const p = makeGetJson('https://acme.example.test', impl, { timeoutMs: 50 })('/api/slow');
      const check = expect(p).rejects.toThrow();
      await vi.advanceTimersByTimeAsync(60);
      await check;
      expect(seen?.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
