import type { FieldSource, GetJson, SnapshotField, TicketSnapshot } from './types';

// Small, pure DOM reading helpers shared by the adapters. They never throw on odd markup and never
// touch globals: every function takes the root to search.

/** A selector variant list: tried in order, first hit wins. Each entry should carry a comment in the adapter. */
export type Selectors = readonly string[];

/** First element matching any of the variants (in variant order), or null. Invalid selectors are skipped. */
export function first(root: ParentNode | null | undefined, selectors: Selectors): Element | null {
  if (!root) return null;
  for (const s of selectors) {
    try {
      const el = root.querySelector(s);
      if (el) return el;
    } catch {
      /* invalid selector in this engine: try the next variant */
    }
  }
  return null;
}

/** All elements matching the first variant that matches anything. */
export function all(root: ParentNode | null | undefined, selectors: Selectors): Element[] {
  if (!root) return [];
  for (const s of selectors) {
    try {
      const list = root.querySelectorAll(s);
      if (list.length) return Array.from(list);
    } catch {
      /* skip */
    }
  }
  return [];
}

/** Collapsed, trimmed text content; undefined when empty. Reads `.value` for form controls. */
export function textOf(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  let raw: string | null | undefined;
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA') {
    raw = (el as HTMLInputElement).value || el.getAttribute('value');
  } else if (tag === 'SELECT') {
    const sel = el as HTMLSelectElement;
    // The saved value (option[selected]) rather than an unsaved edit; selectedOptions as fallback.
    const opt = sel.querySelector('option[selected]') ?? sel.selectedOptions?.[0];
    raw = opt?.textContent;
  } else {
    raw = el.textContent;
  }
  const t = (raw ?? '').replace(/\s+/g, ' ').trim();
  return t || undefined;
}

/** Text of the first match of the variants. */
export function text(root: ParentNode | null | undefined, selectors: Selectors): string | undefined {
  return textOf(first(root, selectors));
}

/** Attribute of the first match of the variants. */
export function attr(root: ParentNode | null | undefined, selectors: Selectors, name: string): string | undefined {
  const v = first(root, selectors)?.getAttribute(name)?.trim();
  return v || undefined;
}

const EMAIL = /[A-Z0-9._%+'-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;

/** The first email address in a string, lower-cased. */
export function emailIn(s: string | null | undefined): string | undefined {
  const m = s ? EMAIL.exec(s) : null;
  return m ? m[0].toLowerCase() : undefined;
}

// Date.parse is lenient ("5" parses as a date in 2001): require an ISO date, or an RFC 2822 date
// with an explicit offset ("Sun, 22 Nov 2026 00:43:32 +0100", as mail-ish helpdesks print).
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}|^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UTC|Z)$/;

/** Parse an ISO-8601 (or RFC 2822 with offset) instant into a Date; undefined when invalid. */
export function isoDate(s: string | null | undefined): Date | undefined {
  if (!s || !ISO_SHAPE.test(s.trim())) return undefined;
  const t = Date.parse(s.trim());
  return Number.isFinite(t) ? new Date(t) : undefined;
}

/** Parse epoch milliseconds or seconds. */
export function epochDate(v: unknown): Date | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return new Date(n < 1e11 ? n * 1000 : n);
}

/** Remove undefined values so spreads do not erase fields read elsewhere. */
export function compact<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Safe property read of unknown JSON: get(obj, 'a', 'b', 0). */
export function get(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Sets one snapshot field and its source; a read that throws or finds nothing leaves the field out. */
export type Put = <K extends SnapshotField>(k: K, src: FieldSource, read: () => TicketSnapshot[K] | undefined) => void;

/** A field writer for `s`: one odd node must not lose the other fields. */
export function writer(s: Partial<TicketSnapshot>): Put {
  return (k, src, read) => {
    try {
      const v = read();
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return;
      (s as Record<string, unknown>)[k] = v;
      (s.sources ??= {})[k] = src;
    } catch {
      /* one odd node must not lose the other fields */
    }
  };
}

/** enrich() that never throws: a shape surprise the field guards missed becomes a problem note. */
export function guardedEnrich(
  fn: (s: TicketSnapshot, getJson: GetJson, doc?: Document) => Promise<Partial<TicketSnapshot>>,
): (s: TicketSnapshot, getJson: GetJson, doc?: Document) => Promise<Partial<TicketSnapshot>> {
  return async (s, getJson, doc) => {
    try {
      return await fn(s, getJson, doc);
    } catch (e) {
      return { problems: [`api: ${e instanceof Error ? e.message : String(e)}`] };
    }
  };
}
