// Reading rules as files (export/import, and the shape a contract file or feed can carry them in),
// and the merge of rule lists from enterprise policy, a feed and local storage.
import { jsonSyntaxIssue } from '../contracts/json';
import type { Rule, RuleProvenance } from './model';
import { validateRules, type Issue, type ValidateOptions, type Validated } from './validate';

export const RULES_FORMAT = 'sla-lens/reading-rules';
export const RULES_FORMAT_VERSION = 1;

export interface RulesFile {
  format: typeof RULES_FORMAT;
  version: number;
  exportedAt?: string;
  rules: Rule[];
}

export function exportRulesJson(rules: readonly Rule[], now: Date): string {
  const file: RulesFile = { format: RULES_FORMAT, version: RULES_FORMAT_VERSION, exportedAt: now.toISOString(), rules: [...rules] };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A rules file object (or a bare list of rules), validated. */
export function validateRulesFile(data: unknown, opts?: ValidateOptions): Validated<{ rules: Rule[] }> {
  if (Array.isArray(data)) return validateRules(data, opts);
  const o = data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  if (!o) return { ok: false, errors: [{ path: '', message: `must be a reading-rules file ({ "format": "${RULES_FORMAT}", "rules": [...] })` }] };
  const errors: Issue[] = [];
  if (o.format !== RULES_FORMAT) errors.push({ path: 'format', message: `must be "${RULES_FORMAT}"` });
  if (typeof o.version !== 'number' || o.version > RULES_FORMAT_VERSION || o.version < 1)
    errors.push({ path: 'version', message: `must be ${RULES_FORMAT_VERSION} (a newer SLA Lens may have written this file)` });
  const r = validateRules(o.rules, opts);
  if (!r.ok) errors.push(...r.errors);
  return errors.length || !r.ok ? { ok: false, errors } : r;
}

/** Parses and validates an exported rules file; JSON syntax errors come with line and column. */
export function parseRulesJson(text: string, opts?: ValidateOptions): Validated<{ rules: Rule[] }> {
  const src = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch {
    return { ok: false, errors: [jsonSyntaxIssue(src)] };
  }
  return validateRulesFile(data, opts);
}

export type MergedRule = Rule & { provenance: RuleProvenance };

/**
 * One list from validated lists, by id with precedence managed > feed > local, in that order (the
 * engine lets earlier rules win a field, so managed rules also win fields over other ids).
 */
export function mergeRuleLists(lists: Partial<Record<RuleProvenance, readonly Rule[]>>): MergedRule[] {
  const seen = new Set<string>();
  const out: MergedRule[] = [];
  for (const provenance of ['managed', 'feed', 'local'] as const) {
    for (const rule of lists[provenance] ?? []) {
      if (seen.has(rule.id)) continue;
      seen.add(rule.id);
      out.push({ ...rule, provenance });
    }
  }
  return out;
}
