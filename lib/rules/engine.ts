// The rules engine: which rules apply to a URL, and what they read from a document. Pure: the document,
// URL, rules and (optionally) a clock come in; values, per-field outcomes and problems go out. Never throws.
import type { TicketSnapshot } from '../adapters/types';
import { emailIn, textOf } from '../adapters/dom';
import { parseDateText } from './dates';
import { LIMITS, RULE_FIELDS, isDateField, type FieldRule, type Hop, type Locator, type Rule, type RuleField } from './model';
import { cachedRuleRegex } from './regex';

export type RuleValues = Partial<Pick<TicketSnapshot, RuleField>>;

export interface ApplyOptions {
  /** Rules for this adapter id only: those without `adapter` or with this one. Default: all. */
  adapter?: string;
  /** Millisecond clock (performance.now) for the regex circuit breaker; without it regexes are not timed. */
  clock?: () => number;
  /** "ruleId:field" keys whose regex ran longer than `slowMs`; the caller keeps the set between reads. */
  slow?: Set<string>;
  slowMs?: number;
}

export interface FieldOutcome {
  field: RuleField;
  ruleId: string;
  value?: string | Date;
  /** The text before regex and parsing (shown by the picker and diagnostics). */
  raw?: string;
  problem?: string;
  /** Regex time, when a clock was given. */
  ms?: number;
}

export interface RulesResult {
  values: RuleValues;
  sources: Partial<Record<RuleField, 'rule'>>;
  problems: string[];
  outcomes: FieldOutcome[];
  /** Applicable rules whose scope was found (or that have none). */
  used: string[];
  /** Applicable rules whose scope was not found: their fields were not read. */
  missingScope: string[];
}

const globCache = new Map<string, RegExp>();
function globRe(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob.split(/(\*\*|\*)/).map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`);
    globCache.set(glob, re);
  }
  return re;
}

/** Whether a rule covers a URL: enabled, same origin, path glob matches (default "/**"). */
export function ruleApplies(rule: Rule, url: URL): boolean {
  return !rule.disabled && rule.origin === url.origin && globRe(rule.path ?? '/**').test(url.pathname);
}

/** The rules covering `url`, in list order (earlier rules win a field), optionally for one adapter. */
export function rulesFor(rules: readonly Rule[], url: URL, adapter?: string): Rule[] {
  return rules.filter((r) => ruleApplies(r, url) && (adapter === undefined || r.adapter === undefined || r.adapter === adapter));
}

type Found = { el: Element } | { problem: string };

function queryAll(root: ParentNode, selector: string): Element[] | string {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return `selector "${selector}" is not valid here`;
  }
}

/** The root reached from `start` by following iframe / shadow-root hops. */
export function follow(start: ParentNode, within: readonly Hop[] = []): { root: ParentNode } | { problem: string } {
  let root: ParentNode = start;
  for (const hop of within) {
    const sel = 'frame' in hop ? hop.frame : hop.shadow;
    const list = queryAll(root, sel);
    if (typeof list === 'string') return { problem: list };
    const host = list[0];
    if (!host) return { problem: `${'frame' in hop ? 'frame' : 'shadow host'} "${sel}" not found` };
    if ('frame' in hop) {
      let inner: Document | null = null;
      try {
        inner = (host as HTMLIFrameElement).contentDocument ?? null;
      } catch {
        /* cross-origin */
      }
      if (!inner) return { problem: `frame "${sel}" is not readable (another origin, or not loaded yet)` };
      root = inner;
    } else {
      const shadow = host.shadowRoot;
      if (!shadow) return { problem: `"${sel}" has no open shadow root` };
      root = shadow;
    }
  }
  return { root };
}

/** The element a locator names under `start` (first or last match). */
export function locate(start: ParentNode, loc: Locator, which: 'first' | 'last' = 'first'): Found {
  const r = follow(start, loc.within);
  if ('problem' in r) return r;
  const list = queryAll(r.root, loc.selector);
  if (typeof list === 'string') return { problem: list };
  const el = which === 'last' ? list.at(-1) : list[0];
  return el ? { el } : { problem: `selector "${loc.selector}" matched nothing` };
}

/** Raw text of an element as a field rule reads it. */
export function readRaw(el: Element, f: Pick<FieldRule, 'read' | 'attribute'>): string | undefined {
  const read = f.read ?? 'text';
  if (read === 'attribute') return el.getAttribute(f.attribute ?? '')?.replace(/\s+/g, ' ').trim() || undefined;
  if (read === 'value') {
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return textOf(el);
    return el.getAttribute('value')?.trim() || undefined;
  }
  return textOf(el);
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

/** A field's value from raw text: regex capture, then the field's type. */
function interpret(
  field: RuleField,
  raw: string,
  f: FieldRule,
  key: string,
  opts: ApplyOptions,
): { value: string | Date; ms?: number } | { problem: string; ms?: number } {
  let text = raw;
  let ms: number | undefined;
  if (f.regex !== undefined) {
    if (opts.slow?.has(key)) return { problem: 'regex switched off for this session: it ran too long earlier' };
    const c = cachedRuleRegex(f.regex, f.flags ?? '');
    if (!c.ok) return { problem: `regex ${c.message}` };
    const input = raw.slice(0, LIMITS.regexInput);
    const t0 = opts.clock?.();
    const m = c.re.exec(input);
    if (t0 !== undefined && opts.clock) {
      ms = opts.clock() - t0;
      if (ms > (opts.slowMs ?? 50)) opts.slow?.add(key);
    }
    if (!m) return { problem: `regex did not match ${quote(input)}${raw.length > input.length ? ` (only the first ${LIMITS.regexInput} characters are searched)` : ''}`, ms };
    const g = m[1]?.replace(/\s+/g, ' ').trim();
    if (!g) return { problem: 'regex matched, but its capture group is empty', ms };
    text = g;
  }
  if (isDateField(field)) {
    const d = parseDateText(text, f.date);
    return d ? { value: d, ms } : { problem: `${quote(text)} is not a date${f.date?.format ? ` in the format ${f.date.format}` : ' (ISO 8601, epoch, SQL or RFC 2822; set date.format for other text)'}`, ms };
  }
  if (field === 'requesterEmail') {
    const e = emailIn(text);
    return e ? { value: e, ms } : { problem: `no email address in ${quote(text)}`, ms };
  }
  if (field === 'ticketId') text = text.replace(/^#/, '').trim();
  const max = field === 'ticketId' ? 100 : LIMITS.valueLength;
  if (text.length > max) return { problem: `value is ${text.length} characters long (at most ${max}): the selector probably names a container`, ms };
  return text ? { value: text, ms } : { problem: 'value is empty', ms };
}

/** Reads one field rule under `start` (the rule's scope, or the document). */
export function readFieldRule(
  start: ParentNode,
  doc: Document,
  url: URL,
  field: RuleField,
  f: FieldRule,
  ruleId = 'draft',
  opts: ApplyOptions = {},
): FieldOutcome {
  const base = { field, ruleId };
  try {
    let raw: string | undefined;
    const from = f.from ?? 'page';
    if (from === 'url') raw = url.pathname + url.search + url.hash;
    else if (from === 'title') raw = doc.title?.replace(/\s+/g, ' ').trim() || undefined;
    else {
      if (!f.selector) return { ...base, problem: 'no selector' };
      const found = locate(start, { selector: f.selector, within: f.within }, f.which);
      if ('problem' in found) return { ...base, problem: found.problem };
      raw = readRaw(found.el, f);
      if (raw === undefined)
        return { ...base, problem: f.read === 'attribute' ? `the element has no "${f.attribute}" attribute` : `the element is empty` };
    }
    if (raw === undefined) return { ...base, problem: `the ${from} is empty` };
    const r = interpret(field, raw, f, `${ruleId}:${field}`, opts);
    return { ...base, raw, ...r };
  } catch (e) {
    return { ...base, problem: `could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The element a rule names as its scope, the document when it has none, or null when it is missing. */
export function scopeOf(doc: Document, rule: Rule): ParentNode | null {
  if (!rule.scope) return doc;
  const found = locate(doc, rule.scope);
  return 'el' in found ? found.el : null;
}

/**
 * Reads every field the applicable rules name. Per field, the first rule (in list order) that yields
 * a value wins; when none does, each attempt's reason is in `problems` ("rule <id>: <field>: ...").
 */
export function applyRules(doc: Document, url: URL, rules: readonly Rule[], opts: ApplyOptions = {}): RulesResult {
  const out: RulesResult = { values: {}, sources: {}, problems: [], outcomes: [], used: [], missingScope: [] };
  const scoped: { rule: Rule; root: ParentNode }[] = [];
  for (const rule of rulesFor(rules, url, opts.adapter)) {
    const root = scopeOf(doc, rule);
    if (root) {
      scoped.push({ rule, root });
      out.used.push(rule.id);
    } else {
      out.missingScope.push(rule.id);
      out.problems.push(`rule ${rule.id}: scope "${rule.scope?.selector}" not found; its fields were not read`);
    }
  }
  for (const field of RULE_FIELDS) {
    const failed: FieldOutcome[] = [];
    for (const { rule, root } of scoped) {
      const f = rule.fields[field];
      if (!f) continue;
      const o = readFieldRule(root, doc, url, field, f, rule.id, opts);
      out.outcomes.push(o);
      if (o.value !== undefined) {
        (out.values as Record<string, unknown>)[field] = o.value;
        out.sources[field] = 'rule';
        failed.length = 0;
        break;
      }
      failed.push(o);
    }
    for (const o of failed) out.problems.push(`rule ${o.ruleId}: ${field}: ${o.problem}`);
  }
  return out;
}

/** The overlay anchor the first applicable rule with an `anchor` names (inside its scope), or null. */
export function ruleAnchor(doc: Document, url: URL, rules: readonly Rule[], adapter?: string): Element | null {
  try {
    for (const rule of rulesFor(rules, url, adapter)) {
      if (!rule.anchor) continue;
      const root = scopeOf(doc, rule);
      const found = root ? locate(root, rule.anchor) : null;
      if (found && 'el' in found) return found.el;
    }
  } catch {
    /* fall through */
  }
  return null;
}
