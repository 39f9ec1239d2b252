// @vitest-environment node
// The contract feed against a real local HTTPS server: good, 304, changed, malformed, invalid, slow,
// oversized and HTML answers. After every failure the last good version must still be there.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground, ALARMS } from '../../lib/background';
import { checkFeedUrl, emptyFeedState, loadFeedState, refreshFeed, type FeedState, type FetchLike } from '../../lib/feed';
import { loadEffectiveContracts } from '../../lib/managed';
import { httpsFetch, startFeedServer, type FeedServer } from './feed-server';
import { sampleContracts } from './watch-fixtures';

let server: FeedServer;
let fetchFn: FetchLike;
const now = new Date('2026-11-20T10:00:00Z');

const fileOf = (contracts: unknown[]) => JSON.stringify({ format: 'sla-lens/contracts', version: 1, contracts });
const v1 = fileOf(sampleContracts.slice(0, 2));
const v2 = fileOf([{ ...sampleContracts[0]!, tier: 'Enterprise Plus' }, sampleContracts[2]!]);

function serveJson(res: ServerResponse, body: string, etag?: string) {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(etag ? { ETag: etag } : {}) }).end(body);
}

/** A feed whose content the test switches; answers 304 to a matching If-None-Match. */
let live = { body: v1, etag: '"v1"' };

beforeAll(async () => {
  server = await startFeedServer();
  fetchFn = httpsFetch(server.ca);
  server.route('/feed.json', (req, res) => {
    if (req.headers['if-none-match'] === live.etag) res.writeHead(304, { ETag: live.etag }).end();
    else serveJson(res, live.body, live.etag);
  });
  server.route('/no-etag.json', (_req, res) => serveJson(res, v1));
  server.route('/malformed.json', (_req, res) => serveJson(res, '{"format": "sla-lens/contracts", "version": 1,\n "contracts": [ {"id": "x",'));
  server.route('/invalid.json', (_req, res) => serveJson(res, fileOf([{ ...sampleContracts[0]!, tier: '' }, { ...sampleContracts[1]!, warnPercent: 150 }])));
  server.route('/slow.json', (_req, res) => void setTimeout(() => serveJson(res, v1), 3000));
  server.route('/slow-body.json', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(v1.slice(0, 10));
    setTimeout(() => res.end(v1.slice(10)), 3000);
  });
  server.route('/huge.json', (_req, res) => serveJson(res, fileOf(sampleContracts)));
  server.route('/huge-chunked.json', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(v1);
    res.end(v1);
  });
  server.route('/login', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html>Sign in</html>'));
  server.route('/broken', (_req, res) => res.writeHead(503, 'Service Unavailable').end());
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  fakeBrowser.reset();
  live = { body: v1, etag: '"v1"' };
  server.requests.length = 0;
});

const url = (path: string) => `${server.origin}${path}`;
const refresh = (path: string, state: FeedState, extra: { timeoutMs?: number; maxBytes?: number } = {}) =>
  refreshFeed({ url: url(path), state }, { fetch: fetchFn, now, ...extra });

async function good(): Promise<FeedState> {
  const r = await refresh('/feed.json', emptyFeedState());
  expect(r.result).toBe('updated');
  return r.state;
}

describe('refreshFeed over HTTPS', () => {
  it('takes a good feed whole, with its ETag', async () => {
    const s = await good();
    expect(s).toMatchObject({ status: 'ok', lastError: null, lastSuccessAt: now.toISOString() });
    expect(s.lastGood?.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'contoso-premium']);
    expect(s.lastGood?.etag).toBe('"v1"');
    expect(s.lastChange).toMatchObject({ added: ['northwind-enterprise', 'contoso-premium'], changed: [], removed: [] });
    expect(server.requests[0]?.ifNoneMatch).toBeUndefined();
  });

  it('sends If-None-Match and keeps the version on 304', async () => {
    const s = await good();
    const later = new Date(now.getTime() + 3_600_000);
    const r = await refreshFeed({ url: url('/feed.json'), state: s }, { fetch: fetchFn, now: later });
    expect(r.result).toBe('not-modified');
    expect(server.requests[1]).toEqual({ path: '/feed.json', ifNoneMatch: '"v1"' });
    expect(r.state.lastGood).toEqual(s.lastGood);
    expect(r.state.lastSuccessAt).toBe(later.toISOString());
  });

  it('takes a changed feed and says what changed', async () => {
    const s = await good();
    live = { body: v2, etag: '"v2"' };
    const r = await refresh('/feed.json', s);
    expect(r.result).toBe('updated');
    expect(r.state.lastGood?.etag).toBe('"v2"');
    expect(r.state.lastChange).toMatchObject({ added: ['globex-standard'], changed: ['northwind-enterprise'], removed: ['contoso-premium'] });
  });

  it('notices an unchanged body from a server without ETags', async () => {
    const first = await refresh('/no-etag.json', emptyFeedState());
    const again = await refresh('/no-etag.json', first.state);
    expect(again.result).toBe('unchanged');
    expect(server.requests[1]?.ifNoneMatch).toBeUndefined();
    expect(again.state.lastGood).toEqual(first.state.lastGood);
  });

  it.each([
    ['/malformed.json', {}, /JSON syntax error at line 2/],
    ['/invalid.json', {}, /refused: 2 problems \(first: contracts\[0\]\.tier: must not be empty\)/],
    ['/slow.json', { timeoutMs: 300 }, /did not answer within 0\.3 s/],
    ['/slow-body.json', { timeoutMs: 300 }, /did not answer within 0\.3 s/],
    ['/huge.json', { maxBytes: 4000 }, /too large \(\d+ bytes; at most 4000\)/],
    ['/huge-chunked.json', { maxBytes: v1.length + 10 }, /larger than \d+ bytes/],
    ['/login', {}, /web page instead of JSON/],
    ['/broken', {}, /HTTP 503 Service Unavailable/],
    ['/missing.json', {}, /HTTP 404/],
  ])('refuses %s and keeps the last good version', async (path, extra, message) => {
    const s = await good();
    const r = await refresh(path, s, extra);
    expect(r.result).toBe('error');
    expect(r.state.status).toBe('error');
    expect(r.state.lastError).toMatch(message);
    expect(r.state.lastError).toMatch(/previous version is still in use/);
    expect(r.state.lastGood).toEqual(s.lastGood);
    expect(r.state.lastSuccessAt).toBe(s.lastSuccessAt);
  });

  it('lists the validation problems of a refused version', async () => {
    const r = await refresh('/invalid.json', emptyFeedState());
    expect(r.state.errors.map((e) => e.path)).toEqual(['contracts[0].tier', 'contracts[1].warnPercent']);
    expect(r.state.lastGood).toBeNull();
  });

  it('accepts only https addresses without credentials, and refuses redirects to http', async () => {
    expect(checkFeedUrl('http://feeds.example.com/c.json')).toMatchObject({ ok: false });
    expect(checkFeedUrl('https://u:p@feeds.example.com/c.json')).toMatchObject({ ok: false });
    expect(checkFeedUrl('https://feeds.example.com:8443/c.json#x')).toEqual({ ok: true, url: 'https://feeds.example.com:8443/c.json', pattern: 'https://feeds.example.com/*' });
    const downgraded: FetchLike = async () => Object.defineProperty(new Response(v1, { status: 200 }), 'url', { value: 'http://feeds.example.com/c.json' });
    const r = await refreshFeed({ url: 'https://feeds.example.com/c.json', state: emptyFeedState() }, { fetch: downgraded, now });
    expect(r.state.lastError).toMatch(/non-https/);
    expect(r.state.lastGood).toBeNull();
  });
});

describe('feed in the background', () => {
  const extensionPage = () => ({ url: fakeBrowser.runtime.getURL('/options.html') });

  it('configures, refreshes by alarm, and keeps the contracts through a broken version', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const bg = startBackground(fakeBrowser, { fetch: fetchFn, now: () => now, timeZone: 'UTC', feedTimeoutMs: 2000 });
    await bg.ready;

    // Web pages may not configure the feed.
    expect(await bg.handle({ type: 'feed:configure', url: url('/feed.json') }, { url: 'https://acme.zendesk.com/agent/tickets/1' })).toMatchObject({ ok: false });
    expect(await bg.handle({ type: 'feed:configure', url: 'http://insecure.example.com/f.json' }, extensionPage())).toMatchObject({ ok: false, error: expect.stringMatching(/https/) });

    const configured = await bg.handle({ type: 'feed:configure', url: url('/feed.json'), refreshMinutes: 30 }, extensionPage());
    expect(configured).toMatchObject({ ok: true, effectiveUrl: url('/feed.json'), managedUrl: false, permission: true, state: { status: 'ok' } });
    expect((await fakeBrowser.alarms.get(ALARMS.feed))?.periodInMinutes).toBe(30);
    let eff = await loadEffectiveContracts();
    expect(eff?.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'contoso-premium']);
    expect(eff?.sources).toEqual(['feed', 'feed']);

    // The feed breaks: the alarm's refresh records the error, nothing stored is lost.
    server.route('/feed.json', (_req, res) => serveJson(res, '{"contracts": [}'));
    await fakeBrowser.alarms.onAlarm.trigger({ name: ALARMS.feed, scheduledTime: now.getTime() });
    await vi.waitFor(async () => expect((await loadFeedState()).status).toBe('error'));
    expect((await loadFeedState()).lastGood?.contracts).toHaveLength(2);
    eff = await loadEffectiveContracts();
    expect(eff?.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'contoso-premium']);

    // Fixed and changed: the next refresh replaces the set.
    server.route('/feed.json', (_req, res) => serveJson(res, v2, '"v2"'));
    const status = await bg.handle({ type: 'feed:refresh' }, extensionPage());
    expect(status).toMatchObject({ ok: true, state: { status: 'ok', lastError: null } });
    eff = await loadEffectiveContracts();
    expect(eff?.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'globex-standard']);

    // Turning the feed off removes its contracts and its alarm.
    await bg.handle({ type: 'feed:configure', url: null }, extensionPage());
    expect((await loadEffectiveContracts())?.contracts).toEqual([]);
    expect(await fakeBrowser.alarms.get(ALARMS.feed)).toBeUndefined();
    bg.stop();
  });
});
