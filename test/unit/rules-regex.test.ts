import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleRegex } from '../../lib/rules/regex';

const message = (p: string, flags = '') => {
  const r = compileRuleRegex(p, flags);
  return r.ok ? 'ok' : r.message;
};

describe('compileRuleRegex accepts the patterns rules are written with', () => {
  it.each([
    '^Priority:\\s*(\\w+)',
    'Priority:\\s*(\\w+)',
    '#(\\d+)',
    '<([^<>\\s]+@[^<>\\s]+)>',
    '([\\w.+-]+@[\\w-]+\\.[\\w.-]+)',
    '^(.+?)\\s*<[^>]*>$',
    'Created (.*) by',
    '(\\d{1,2})\\.\\d{1,2}\\.\\d{4}',
    'Prio(?:rity)?:?\\s*(\\S+)',
    '^(?:Sev|Severity)\\s*(\\d)',
    '(?<sev>P[1-4])',
    '^\\s*(\\S.*)$',
    '(.*)',
  ])('%s', (p) => {
    expect(message(p)).toBe('ok');
  });

  it('returns a compiled RegExp with the flags', () => {
    const r = compileRuleRegex('priority: (\\w+)', 'i');
    expect(r.ok && r.re.exec('PRIORITY: High')?.[1]).toBe('High');
  });
});

describe('compileRuleRegex rejects dangerous patterns with the reason', () => {
  it.each([
    ['(a+)+$', /^must not nest repeats/],
    ['(a*)*b', /^must not nest repeats/],
    ['(\\w+\\s?)*$', /^must not nest repeats/],
    ['^(\\d{1,2}\\.)+$', /^must not nest repeats/],
    ['((?:a+)b)+', /^must not nest repeats/],
    ['(a|ab)+c', /^must not repeat a group whose alternatives can start with the same character/],
    ['(?:\\w|\\d)*(x)', /^must not repeat a group whose alternatives can start with the same character/],
    ['(?:a|)*(b)', /^must not repeat something that can match nothing/],
    ['(a)\\1', /^must not use backreferences/],
    ['(?<x>a)\\k<x>', /^must not use backreferences/],
    ['(?=.*x)(a)', /^must not use \*, \+ or \{n,\} inside a lookahead/],
    ['\\s*(.*?)\\s*:', /^could take too long on long text/],
    ['(.+?)\\s*<.+>', /^could take too long on long text.*start it with \^/],
    ['^\\s*(.*?)\\s*$', /^could take too long on long text: .*use a negated class/],
    ['(.*)a.*a', /^could take too long on long text/],
    [`(${'(?:a|a)'.repeat(25)})b`, /^could take too long on long text/],
    [`(${'a?'.repeat(30)}${'a'.repeat(30)})`, /^could take too long on long text/],
  ])('%s', (p, why) => {
    expect(message(p)).toMatch(why);
  });

  it('checks syntax, group count, flags and length first', () => {
    expect(message('(\\w+')).toBe('does not compile: /(\\w+/: Unterminated group');
    expect(message('\\w+')).toBe('must have exactly one capture group (…) around the value; it has 0');
    expect(message('(a)(?:b)(c)')).toBe('must have exactly one capture group (…) around the value; it has 2: make the others non-capturing with (?:…)');
    expect(message('(a)', 'g')).toBe('flags must be some of "i", "m", "s", "u", each once');
    expect(message('(a)', 'ii')).toBe('flags must be some of "i", "m", "s", "u", each once');
    expect(message(`(${'a'.repeat(300)})`)).toBe('must be at most 300 characters long');
    expect(message('')).toBe('must be a non-empty regular expression');
    expect(compileRuleRegex(42).ok).toBe(false);
  });

  it('treats ^ under the m flag as unanchored (it matches after every newline)', () => {
    expect(message('^(.*)a.*$')).toBe('ok');
    expect(message('^(.*)a.*$', 'm')).toMatch(/^could take too long/);
  });
});

// The static check is a heuristic; this is its contract: whatever it accepts runs fast on the inputs that
// make backtracking engines slow (long runs of one character, with a failing tail), at the input cap.
describe('accepted patterns stay fast on adversarial input', () => {
  const atom = fc.constantFrom('a', 'b', ' ', '.', '\\s', '\\S', '\\w', '\\d', '[^<]', '[a-z]', ':', 'x', '[ab]');
  const quant = fc.constantFrom('', '', '*', '+', '?', '{1,3}', '*?', '+?', '{2,}', '{0,20}');
  const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
    p: fc.oneof(
      { depthSize: 'small' },
      fc.tuple(atom, quant).map(([a, q]) => a + q),
      fc
        .tuple(fc.array(tie('p'), { minLength: 1, maxLength: 3 }), fc.array(tie('p'), { maxLength: 2 }), quant)
        .map(([x, y, q]) => `(?:${x.join('')}${y.length ? `|${y.join('')}` : ''})${q}`),
    ),
  })).p;
  const pattern = fc
    .tuple(fc.boolean(), fc.array(piece, { maxLength: 4 }), piece, fc.array(piece, { maxLength: 4 }), fc.boolean())
    .map(([a, pre, cap, post, e]) => `${a ? '^' : ''}${pre.join('')}(${cap})${post.join('')}${e ? '$' : ''}`);

  it('no accepted pattern takes more than 100 ms on a 1000-character input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(pattern, (p) => {
        const r = compileRuleRegex(p);
        if (!r.ok) return true;
        accepted++;
        for (const c of [' ', 'a', '1', 'x', ':', 'b']) {
          for (const s of [c.repeat(1000), `${c.repeat(999)}\n`, `${`a${c}`.repeat(499)}\n`]) {
            let best = Infinity; // best of 3: a GC pause is not backtracking
            for (let i = 0; i < 3 && best > 100; i++) {
              const t = performance.now();
              r.re.exec(s);
              best = Math.min(best, performance.now() - t);
            }
            if (best > 100) throw new Error(`${p} took ${best.toFixed(0)} ms on ${JSON.stringify(s.slice(0, 8))}…`);
          }
        }
        return true;
      }),
      { numRuns: 1500, seed: 20261121 },
    );
    expect(accepted).toBeGreaterThan(50); // the generator must exercise the accepting path
  }, 60_000);
});
