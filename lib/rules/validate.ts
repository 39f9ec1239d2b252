// Validation and normalisation of reading rules: structure by a valibot schema (every issue, with a
// path such as `rules[2].fields.priority.regex`), then checks that need more than one field: selector
// syntax, regex safety with its flags, date formats with their locale, unique ids.
import * as v from 'valibot';
import { formatPath, type Issue, type Validated } from '../contracts/validate';
import { dateFormatProblem, isLocale, isZone } from './dates';
import { DATE_FIELDS, LIMITS, RULE_FIELDS, type FieldRule, type Hop, type Locator, type Rule, type RuleField } from './model';
import { compileRuleRegex } from './regex';

export type { Issue, Validated };

/**
 * Why `s` is not a usable CSS selector, from its syntax alone (lib/ has no DOM to ask): balanced
 * brackets, parentheses and quotes, no dangling combinator or comma, no CSS blocks. Pass
 * `engineSelectorCheck(document)` as `checkSelector` where a DOM exists to let the browser decide too.
 */
export function selectorProblem(s: string): string | null {
  const t = s.trim();
  if (!t) return 'must not be empty';
  if (t.length > LIMITS.selectorLength) return `must be at most ${LIMITS.selectorLength} characters long`;
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '\\') { i++; continue; }
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') stack.push(c === '[' ? ']' : ')');
    else if (c === ']' || c === ')') { if (stack.pop() !== c) return `has an unmatched "${c}"`; }
    else if (c === '{' || c === '}' || c === ';' || c === '<') return `must not contain "${c}"`;
  }
  if (quote) return 'has an unclosed quote';
  if (stack.length) return `has an unclosed "${stack[0] === ']' ? '[' : '('}"`;
  if (/\[\s*\]/.test(t)) return 'has an empty [ ]';
  if (/^[>+~,]|[>+~,]\s*$/.test(t)) return 'must not start or end with a combinator or comma';
  if (/,\s*,/.test(t)) return 'has an empty part between commas';
  return null;
}

/** A `checkSelector` that asks a real DOM (e.g. the options page's document) whether it parses `s`. */
export function engineSelectorCheck(doc: Document): (s: string) => string | null {
  return (s) => {
    try {
      // An empty fragment: the parse is the whole cost (and querySelectorAll, unlike querySelector, is
      // not memoised per node in happy-dom, where a second call would hide the error).
      doc.createDocumentFragment().querySelectorAll(s);
      return null;
    } catch {
      return 'is not a valid CSS selector in this browser';
    }
  };
}

export interface ValidateOptions {
  /** Extra selector check (the browser's own parser); its message becomes the issue. */
  checkSelector?: (s: string) => string | null;
}

// ---- schema ----
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(max, `must be at most ${max} characters long`));
const Selector = v.pipe(
  v.string('must be a CSS selector (text)'),
  v.trim(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const why = selectorProblem(dataset.value);
    if (why) addIssue({ message: why });
  }),
);
const HopSchema = v.pipe(
  v.strictObject({ frame: v.optional(Selector), shadow: v.optional(Selector) }),
  v.check((h) => (h.frame === undefined) !== (h.shadow === undefined), 'must have exactly one of "frame" (an iframe selector) or "shadow" (a shadow host selector)'),
);
const Hops = v.optional(v.pipe(v.array(HopSchema), v.maxLength(LIMITS.hops, `must have at most ${LIMITS.hops} steps`)));
const LocatorSchema = v.strictObject({ selector: Selector, within: Hops });

const DateSpecSchema = v.strictObject({
  format: v.optional(Text(100)),
  zone: v.optional(v.pipe(v.string(), v.trim(), v.check(isZone, 'must be an IANA time zone such as Europe/Berlin or UTC'))),
  locale: v.optional(v.pipe(v.string(), v.trim(), v.check(isLocale, 'must be a locale such as en, de or en-GB'))),
});

const FieldRuleSchema = v.strictObject({
  from: v.optional(v.picklist(['page', 'url', 'title'], 'must be one of page, url, title')),
  selector: v.optional(Selector),
  within: Hops,
  which: v.optional(v.picklist(['first', 'last'], 'must be one of first, last')),
  read: v.optional(v.picklist(['text', 'value', 'attribute'], 'must be one of text, value, attribute')),
  attribute: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z_:][-A-Za-z0-9_:.]{0,99}$/, 'must be an attribute name such as datetime or data-id'))),
  regex: v.optional(v.string('must be a regular expression (text)')),
  flags: v.optional(v.string('must be text such as "i"')),
  date: v.optional(DateSpecSchema),
});

const Origin = v.pipe(
  v.string('must be an origin such as https://desk.example.com'),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    let u: URL | undefined;
    try {
      u = new URL(dataset.value);
    } catch {
      /* reported below */
    }
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
      addIssue({ message: 'must be an http:// or https:// origin such as https://desk.example.com (no path)' });
      return NEVER;
    }
    return u.origin;
  }),
);

const PathGlob = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\/\S{0,299}$/, 'must be a path pattern starting with "/", e.g. /tickets/* or /app/**'),
);

const RuleSchema = v.strictObject({
  id: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short id of letters, digits, ".", "_" or "-"')),
  label: v.optional(Text(100)),
  origin: Origin,
  path: v.optional(PathGlob),
  adapter: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be an adapter id such as zendesk'))),
  scope: v.optional(LocatorSchema),
  anchor: v.optional(LocatorSchema),
  fields: v.strictObject(
    Object.fromEntries(RULE_FIELDS.map((f) => [f, v.optional(FieldRuleSchema)])) as Record<RuleField, v.OptionalSchema<typeof FieldRuleSchema, undefined>>,
  ),
  disabled: v.optional(v.boolean()),
  updatedAt: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO timestamp'))),
});

function humanMessage(issue: v.BaseIssue<unknown>): string {
  const last = issue.path?.[issue.path.length - 1];
  if (last && 'origin' in last && last.origin === 'key') return issue.expected === 'never' ? 'is not a known field' : 'is required';
  const what: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', strict_object: 'an object', object: 'an object' };
  return what[issue.type] ? `must be ${what[issue.type]}` : issue.message;
}

type Key = string | number;

/** Checks that span several properties of one rule; runs on schema output. */
function crossCheck(rule: Rule, at: (...p: Key[]) => string, opts: ValidateOptions, out: Issue[]): void {
  const add = (path: string, message: string) => out.push({ path, message });
  const engine = (sel: string | undefined, path: string) => {
    const why = sel !== undefined && opts.checkSelector?.(sel);
    if (why) add(path, why);
  };
  const locator = (l: Locator | { selector?: string; within?: Hop[] }, ...p: Key[]) => {
    engine(l.selector, at(...p, 'selector'));
    l.within?.forEach((h, i) => engine('frame' in h ? h.frame : h.shadow, at(...p, 'within', i, 'frame' in h ? 'frame' : 'shadow')));
  };
  if (rule.scope) locator(rule.scope, 'scope');
  if (rule.anchor) locator(rule.anchor, 'anchor');
  const entries = Object.entries(rule.fields) as [RuleField, FieldRule | undefined][];
  if (!entries.some(([, f]) => f)) add(at('fields'), 'must read at least one field');
  for (const [field, f] of entries) {
    if (!f) continue;
    const p = (...k: Key[]) => at('fields', field, ...k);
    const from = f.from ?? 'page';
    if (from === 'page') {
      if (f.selector === undefined) add(p('selector'), 'is required when the value comes from the page');
      else locator(f, 'fields', field);
    } else {
      for (const k of ['selector', 'within', 'which', 'read', 'attribute'] as const)
        if (f[k] !== undefined) add(p(k), `does not apply when the value comes from the ${from}`);
    }
    if (f.read === 'attribute' && !f.attribute) add(p('attribute'), 'is required when read is "attribute"');
    if (f.attribute && f.read !== 'attribute') add(p('read'), 'must be "attribute" when an attribute is named');
    if (f.flags !== undefined && f.regex === undefined) add(p('flags'), 'apply to a regex; add one or remove the flags');
    if (f.regex !== undefined) {
      const r = compileRuleRegex(f.regex, f.flags ?? '');
      if (!r.ok) add(p(/^flags/.test(r.message) ? 'flags' : 'regex'), r.message);
    }
    if (f.date) {
      if (!DATE_FIELDS.has(field)) add(p('date'), `applies to date fields only (${[...DATE_FIELDS].join(', ')})`);
      else if (f.date.format) {
        const why = dateFormatProblem(f.date.format, f.date.locale);
        if (why) add(p('date', 'format'), why);
      }
    }
  }
}

const strip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Validates and normalises a list of rules; paths start with `rules[i]`. */
export function validateRules(list: unknown, opts: ValidateOptions = {}): Validated<{ rules: Rule[] }> {
  if (!Array.isArray(list)) return { ok: false, errors: [{ path: 'rules', message: 'must be a list' }] };
  if (list.length > LIMITS.rules) return { ok: false, errors: [{ path: 'rules', message: `must hold at most ${LIMITS.rules} rules` }] };
  const errors: Issue[] = [];
  const rules: Rule[] = [];
  const ids = new Map<string, number>();
  list.forEach((raw, i) => {
    const at = (...p: Key[]) => formatPath(['rules', i, ...p]);
    const r = v.safeParse(RuleSchema, raw, { message: humanMessage });
    if (!r.success) {
      for (const issue of r.issues) errors.push({ path: formatPath(['rules', i, ...(issue.path ?? []).map((x) => x.key as Key)]), message: issue.message });
      return;
    }
    const rule = strip(r.output) as Rule;
    const before = errors.length;
    crossCheck(rule, at, opts, errors);
    const first = ids.get(rule.id);
    if (first !== undefined) errors.push({ path: at('id'), message: `"${rule.id}" is already the id of rules[${first}]` });
    else ids.set(rule.id, i);
    if (errors.length === before) rules.push(rule);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/** One rule (e.g. from the picker); paths start with `rules[0]`. */
export function validateRule(raw: unknown, opts: ValidateOptions = {}): Validated<{ rule: Rule }> {
  const r = validateRules([raw], opts);
  return r.ok ? { ok: true, rule: r.rules[0]! } : r;
}
