// Reading rules in extension storage: one versioned item (local:readingRules), validated whole-list
// writes with a revision for conflict detection between tabs. Content scripts watch it, so a saved
// rule applies at once. The only module in lib/rules that touches the browser, through WXT storage.
import { storage } from 'wxt/utils/storage';
import type { Rule } from './model';
import { validateRules, type Issue, type ValidateOptions } from './validate';

export interface StoredRules {
  rules: Rule[];
  /** +1 on every write; 0 = never written. */
  revision: number;
  updatedAt: string | null;
}

export const RULES_STORE_VERSION = 1;
const KEY = 'local:readingRules' as const;
const empty = (): StoredRules => ({ rules: [], revision: 0, updatedAt: null });

export const readingRulesItem = storage.defineItem<StoredRules>(KEY, { version: RULES_STORE_VERSION, fallback: empty() });

const wellFormed = (x: unknown): x is StoredRules =>
  !!x && typeof x === 'object' && Array.isArray((x as StoredRules).rules) && typeof (x as StoredRules).revision === 'number';

/** The stored rules; stored entries that no longer validate (hand-edited storage) are dropped. */
export async function loadReadingRules(): Promise<StoredRules> {
  const value = await readingRulesItem.getValue();
  if (!wellFormed(value) || value === readingRulesItem.fallback) return empty();
  const r = validateRules(value.rules);
  return r.ok ? value : { ...value, rules: value.rules.filter((x) => validateRules([x]).ok) };
}

export function watchReadingRules(cb: (value: StoredRules) => void): () => void {
  return readingRulesItem.watch((value) => cb(wellFormed(value) ? value : empty()));
}

export type RulesWriteResult = { ok: true; revision: number; rules: Rule[] } | { ok: false; errors: Issue[]; conflict?: true };

export interface RulesWriteOptions extends ValidateOptions {
  now: Date;
  /** The revision the change was based on; a different stored revision refuses the write. */
  expectedRevision?: number;
}

/** Validates the whole list first; on any problem nothing is written and every problem is returned. */
export async function replaceReadingRules(next: readonly unknown[], opts: RulesWriteOptions): Promise<RulesWriteResult> {
  const r = validateRules([...next], opts);
  if (!r.ok) return { ok: false, errors: r.errors };
  const current = await loadReadingRules();
  if (opts.expectedRevision !== undefined && opts.expectedRevision !== current.revision)
    return {
      ok: false,
      conflict: true,
      errors: [{ path: '', message: `The reading rules were changed elsewhere after you opened them (revision ${current.revision} is saved, your change was based on ${opts.expectedRevision}). Reload and make your change again.` }],
    };
  const value: StoredRules = { rules: r.rules, revision: current.revision + 1, updatedAt: opts.now.toISOString() };
  // Value and version mark in one set call, so a later migration knows what it reads.
  await storage.setItems([
    { key: KEY, value },
    { key: `${KEY}$`, value: { v: RULES_STORE_VERSION } },
  ]);
  return { ok: true, revision: value.revision, rules: value.rules };
}

/** Adds or replaces (by id) one rule, stamping updatedAt; the picker's "save". */
export async function saveReadingRule(rule: Rule, opts: RulesWriteOptions): Promise<RulesWriteResult> {
  const current = await loadReadingRules();
  const stamped = { ...rule, updatedAt: opts.now.toISOString() };
  const i = current.rules.findIndex((x) => x.id === rule.id);
  const next = i < 0 ? [...current.rules, stamped] : current.rules.map((x, k) => (k === i ? stamped : x));
  return replaceReadingRules(next, { expectedRevision: current.revision, ...opts });
}

export async function removeReadingRule(id: string, opts: RulesWriteOptions): Promise<RulesWriteResult> {
  const current = await loadReadingRules();
  return replaceReadingRules(current.rules.filter((x) => x.id !== id), { expectedRevision: current.revision, ...opts });
}
