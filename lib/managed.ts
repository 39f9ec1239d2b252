// Team rollout: what an administrator pushes by browser policy (`storage.managed`: Chrome/Edge policy,
// Firefox `3rdparty` policy), and the effective contract set every view uses — managed, feed and local
// contracts merged with a fixed precedence. See the README ("For administrators") and public/managed_schema.json.
import { storage } from 'wxt/utils/storage';
import { parseContractsJson } from './contracts/json';
import type { Contract } from './contracts/model';
import { validateContractFile, type Issue } from './contracts/validate';

/** Policy names (the managed schema's top-level properties). */
export const MANAGED_KEYS = ['contracts', 'settings', 'feedUrl', 'feedRefreshMinutes', 'rules'] as const;

export interface ManagedConfig {
  /** storage.managed could be read (false where the browser offers none, e.g. Firefox without a policy file). */
  available: boolean;
  /** Managed contracts: all of them, or none when any is invalid (see contractErrors). */
  contracts: Contract[];
  contractErrors: Issue[];
  /** Settings the administrator fixes (a partial settings object). */
  settings: Record<string, unknown> | null;
  feedUrl: string | null;
  feedRefreshMinutes: number | null;
  /** Reading rules (a later feature), kept as given. */
  rules: unknown[] | null;
  /** What was wrong with the policy values, for the options page. */
  problems: string[];
}

export const emptyManaged = (available: boolean): ManagedConfig => ({
  available,
  contracts: [],
  contractErrors: [],
  settings: null,
  feedUrl: null,
  feedRefreshMinutes: null,
  rules: null,
  problems: [],
});

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Registry and Admin-console values often arrive as JSON text; policies.json may hold the value itself. */
function jsonOrValue(x: unknown): { value: unknown } | { error: string } {
  if (typeof x !== 'string') return { value: x };
  try {
    return { value: JSON.parse(x.replace(/^\uFEFF/, '')) };
  } catch {
    return { error: 'is not valid JSON' };
  }
}

/** Reads the raw `storage.managed` contents. Unknown keys are ignored (a newer policy template). */
export function parseManaged(raw: unknown, available = true): ManagedConfig {
  const out = emptyManaged(available);
  if (!isObj(raw)) return out;

  if (raw.contracts !== undefined) {
    const r = typeof raw.contracts === 'string' ? parseContractsJson(raw.contracts) : validateContractFile(raw.contracts);
    if (r.ok) out.contracts = r.file.contracts;
    else {
      out.contractErrors = r.errors;
      out.problems.push(`contracts: refused, ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'} (first: ${r.errors[0]?.path ? `${r.errors[0].path}: ` : ''}${r.errors[0]?.message ?? ''}); no managed contract is used.`);
    }
  }

  if (raw.settings !== undefined) {
    const s = jsonOrValue(raw.settings);
    if ('error' in s) out.problems.push(`settings: ${s.error}.`);
    else if (isObj(s.value)) out.settings = s.value;
    else out.problems.push('settings: must be an object.');
  }

  if (raw.feedUrl !== undefined && raw.feedUrl !== '') {
    if (typeof raw.feedUrl === 'string' && /^https:\/\//i.test(raw.feedUrl.trim())) out.feedUrl = raw.feedUrl.trim();
    else out.problems.push('feedUrl: must be an https:// address.');
  }

  if (raw.feedRefreshMinutes !== undefined) {
    const n = raw.feedRefreshMinutes;
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) out.feedRefreshMinutes = n;
    else out.problems.push('feedRefreshMinutes: must be a positive number of minutes.');
  }

  if (raw.rules !== undefined) {
    const r = jsonOrValue(raw.rules);
    if ('error' in r) out.problems.push(`rules: ${r.error}.`);
    else if (Array.isArray(r.value)) out.rules = r.value;
    else out.problems.push('rules: must be a list.');
  }
  return out;
}

export interface ManagedArea {
  get(keys?: null | string | string[]): Promise<Record<string, unknown>>;
}

/** Never throws: browsers without managed storage (or without a policy) answer as "not available". */
export async function readManaged(area: ManagedArea | undefined): Promise<ManagedConfig> {
  if (!area || typeof area.get !== 'function') return emptyManaged(false);
  try {
    return parseManaged(await area.get(null), true);
  } catch {
    return emptyManaged(false);
  }
}

// ---- settings ----

// Policy JSON may carry own "__proto__" keys; assigning one would swap the merged object's prototype.
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
const safeEntries = (o: Record<string, unknown>) => Object.entries(o).filter(([k]) => !UNSAFE.has(k));

/** Leaf paths of a managed settings object ("warnPercent", "notifications.quietHours.start"). */
function leafPaths(o: Record<string, unknown>, prefix = ''): string[] {
  return safeEntries(o).flatMap(([k, v]) => (isObj(v) && Object.keys(v).length ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of safeEntries(over)) {
    const b = out[k];
    out[k] = isObj(v) && isObj(b) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * The agent's raw settings with the administrator's on top. `locked` lists the paths the options page
 * shows read-only. Normalise the result with normalizeSettings (invalid managed values fall back there).
 */
export function mergeManagedSettings(user: unknown, managed: Record<string, unknown> | null): { settings: Record<string, unknown>; locked: string[] } {
  const base = isObj(user) ? user : {};
  if (!managed) return { settings: { ...base }, locked: [] };
  return { settings: deepMerge(base, managed), locked: leafPaths(managed) };
}

// ---- the effective contract set ----

export type ContractSource = 'managed' | 'feed' | 'local';

/** Higher first: policy is the organisation's word, the feed the team's, local edits one agent's. */
export const SOURCE_PRECEDENCE: readonly ContractSource[] = ['managed', 'feed', 'local'];

export interface SourceConflict {
  /** id: the lower contract is hidden; domain / externalId: the value is removed from the lower contract. */
  kind: 'id' | 'domain' | 'externalId';
  value: string;
  kept: { source: ContractSource; id: string };
  dropped: { source: ContractSource; id: string };
}

export interface EffectiveContracts {
  contracts: Contract[];
  /** Where each contract comes from (same index as `contracts`). Managed and feed ones are read-only. */
  sources: ContractSource[];
  conflicts: SourceConflict[];
  updatedAt: string | null;
}

/**
 * Merges the three sets. Each is valid on its own (validated when it was stored); across sets the
 * higher source wins an id, a domain or an external id, and every such decision is reported.
 */
export function mergeContractSources(sets: Record<ContractSource, readonly Contract[]>): Omit<EffectiveContracts, 'updatedAt'> {
  const contracts: Contract[] = [];
  const sources: ContractSource[] = [];
  const conflicts: SourceConflict[] = [];
  const ids = new Map<string, ContractSource>();
  const owners = { domain: new Map<string, { source: ContractSource; id: string }>(), externalId: new Map<string, { source: ContractSource; id: string }>() };

  for (const source of SOURCE_PRECEDENCE) {
    for (const c of sets[source]) {
      const winner = ids.get(c.id);
      if (winner) {
        conflicts.push({ kind: 'id', value: c.id, kept: { source: winner, id: c.id }, dropped: { source, id: c.id } });
        continue;
      }
      const customer = { ...c.customer };
      for (const kind of ['domain', 'externalId'] as const) {
        const field = kind === 'domain' ? 'domains' : 'externalIds';
        const values = customer[field];
        if (!values) continue;
        const kept = values.filter((v) => {
          const owner = owners[kind].get(v.toLowerCase());
          if (owner && owner.id !== c.id) conflicts.push({ kind, value: v, kept: owner, dropped: { source, id: c.id } });
          return !owner;
        });
        for (const v of kept) owners[kind].set(v.toLowerCase(), { source, id: c.id });
        if (kept.length) customer[field] = kept;
        else delete customer[field];
      }
      ids.set(c.id, source);
      contracts.push({ ...c, customer });
      sources.push(source);
    }
  }
  return { contracts, sources, conflicts };
}

/** Written by the background whenever a source changes; overlays, popup and options read it. */
export const effectiveContractsItem = storage.defineItem<EffectiveContracts | null>('local:contracts-effective', { fallback: null, version: 1 });

const wellFormed = (x: unknown): x is EffectiveContracts =>
  isObj(x) && Array.isArray(x.contracts) && Array.isArray(x.sources) && x.sources.length === x.contracts.length && Array.isArray(x.conflicts);

/** The effective set, or null before the background first wrote it (then use the local contracts). */
export async function loadEffectiveContracts(): Promise<EffectiveContracts | null> {
  const v = await effectiveContractsItem.getValue();
  return wellFormed(v) ? v : null;
}

export function watchEffectiveContracts(cb: (v: EffectiveContracts | null) => void): () => void {
  return effectiveContractsItem.watch((v) => cb(wellFormed(v) ? v : null));
}

/** Ids the options page must show read-only, with where they come from. */
export function readOnlyContracts(e: EffectiveContracts | null): Map<string, Exclude<ContractSource, 'local'>> {
  const out = new Map<string, Exclude<ContractSource, 'local'>>();
  e?.contracts.forEach((c, i) => {
    const s = e.sources[i];
    if (s === 'managed' || s === 'feed') out.set(c.id, s);
  });
  return out;
}
