// The layered ticket reader used by the content script: the page first (always), then the helpdesk's
// same-origin API under a time limit, API fields winning. Pure apart from the injected fetch/getJson.
import type { FieldSource, GetJson, HelpdeskAdapter, SnapshotField, TicketSnapshot } from './types';

export interface ReadOptions {
  /** Time limit for the whole enrich step. */
  timeoutMs?: number;
  /** Told why the page could not be read (readTicket threw); the result is then null. */
  onError?: (reason: string) => void;
}

const DATE_FIELDS = new Set<SnapshotField>(['createdAt', 'firstAgentReplyAt', 'lastAgentReplyAt']);
const STRING_FIELDS = new Set<SnapshotField>([
  'subject', 'requesterName', 'requesterEmail', 'organization', 'organizationId', 'priority', 'status',
]);

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}

const isDate = (v: unknown): v is Date => v instanceof Date && Number.isFinite(v.getTime());

/** A field value as the snapshot type promises it, or undefined (an adapter bug must not reach the UI). */
function clean(field: SnapshotField, v: unknown): unknown {
  if (DATE_FIELDS.has(field)) return isDate(v) ? v : undefined;
  if (STRING_FIELDS.has(field)) return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  if (field === 'statusHistory') {
    if (!Array.isArray(v)) return undefined;
    const list = v.filter(
      (e): e is { status: string; at: Date } =>
        !!e && typeof e === 'object' && typeof (e as { status?: unknown }).status === 'string' && isDate((e as { at?: unknown }).at),
    );
    return list.length ? list : undefined;
  }
  return undefined;
}

const FIELDS: SnapshotField[] = [...STRING_FIELDS, ...DATE_FIELDS, 'statusHistory'];

/** `base` with every usable field of `extra` laid over it; fields from `extra` get its source or 'api'. */
export function mergeSnapshot(base: TicketSnapshot, extra: Partial<TicketSnapshot> | undefined, problems: string[] = []): TicketSnapshot {
  const out: TicketSnapshot = { ...base, sources: { ...base.sources } };
  const from = extra && typeof extra === 'object' ? extra : {};
  for (const f of FIELDS) {
    const v = clean(f, (from as Record<string, unknown>)[f]);
    if (v === undefined) continue;
    (out as unknown as Record<string, unknown>)[f] = v;
    const src: FieldSource | undefined = from.sources?.[f];
    out.sources![f] = src === 'url' || src === 'dom' || src === 'title' || src === 'rule' ? src : 'api';
  }
  const extraProblems = Array.isArray(from.problems) ? from.problems.filter((p): p is string => typeof p === 'string') : [];
  const all = [...new Set([...(base.problems ?? []), ...extraProblems, ...problems])];
  if (all.length) out.problems = all;
  else delete out.problems;
  return out;
}

class TimeLimit extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimit()), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * Read a ticket in layers: `adapter.readTicket` (contained: a throw becomes null and `onError`), then
 * `adapter.enrich` (if any) within `timeoutMs`; API fields win and their sources become 'api'. An API
 * failure or time-out keeps the page's snapshot and says so in `problems`.
 */
export async function readLayered(
  adapter: HelpdeskAdapter,
  doc: Document,
  url: URL,
  getJson: GetJson,
  { timeoutMs = 2500, onError }: ReadOptions = {},
): Promise<TicketSnapshot | null> {
  let base: TicketSnapshot | null;
  try {
    base = adapter.readTicket(doc, url);
  } catch (e) {
    onError?.(`${adapter.id}: page: ${message(e)}`);
    return null;
  }
  if (!base) return null;
  if (!adapter.enrich) return mergeSnapshot(base, undefined);
  let extra: Partial<TicketSnapshot> | undefined;
  const problems: string[] = [];
  try {
    // The adapter gets a copy so a half-finished enrich cannot mutate what the page gave us.
    const copy: TicketSnapshot = { ...base, sources: { ...base.sources } };
    extra = await within(Promise.resolve().then(() => adapter.enrich!(copy, getJson, doc)), timeoutMs);
  } catch (e) {
    problems.push(e instanceof TimeLimit ? `api: timed out after ${timeoutMs} ms; used the page` : `api: ${message(e)}; used the page`);
  }
  return mergeSnapshot(base, extra, problems);
}

export interface GetJsonOptions {
  /** Per-request limit (the enrich step has its own overall limit). */
  timeoutMs?: number;
}

/**
 * A read-only JSON GET bound to one origin: `path` must be origin-relative ("/api/…", not "//host" or
 * "https://…"); the agent's session cookie goes along (credentials: 'same-origin'), nothing else does.
 * Rejects non-2xx with "HTTP <status> for <path>", redirects to another origin and non-JSON bodies
 * (a login page served with 200 is not data).
 */
export function makeGetJson(origin: string, fetchImpl: typeof fetch, { timeoutMs = 10_000 }: GetJsonOptions = {}): GetJson {
  const base = new URL(origin).origin;
  if (base === 'null') throw new Error(`not an http(s) origin: ${origin}`);
  return async (path, init) => {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || /[\\\s]/.test(path)) {
      throw new Error(`refused path ${JSON.stringify(String(path).slice(0, 80))}: must be origin-relative`);
    }
    const target = new URL(path, base);
    if (target.origin !== base) throw new Error(`refused path ${path}: other origin`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init?.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    headers.Accept = 'application/json';
    const res = await fetchImpl(target.href, {
      method: 'GET',
      mode: 'same-origin',
      credentials: 'same-origin',
      cache: 'no-store',
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.url && new URL(res.url, base).origin !== base) throw new Error(`redirected to another origin for ${path}`);
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${path}`);
    const type = res.headers.get('content-type') ?? '';
    if (type && !/\bjson\b/i.test(type)) throw new Error(`not JSON (${type.split(';')[0]}) for ${path}`);
    return (await res.json()) as unknown;
  };
}
