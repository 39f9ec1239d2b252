// Typo-tolerant customer search over names, aliases, domains, contact emails and external ids.
// Built once per contract set. Tokens are deduplicated across contracts, so a query compares each of
// its tokens with every distinct token once (Damerau-Levenshtein, bounded), then scores contracts
// with map look-ups. 5,000 contracts ≈ 15k distinct tokens: a few milliseconds per keystroke.
import type { Contract } from './contracts/model';

export type SearchField = 'name' | 'alias' | 'domain' | 'contact' | 'externalId';

export interface SearchHit {
  contract: Contract;
  /** 0..100; higher is better. */
  score: number;
  field: SearchField;
  /** The original value that matched, e.g. the alias or email. */
  matched: string;
}

interface Key {
  field: SearchField;
  raw: string;
  /** Normalised full value. */
  full: string;
  /** Normalised value without separators ("acme corp" → "acmecorp"). */
  compact: string;
  tokens: number[];
}

interface Entry {
  contract: Contract;
  keys: Key[];
  sortName: string;
}

export interface SearchIndex {
  readonly size: number;
  /** @internal */ readonly entries: readonly Entry[];
  /** @internal */ readonly tokens: readonly string[];
}

const FIELD_WEIGHT: Record<SearchField, number> = { name: 1, alias: 0.96, domain: 0.95, contact: 0.93, externalId: 0.9 };

/** Lower case, accents removed, "&" kept as "and"; separators collapse to one space. */
export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();
}

function tokenize(norm: string): string[] {
  return norm.split(/[\s@.]+/).filter((t) => t.length > 0);
}

export function buildSearchIndex(contracts: readonly Contract[]): SearchIndex {
  const tokenIds = new Map<string, number>();
  const tokens: string[] = [];
  const tokenId = (t: string): number => {
    let id = tokenIds.get(t);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(t);
      tokenIds.set(t, id);
    }
    return id;
  };
  const entries: Entry[] = contracts.map((contract) => {
    const keys: Key[] = [];
    const add = (field: SearchField, raw: unknown) => {
      if (typeof raw !== 'string' || raw.trim() === '') return;
      const full = normalizeForSearch(raw);
      if (full === '') return;
      keys.push({ field, raw, full, compact: full.replace(/[\s.@]+/g, ''), tokens: tokenize(full).map(tokenId) });
    };
    const cu = contract.customer ?? { name: '' };
    add('name', cu.name);
    for (const a of cu.aliases ?? []) add('alias', a);
    for (const d of cu.domains ?? []) add('domain', d);
    for (const e of cu.contacts ?? []) add('contact', e);
    for (const x of cu.externalIds ?? []) add('externalId', x);
    return { contract, keys, sortName: normalizeForSearch(cu.name ?? '') };
  });
  return { size: contracts.length, entries, tokens };
}

/** Typos allowed for a token of this length: none for short tokens, where one edit is a different word. */
function maxEdits(len: number): number {
  return len <= 3 ? 0 : len <= 7 ? 1 : 2;
}

// Reused rows for the edit-distance matrix: the search runs tens of thousands of these per keystroke.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Last row of the optimal-string-alignment matrix of `a` against `b[0, bLen)`: entry j is the distance
 * between `a` and the first j characters of `b`. Null as soon as every entry of a row exceeds `max`.
 */
function editRow(a: string, b: string, bLen: number, max: number): Int32Array | null {
  if (rows[0].length <= bLen) rows = [new Int32Array(bLen + 1), new Int32Array(bLen + 1), new Int32Array(bLen + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= bLen; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ac = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= bLen; j++) {
      const bc = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ac === bc ? 0 : 1));
      if (i > 1 && j > 1 && ac === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bc) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return null;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev;
}

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (an adjacent transposition is one edit),
 * or max + 1 as soon as the distance is known to exceed `max`.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const row = editRow(a, b, b.length, max);
  const d = row ? row[b.length]! : max + 1;
  return d > max ? max + 1 : d;
}

/**
 * How well one typed token matches one indexed token, 0..1: exact 1, prefix (still typing) 0.82–0.9,
 * a whole-token typo 0.8 − 0.1/edit, a typo inside a prefix ("acne" ~ "acme|corp") 0.7 − 0.1/edit.
 */
function tokenScore(q: string, t: string): number {
  if (q === t) return 1;
  if (t.startsWith(q)) return 0.82 + 0.08 * (q.length / t.length);
  const max = maxEdits(q.length);
  if (max === 0 || t.length < q.length - max) return 0;
  // Columns beyond q.length + max cannot be within reach, whole token or prefix.
  const bLen = Math.min(t.length, q.length + max);
  const row = editRow(q, t, bLen, max);
  if (!row) return 0;
  if (bLen === t.length && row[bLen]! <= max) return 0.8 - 0.1 * row[bLen]!;
  let best = max + 1;
  for (let j = Math.max(1, q.length - 1); j <= Math.min(q.length + 1, bLen, t.length - 1); j++) best = Math.min(best, row[j]!);
  return best <= max ? 0.7 - 0.1 * best : 0;
}

function keyScore(key: Key, q: string, qCompact: string, qTokenScores: Float32Array[]): number {
  if (key.full === q || (qCompact.length > 0 && key.compact === qCompact)) return 100;
  if (key.full.startsWith(q) || key.compact.startsWith(qCompact)) return 90 + 5 * (q.length / key.full.length);
  if (q.length >= 3 && key.full.includes(q)) return 75;
  if (qTokenScores.length === 0) return 0;
  // Every typed token must match some token of this key; the key scores their average.
  let sum = 0;
  for (const scores of qTokenScores) {
    let best = 0;
    for (const t of key.tokens) {
      const s = scores[t]!;
      if (s > best) best = s;
    }
    if (best === 0) return 0;
    sum += best;
  }
  return 70 * (sum / qTokenScores.length);
}

export interface SearchOptions {
  limit?: number;
}

/** Best matches first; ties by name. Empty query → no results. */
export function searchContracts(index: SearchIndex, query: string, opts: SearchOptions = {}): SearchHit[] {
  const limit = opts.limit ?? 20;
  const q = normalizeForSearch(query);
  if (q === '') return [];
  const qCompact = q.replace(/[\s.@]+/g, '');
  if (qCompact === '') return [];
  const qTokens = [...new Set(tokenize(q))];

  // Each distinct indexed token is compared with each typed token once.
  const qTokenScores = qTokens.map((qt) => {
    const scores = new Float32Array(index.tokens.length);
    index.tokens.forEach((t, id) => {
      scores[id] = tokenScore(qt, t);
    });
    return scores;
  });

  // "jane@eu.acme.com" also finds the contract owning acme.com (subdomains included), as matching does.
  const at = q.lastIndexOf('@');
  const emailDomain = at > 0 ? q.slice(at + 1) : '';

  const hits: (SearchHit & { sortName: string })[] = [];
  for (const e of index.entries) {
    let best = 0;
    let bestKey: Key | undefined;
    for (const k of e.keys) {
      let s = keyScore(k, q, qCompact, qTokenScores);
      if (emailDomain && k.field === 'domain' && (emailDomain === k.full || emailDomain.endsWith(`.${k.full}`))) {
        s = Math.max(s, 92);
      }
      s *= FIELD_WEIGHT[k.field];
      if (s > best) {
        best = s;
        bestKey = k;
      }
    }
    if (bestKey && best >= 35) {
      hits.push({ contract: e.contract, score: Math.round(best * 10) / 10, field: bestKey.field, matched: bestKey.raw, sortName: e.sortName });
    }
  }
  hits.sort((a, b) => b.score - a.score || (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0));
  return hits.slice(0, limit).map(({ sortName: _s, ...h }) => h);
}
