// Remote contract feed: an HTTPS URL serving the contracts interchange JSON (README, "Contract files"),
// fetched by the background on an alarm with ETag / If-None-Match. A version is taken whole or not at
// all: any transport, size, syntax or validation problem keeps the last good version and records the
// error, so a broken or half-written feed never removes a contract agents rely on.
import { storage } from 'wxt/utils/storage';
import { diffContractSets } from './contracts/diff';
import { parseContractsJson } from './contracts/json';
import type { Contract } from './contracts/model';
import type { Rule } from './rules/model';
import type { Issue } from './contracts/validate';

export const FEED_MAX_BYTES = 5 * 1024 * 1024;
export const FEED_TIMEOUT_MS = 20_000;
export const FEED_REFRESH_MINUTES = { default: 60, min: 5, max: 1440 } as const;
/** Validation problems kept for display; a feed with thousands of errors needs the first ones only. */
const MAX_ISSUES = 50;

export interface FeedVersion {
  url: string;
  etag: string | null;
  /** ISO: when this version was downloaded (a 304 or an identical body does not change it). */
  fetchedAt: string;
  /** The file's own `exportedAt`, informative. */
  exportedAt?: string;
  contracts: Contract[];
  /** Reading rules the file carried (validated with it); merged under policy rules, over local ones. */
  readingRules?: Rule[];
}

export type FeedStatus = 'off' | 'pending' | 'ok' | 'error';

export interface FeedState {
  /** The agent's feed URL; a managed `feedUrl` overrides it. */
  url: string | null;
  refreshMinutes: number;
  /** The contracts in use: the last version that passed every check. */
  lastGood: FeedVersion | null;
  /** off = no URL; pending = not fetched yet; ok = the last attempt succeeded (new, same or 304). */
  status: FeedStatus;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Validation problems of the last refused version (first 50). */
  errors: Issue[];
  /** What the last accepted new version changed, by contract id. */
  lastChange: { at: string; added: string[]; changed: string[]; removed: string[] } | null;
}

export const emptyFeedState = (): FeedState => ({
  url: null,
  refreshMinutes: FEED_REFRESH_MINUTES.default,
  lastGood: null,
  status: 'off',
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  errors: [],
  lastChange: null,
});

export type FeedUrlCheck = { ok: true; url: string; pattern: string } | { ok: false; error: string };

/** A feed URL must be https: (contracts carry phone numbers and escalation contacts), without credentials. */
export function checkFeedUrl(input: string): FeedUrlCheck {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return { ok: false, error: `"${input.trim()}" is not a web address.` };
  }
  if (u.protocol !== 'https:') return { ok: false, error: 'The feed must be served over https://.' };
  if (u.username || u.password) return { ok: false, error: 'Remove the user name and password from the address.' };
  if (!u.hostname.includes('.') && u.hostname !== 'localhost') return { ok: false, error: `"${u.hostname}" is not a full host name.` };
  u.hash = '';
  // The host permission to request: match patterns carry no port, so it covers the host on any port.
  return { ok: true, url: u.href, pattern: `https://${u.hostname}/*` };
}

export const clampRefreshMinutes = (n: unknown): number =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(Math.max(Math.round(n), FEED_REFRESH_MINUTES.min), FEED_REFRESH_MINUTES.max) : FEED_REFRESH_MINUTES.default;

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; cache: RequestCache; redirect: RequestRedirect },
) => Promise<Response>;

export interface RefreshDeps {
  fetch: FetchLike;
  now: Date;
  timeoutMs?: number;
  maxBytes?: number;
}

export type RefreshResult = 'updated' | 'unchanged' | 'not-modified' | 'error';

class FeedError extends Error {}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new FeedError(`The feed is too large (${declared} bytes; at most ${maxBytes}).`);
  const tooLarge = () => new FeedError(`The feed is larger than ${maxBytes} bytes; it was not read to the end.`);
  if (!res.body) {
    const text = await res.text();
    if (new TextEncoder().encode(text).length > maxBytes) throw tooLarge();
    return text;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

function failed(state: FeedState, at: string, message: string, errors: Issue[] = []): { state: FeedState; result: RefreshResult } {
  const lastError = `${message}${state.lastGood ? ' The previous version is still in use.' : ''}`;
  return { state: { ...state, status: 'error', lastAttemptAt: at, lastError, errors: errors.slice(0, MAX_ISSUES) }, result: 'error' };
}

/**
 * One refresh of the feed at `url`. Never throws; the returned state is what to store. The conditional
 * request is only sent when the last good version came from this same URL.
 */
export async function refreshFeed(cfg: { url: string; state: FeedState }, deps: RefreshDeps): Promise<{ state: FeedState; result: RefreshResult }> {
  const { url, state } = cfg;
  const at = deps.now.toISOString();
  const check = checkFeedUrl(url);
  if (!check.ok) return failed(state, at, check.error);
  const timeoutMs = deps.timeoutMs ?? FEED_TIMEOUT_MS;
  const previous = state.lastGood?.url === check.url ? state.lastGood : null;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (previous?.etag) headers['If-None-Match'] = previous.etag;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let text: string;
  let etag: string | null;
  try {
    const res = await deps.fetch(check.url, { headers, signal: controller.signal, cache: 'no-store', redirect: 'follow' });
    if (res.url && !res.url.startsWith('https:')) throw new FeedError(`The feed redirected to a non-https address (${new URL(res.url).origin}).`);
    if (res.status === 304) {
      clearTimeout(timer);
      if (!previous) return failed(state, at, 'The server answered 304 Not Modified without an earlier version to keep.');
      return { state: { ...state, status: 'ok', lastAttemptAt: at, lastSuccessAt: at, lastError: null, errors: [] }, result: 'not-modified' };
    }
    if (!res.ok) throw new FeedError(`The server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) throw new FeedError('The server answered with a web page instead of JSON (a sign-in page?).');
    etag = res.headers.get('etag');
    text = await readLimited(res, deps.maxBytes ?? FEED_MAX_BYTES);
  } catch (e) {
    const message = timedOut
      ? `The feed did not answer within ${Math.round(timeoutMs / 100) / 10} s.`
      : e instanceof FeedError
        ? e.message
        : `The feed could not be fetched (${e instanceof Error ? e.message : String(e)}). Check the address, the network, and that SLA Lens may access ${new URL(check.url).hostname}.`;
    return failed(state, at, message);
  } finally {
    clearTimeout(timer);
  }

  const parsed = parseContractsJson(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const where = first?.path ? `${first.path}: ` : '';
    const summary = `The feed was refused: ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}${first ? ` (first: ${where}${first.message})` : ''}.`;
    return failed(state, at, summary, parsed.errors);
  }
  const contracts = parsed.file.contracts;
  const version: FeedVersion = { url: check.url, etag, fetchedAt: at, contracts };
  if (parsed.file.exportedAt) version.exportedAt = parsed.file.exportedAt;
  if (parsed.file.readingRules?.length) version.readingRules = parsed.file.readingRules;
  const sameRules = JSON.stringify(previous?.readingRules ?? []) === JSON.stringify(version.readingRules ?? []);
  const base = { ...state, status: 'ok' as const, lastAttemptAt: at, lastSuccessAt: at, lastError: null, errors: [] };
  const diff = diffContractSets(previous?.contracts ?? [], contracts);
  if (previous && sameRules && !diff.added.length && !diff.changed.length && !diff.removed.length) {
    // Same contracts (a server without ETags, or a new ETag for the same content): keep the version date.
    return { state: { ...base, lastGood: { ...previous, etag } }, result: 'unchanged' };
  }
  return {
    state: {
      ...base,
      lastGood: version,
      lastChange: { at, added: diff.added.map((c) => c.id), changed: diff.changed.map((c) => c.after.id), removed: diff.removed.map((c) => c.id) },
    },
    result: 'updated',
  };
}

export const feedItem = storage.defineItem<FeedState>('local:feed', { fallback: emptyFeedState(), version: 1 });

export async function loadFeedState(): Promise<FeedState> {
  const v = await feedItem.getValue();
  if (!v || typeof v !== 'object') return emptyFeedState();
  return { ...emptyFeedState(), ...v, refreshMinutes: clampRefreshMinutes(v.refreshMinutes) };
}
