// Reading health: per field, who produced the value (rule, API, page selector, URL) and whether a
// built-in selector that used to match has stopped matching (then the overlay offers "fix with picker").
//
// Proposed adapter shape (additive; adapters keep their private readers):
//   export const SEL = { subject: ['…', '…'], … } as const;                  // already there, now exported
//   export const FIELD_SEL: FieldSelectors = { subject: ['subject'], createdAt: ['logItem', 'logTime'] };
//   export function scope(doc: Document): ParentNode | null;                 // optional: the active ticket
// The content script then calls checkSelectors(SEL, scope?.(doc) ?? doc) after each read, keeps a
// HealthMemory per adapter in session storage (recordHealth), and renders fieldHealth(...).
import type { FieldSource, TicketSnapshot } from '../adapters/types';
import { RULE_FIELDS, type RuleField } from './model';

/** An adapter's selector table: key → variants tried in order. */
export type SelectorTable = Readonly<Record<string, readonly string[]>>;
/** Which selector keys a field needs (all must match for the field to be readable). */
export type FieldSelectors = Partial<Record<RuleField, readonly string[]>>;
/** Key → index of the first matching variant, or null when none matches. */
export type SelectorCheck = Record<string, number | null>;

export function checkSelectors(sel: SelectorTable, root: ParentNode | null | undefined): SelectorCheck {
  const out: SelectorCheck = {};
  for (const [key, variants] of Object.entries(sel)) {
    out[key] = null;
    if (!root) continue;
    for (let i = 0; i < variants.length; i++) {
      try {
        if (root.querySelector(variants[i]!)) {
          out[key] = i;
          break;
        }
      } catch {
        /* invalid in this engine: try the next variant */
      }
    }
  }
  return out;
}

/** Per selector key: on how many reads it matched, and when last. */
export type HealthMemory = Record<string, { seen: number; lastSeen: string }>;

/** Memory after one read's check (a new object; the input is not changed). */
export function recordHealth(memory: HealthMemory, check: SelectorCheck, now: Date): HealthMemory {
  const out: HealthMemory = { ...memory };
  for (const [key, variant] of Object.entries(check)) {
    if (variant === null) continue;
    out[key] = { seen: (memory[key]?.seen ?? 0) + 1, lastSeen: now.toISOString() };
  }
  return out;
}

export interface FieldHealth {
  field: RuleField;
  /** Who produced the value now; 'missing' when nobody did. */
  source: FieldSource | 'missing';
  /** The built-in selectors for this field: matching, stopped matching after working before, or never seen working. */
  builtIn: 'ok' | 'broken' | 'unproven' | 'none';
  /** The overlay shows "fix with picker". */
  fixWithPicker: boolean;
  message?: string;
}

export interface FieldHealthInput {
  adapterLabel: string;
  fields?: FieldSelectors;
  check?: SelectorCheck;
  memory?: HealthMemory;
  /** Matches needed before a miss counts as broken (an optional field may be empty on one ticket). */
  minSeen?: number;
}

/** One row per rule field, for the diagnostics view. */
export function fieldHealth(snapshot: TicketSnapshot | null, input: FieldHealthInput): FieldHealth[] {
  const { adapterLabel, fields = {}, check = {}, memory = {}, minSeen = 3 } = input;
  return RULE_FIELDS.map((field) => {
    const has = snapshot?.[field] !== undefined;
    const source: FieldHealth['source'] = has ? (snapshot?.sources?.[field] ?? 'dom') : 'missing';
    const keys = fields[field] ?? [];
    let builtIn: FieldHealth['builtIn'] = 'none';
    let message: string | undefined;
    if (keys.length) {
      const failing = keys.filter((k) => check[k] === null || check[k] === undefined);
      const provenBefore = failing.filter((k) => (memory[k]?.seen ?? 0) >= minSeen);
      if (!failing.length) builtIn = 'ok';
      else if (provenBefore.length) {
        builtIn = 'broken';
        message = `${adapterLabel}'s built-in reader no longer finds ${field} on this page (it did on ${memory[provenBefore[0]!]!.seen} earlier reads, last ${memory[provenBefore[0]!]!.lastSeen})${source === 'rule' ? '; a reading rule covers it' : source === 'api' ? '; the API covers it for now' : ''}`;
      } else builtIn = 'unproven';
    }
    const fixWithPicker = builtIn === 'broken' && source !== 'rule';
    return { field, source, builtIn, fixWithPicker, ...(message ? { message } : {}) };
  });
}
