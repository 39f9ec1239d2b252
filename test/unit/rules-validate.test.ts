import { describe, expect, it } from 'vitest';
import { exportRulesJson, mergeRuleLists, parseRulesJson, validateRulesFile } from '../../lib/rules/io';
import type { Rule } from '../../lib/rules/model';
import { engineSelectorCheck, selectorProblem, validateRule, validateRules } from '../../lib/rules/validate';
import { ACME, acmeRule, acmeWidgetsRule } from './rules-helpers';

/** acmeRule with one field rule replaced (or extra top-level properties), as raw data. */
const withField = (field: string, f: unknown): unknown => ({ ...acmeRule, fields: { ...acmeRule.fields, [field]: f } });
const errorsOf = (raw: unknown) => {
  const r = validateRules([raw]);
  return r.ok ? [] : r.errors;
};

describe('validateRules accepts and normalises', () => {
  it('accepts the fixture rules unchanged', () => {
    expect(validateRules([acmeRule, acmeWidgetsRule])).toEqual({ ok: true, rules: [acmeRule, acmeWidgetsRule] });
  });

  it('normalises the origin and trims text', () => {
    const r = validateRule({ id: ' x ', origin: 'HTTPS://Desk.Acme-Internal.example:443/', fields: { subject: { selector: '  h1 ' } } });
    expect(r).toEqual({ ok: true, rule: { id: 'x', origin: ACME, fields: { subject: { selector: 'h1' } } } });
  });
});

describe('validateRules rejects with a path and a clear message', () => {
  it.each<[string, unknown, string, string]>([
    ['invalid selector', withField('subject', { selector: 'div[' }), 'rules[0].fields.subject.selector', 'has an unclosed "["'],
    ['dangling combinator', withField('subject', { selector: 'main >' }), 'rules[0].fields.subject.selector', 'must not start or end with a combinator or comma'],
    ['css block smuggled in', withField('subject', { selector: 'h1 { color: red }' }), 'rules[0].fields.subject.selector', 'must not contain "{"'],
    ['hop with both kinds', withField('subject', { selector: 'h1', within: [{ frame: 'iframe', shadow: 'x-a' }] }), 'rules[0].fields.subject.within[0]', 'must have exactly one of "frame" (an iframe selector) or "shadow" (a shadow host selector)'],
    ['regex that does not compile', withField('priority', { selector: '#p', regex: '(\\w+' }), 'rules[0].fields.priority.regex', 'does not compile: /(\\w+/: Unterminated group'],
    ['regex without capture group', withField('priority', { selector: '#p', regex: 'Priority: \\w+' }), 'rules[0].fields.priority.regex', 'must have exactly one capture group (…) around the value; it has 0'],
    ['regex with two groups', withField('priority', { selector: '#p', regex: '(P\\d) (\\w+)' }), 'rules[0].fields.priority.regex', 'must have exactly one capture group (…) around the value; it has 2: make the others non-capturing with (?:…)'],
    ['catastrophic regex', withField('priority', { selector: '#p', regex: '(a+)+$' }), 'rules[0].fields.priority.regex', 'must not nest repeats such as (a+)+ or (\\w+\\s?)*: they can make matching take exponential time; repeat a single character class instead'],
    ['bad flags', withField('priority', { selector: '#p', regex: '(\\w+)', flags: 'gi' }), 'rules[0].fields.priority.flags', 'flags must be some of "i", "m", "s", "u", each once'],
    ['unknown field', { ...acmeRule, fields: { priorty: { selector: '#p' } } }, 'rules[0].fields.priorty', 'is not a known field'],
    ['unknown property', withField('subject', { selector: 'h1', xpath: '//h1' }), 'rules[0].fields.subject.xpath', 'is not a known field'],
    ['bad zone', withField('createdAt', { selector: 'time', date: { zone: 'Europe/Berln' } }), 'rules[0].fields.createdAt.date.zone', 'must be an IANA time zone such as Europe/Berlin or UTC'],
    ['time-only date format', withField('createdAt', { selector: 'time', date: { format: 'HH:mm' } }), 'rules[0].fields.createdAt.date.format', 'must include the day, month and year (e.g. dd.MM.yyyy HH:mm), not only a time or a year'],
    ['date spec on a text field', withField('priority', { selector: '#p', date: { zone: 'UTC' } }), 'rules[0].fields.priority.date', 'applies to date fields only (createdAt, firstAgentReplyAt, lastAgentReplyAt)'],
    ['attribute without read', withField('createdAt', { selector: 'time', attribute: 'datetime' }), 'rules[0].fields.createdAt.read', 'must be "attribute" when an attribute is named'],
    ['read attribute without name', withField('createdAt', { selector: 'time', read: 'attribute' }), 'rules[0].fields.createdAt.attribute', 'is required when read is "attribute"'],
    ['page field without selector', withField('subject', { regex: '(.+)' }), 'rules[0].fields.subject.selector', 'is required when the value comes from the page'],
    ['selector on a url field', withField('ticketId', { from: 'url', selector: 'h1', regex: '(\\d+)' }), 'rules[0].fields.ticketId.selector', 'does not apply when the value comes from the url'],
    ['javascript: origin', { ...acmeRule, origin: 'javascript:alert(1)' }, 'rules[0].origin', 'must be an http:// or https:// origin such as https://desk.example.com (no path)'],
    ['origin with a path', { ...acmeRule, origin: `${ACME}/desk` }, 'rules[0].origin', 'must be an http:// or https:// origin such as https://desk.example.com (no path)'],
    ['relative path pattern', { ...acmeRule, path: 'desk/*' }, 'rules[0].path', 'must be a path pattern starting with "/", e.g. /tickets/* or /app/**'],
    ['no fields', { ...acmeRule, fields: {} }, 'rules[0].fields', 'must read at least one field'],
    ['too many hops', withField('subject', { selector: 'h1', within: Array(7).fill({ shadow: 'x-a' }) }), 'rules[0].fields.subject.within', 'must have at most 6 steps'],
    ['missing origin', { id: 'a', fields: { subject: { selector: 'h1' } } }, 'rules[0].origin', 'is required'],
  ])('%s', (_name, raw, path, message) => {
    expect(errorsOf(raw)).toContainEqual({ path, message });
  });

  it('reports every problem of a rule at once, and duplicate ids across rules', () => {
    const bad = { ...acmeRule, fields: { subject: { selector: 'div[' }, priority: { selector: '#p', regex: '(a|ab)+' } } };
    const r = validateRules([acmeRule, bad, { ...acmeRule }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'rules[1].fields.subject.selector', message: 'has an unclosed "["' },
      { path: 'rules[2].id', message: '"acme-desk" is already the id of rules[0]' },
    ]);
    // The regex problem shows once the selector is fixed (cross-field checks run on a well-formed rule).
    const r2 = validateRules([{ ...bad, id: 'b', fields: { priority: bad.fields.priority } }]);
    expect(r2.ok ? [] : r2.errors).toEqual([
      { path: 'rules[0].fields.priority.regex', message: 'must not repeat a group whose alternatives can start with the same character, such as (a|ab)+: it can make matching take exponential time' },
    ]);
  });

  it('"javascript:" inside a selector or attribute value is only data: nothing from a rule is ever navigated', () => {
    const r = validateRule(withField('subject', { selector: 'a[href^="javascript:"]', read: 'attribute', attribute: 'title' }));
    expect(r.ok).toBe(true);
  });

  it('prototype keys from hostile JSON are unknown fields, and do not reach the output', () => {
    const raw = JSON.parse(`{"id":"p","origin":"${ACME}","fields":{"subject":{"selector":"h1"},"__proto__":{"selector":"x"}}}`);
    expect(errorsOf(raw)).toContainEqual({ path: 'rules[0].fields.__proto__', message: 'is not a known field' });
  });

  it('caps the number of rules and refuses non-lists', () => {
    expect(validateRules(Array(201).fill(acmeRule))).toEqual({ ok: false, errors: [{ path: 'rules', message: 'must hold at most 200 rules' }] });
    expect(validateRules({ rules: [] })).toEqual({ ok: false, errors: [{ path: 'rules', message: 'must be a list' }] });
  });

  it('can let the browser judge selectors too', () => {
    const check = engineSelectorCheck(document);
    expect(selectorProblem('a:unknown-pseudo(')).toBe('has an unclosed "("');
    expect(check('h1[data-field="subject"]')).toBeNull();
    expect(check('##x')).toBe('is not a valid CSS selector in this browser');
    const r = validateRules([withField('subject', { selector: '##x' })], { checkSelector: check });
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'rules[0].fields.subject.selector', message: 'is not a valid CSS selector in this browser' }]);
  });
});

describe('rules files', () => {
  const now = new Date('2026-11-21T09:00:00Z');

  it('export and import round-trip', () => {
    const text = exportRulesJson([acmeRule, acmeWidgetsRule], now);
    expect(JSON.parse(text)).toMatchObject({ format: 'sla-lens/reading-rules', version: 1, exportedAt: '2026-11-21T09:00:00.000Z' });
    expect(parseRulesJson(text)).toEqual({ ok: true, rules: [acmeRule, acmeWidgetsRule] });
  });

  it('gives JSON syntax errors a line and column, and checks the header', () => {
    const r = parseRulesJson('{\n  "format": "sla-lens/reading-rules",\n  "rules": [,]\n}');
    expect(r.ok ? null : r.errors[0]).toMatchObject({ line: 3, column: 13 });
    expect(validateRulesFile({ format: 'sla-lens/contracts', version: 9, rules: [] })).toEqual({
      ok: false,
      errors: [
        { path: 'format', message: 'must be "sla-lens/reading-rules"' },
        { path: 'version', message: 'must be 1 (a newer SLA Lens may have written this file)' },
      ],
    });
    expect(validateRulesFile([acmeRule])).toEqual({ ok: true, rules: [acmeRule] });
  });
});

describe('mergeRuleLists', () => {
  const r = (id: string, label: string): Rule => ({ id, label, origin: ACME, fields: { subject: { selector: 'h1' } } });

  it('merges by id with precedence managed > feed > local, managed first', () => {
    const merged = mergeRuleLists({
      local: [r('a', 'local a'), r('b', 'local b'), r('c', 'local c')],
      feed: [r('b', 'feed b'), r('d', 'feed d')],
      managed: [r('c', 'managed c')],
    });
    expect(merged.map((m) => [m.id, m.label, m.provenance])).toEqual([
      ['c', 'managed c', 'managed'],
      ['b', 'feed b', 'feed'],
      ['d', 'feed d', 'feed'],
      ['a', 'local a', 'local'],
    ]);
  });

  it('works with missing lists', () => {
    expect(mergeRuleLists({ local: [r('a', 'x')] }).map((m) => m.provenance)).toEqual(['local']);
    expect(mergeRuleLists({})).toEqual([]);
  });
});
