// What an import would change, for the preview before it is applied.
import type { Contract } from './model';

export interface ContractChange {
  before: Contract;
  after: Contract;
  /** Changed fields, up to two levels deep: "tier", "targets.sev1", "customer.domains". */
  fields: string[];
}

export interface ContractSetDiff {
  added: Contract[];
  changed: ContractChange[];
  removed: Contract[];
  unchanged: Contract[];
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Order-insensitive for object keys, order-sensitive for arrays; undefined members count as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!sameJson(a[k], b[k])) return false;
  return true;
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>, prefix = '', depth = 0): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (sameJson(a[k], b[k])) continue;
    const x = a[k];
    const y = b[k];
    if (depth === 0 && isObj(x) && isObj(y)) out.push(...changedFields(x, y, `${k}.`, 1));
    else out.push(prefix + k);
  }
  return out;
}

/** Compares two contract sets by id. Output keeps the order of `after` (removed: order of `before`). */
export function diffContractSets(before: readonly Contract[], after: readonly Contract[]): ContractSetDiff {
  const old = new Map(before.map((c) => [c.id, c]));
  const diff: ContractSetDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const c of after) {
    const prev = old.get(c.id);
    if (!prev) diff.added.push(c);
    else if (sameJson(prev, c)) diff.unchanged.push(c);
    else diff.changed.push({ before: prev, after: c, fields: changedFields(prev as unknown as Record<string, unknown>, c as unknown as Record<string, unknown>) });
  }
  const ids = new Set(after.map((c) => c.id));
  diff.removed = before.filter((c) => !ids.has(c.id));
  return diff;
}
