// Safe compilation of user regular expressions. JavaScript cannot time out a running RegExp (and the
// content script runs on the page's main thread), so safety comes from three layers:
//  1. Input cap: a rule's regex sees at most LIMITS.regexInput (1000) characters of the field's text.
//  2. Static cost estimate: the pattern is parsed and rejected when its worst-case backtracking on an
//     input of that length could exceed ~10^7 steps. Backtracking blows up where several variable
//     repeats can match the same character c in a row (nothing required between them that cannot be c):
//     each open-ended repeat in such a chain multiplies the work by the input length, each bounded
//     one by its range, each group with k alternatives that can start with c by k. An unanchored
//     pattern is searched from every position, which counts as one more open-ended repeat. Nested
//     variable repeats ((a+)+, (\d{1,2}\.)*), repeated groups with overlapping alternatives ((a|ab)+),
//     backreferences and open-ended repeats inside lookarounds are rejected outright.
//     Character overlap is decided by the engine itself: each atom is compiled alone and tested on a
//     sample alphabet (ASCII, a few Latin-1/Unicode letters and spaces).
//  3. Circuit breaker (engine.ts): with a clock, a regex that still runs slowly on a page is disabled
//     for the rest of the session and reported.
import { LIMITS } from './model';

export type RegexCheck = { ok: true; re: RegExp } | { ok: false; message: string };

const STEP_BUDGET = 1e7;
const WIDE_RANGE = 16; // {0,15} and below count as a bounded factor; wider ranges behave like *.

type Node =
  | { t: 'atom'; src: string }
  | { t: 'assert'; src: string }
  | { t: 'backref' }
  | { t: 'group'; kind: 'capture' | 'plain' | 'look'; alts: Node[][] }
  | { t: 'quant'; min: number; max: number; body: Node };

class Unsupported extends Error {}

function parse(s: string, unicode: boolean): Node[][] {
  let i = 0;
  const quantAt = (j: number) => /^\{(\d+)(?:(,)(\d*))?\}/.exec(s.slice(j));

  const alts = (): Node[][] => {
    const out = [seq()];
    while (s[i] === '|') {
      i++;
      out.push(seq());
    }
    return out;
  };
  const seq = (): Node[] => {
    const items: Node[] = [];
    while (i < s.length && s[i] !== '|' && s[i] !== ')') items.push(quant(atom()));
    return items;
  };
  const atom = (): Node => {
    const c = s[i]!;
    if (c === '(') {
      i++;
      let kind: 'capture' | 'plain' | 'look' = 'capture';
      if (s.startsWith('?:', i)) { kind = 'plain'; i += 2; }
      else if (s.startsWith('?=', i) || s.startsWith('?!', i)) { kind = 'look'; i += 2; }
      else if (s.startsWith('?<=', i) || s.startsWith('?<!', i)) { kind = 'look'; i += 3; }
      else if (s.startsWith('?<', i)) { const end = s.indexOf('>', i); if (end < 0) throw new Unsupported(); i = end + 1; }
      else if (s[i] === '?') throw new Unsupported(); // modifiers (?i:...) and future syntax
      const body = alts();
      if (s[i] !== ')') throw new Unsupported();
      i++;
      return { t: 'group', kind, alts: body };
    }
    if (c === '[') {
      let j = i + 1;
      if (s[j] === '^') j++;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) throw new Unsupported();
      const src = s.slice(i, j + 1);
      i = j + 1;
      return { t: 'atom', src };
    }
    if (c === '\\') {
      const d = s[i + 1] ?? '';
      let len = 2;
      if (/[1-9]/.test(d) || (d === 'k' && s[i + 2] === '<')) { i += 2; return { t: 'backref' }; }
      if (d === 'b' || d === 'B') { i += 2; return { t: 'assert', src: '\\' + d }; }
      if ((d === 'p' || d === 'P') && s[i + 2] === '{') len = s.indexOf('}', i) - i + 1;
      else if (d === 'x') len = 4;
      else if (d === 'u') len = s[i + 2] === '{' ? s.indexOf('}', i) - i + 1 : 6;
      else if (d === 'c') len = 3;
      if (len <= 0) throw new Unsupported();
      const src = s.slice(i, i + len);
      i += len;
      return { t: 'atom', src };
    }
    if (c === '^' || c === '$') { i++; return { t: 'assert', src: c }; }
    const code = s.codePointAt(i)!;
    const len = unicode && code > 0xffff ? 2 : 1;
    const src = s.slice(i, i + len);
    i += len;
    return { t: 'atom', src };
  };
  const quant = (body: Node): Node => {
    let min: number;
    let max: number;
    const c = s[i];
    if (c === '*') { min = 0; max = Infinity; i++; }
    else if (c === '+') { min = 1; max = Infinity; i++; }
    else if (c === '?') { min = 0; max = 1; i++; }
    else {
      const m = c === '{' ? quantAt(i) : null;
      if (!m) return body;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      i += m[0].length;
    }
    if (s[i] === '?') i++; // lazy: same worst case
    if (s[i] === '*' || s[i] === '+' || s[i] === '{') throw new Unsupported();
    return { t: 'quant', min, max, body };
  };

  const out = alts();
  if (i !== s.length) throw new Unsupported();
  return out;
}

// ---- character sets over a sample alphabet, as bit masks ----
const ALPHABET: string[] = [];
for (const c of [9, 10, 13]) ALPHABET.push(String.fromCharCode(c));
for (let c = 32; c < 127; c++) ALPHABET.push(String.fromCharCode(c));
ALPHABET.push('\u00a0', 'é', 'ß', 'É', '\u2013', '\u2009', 'ж', '中');
const ALL = (1n << BigInt(ALPHABET.length)) - 1n;

function analyser(flags: string) {
  const cache = new Map<string, bigint>();
  const atomMask = (src: string): bigint => {
    let m = cache.get(src);
    if (m === undefined) {
      try {
        const re = new RegExp(`^(?:${src})$`, flags.replace('m', ''));
        m = 0n;
        ALPHABET.forEach((ch, k) => { if (re.test(ch)) m! |= 1n << BigInt(k); });
      } catch {
        m = ALL; // cannot tell: assume it overlaps with everything
      }
      cache.set(src, m);
    }
    return m;
  };
  const chars = (n: Node): bigint => {
    switch (n.t) {
      case 'atom': return atomMask(n.src);
      case 'group': return n.kind === 'look' ? 0n : n.alts.reduce((a, seq) => a | seq.reduce((b, x) => b | chars(x), 0n), 0n);
      case 'quant': return n.max === 0 ? 0n : chars(n.body);
      default: return 0n;
    }
  };
  const minLen = (n: Node): number => {
    switch (n.t) {
      case 'atom': return 1;
      case 'group': return n.kind === 'look' ? 0 : Math.min(...n.alts.map(seqMin));
      case 'quant': return n.min * minLen(n.body);
      default: return 0;
    }
  };
  const seqMin = (seq: Node[]) => seq.reduce((a, x) => a + minLen(x), 0);
  /** Characters a sequence can start with. */
  const first = (seq: Node[]): bigint => {
    let m = 0n;
    for (const x of seq) {
      m |= chars(x);
      if (minLen(x) > 0) break;
    }
    return m;
  };
  return { chars, minLen, first };
}

const isVariable = (n: Node): n is Extract<Node, { t: 'quant' }> => n.t === 'quant' && n.max > n.min;
const isWide = (n: Extract<Node, { t: 'quant' }>) => n.max === Infinity || n.max - n.min >= WIDE_RANGE;

function walk(n: Node, f: (x: Node) => void): void {
  f(n);
  if (n.t === 'group') for (const seq of n.alts) for (const x of seq) walk(x, f);
  else if (n.t === 'quant') walk(n.body, f);
}
const some = (n: Node, p: (x: Node) => boolean): boolean => {
  let hit = false;
  walk(n, (x) => { hit ||= p(x); });
  return hit;
};

interface Element {
  mask: bigint;
  required: boolean;
  wide: boolean;
  /** Backtracking choices this element offers on character k. */
  factor(k: number): number;
}

/** Worst-case steps for an input of length n, over every chain of elements sharing one character. */
function chainCost(elements: Element[], n: number): number {
  let worst = 0;
  for (let k = 0; k < ALPHABET.length; k++) {
    const bit = 1n << BigInt(k);
    let degree = 0;
    let factor = 1;
    for (const e of elements) {
      if (e.mask & bit) {
        if (e.wide) degree++;
        factor *= e.factor(k);
        worst = Math.max(worst, n ** degree * factor);
      } else if (e.required) {
        degree = 0;
        factor = 1;
      }
    }
  }
  return worst;
}

function reason(tree: Node[][], flags: string, inputCap: number): string | null {
  const root: Node = { t: 'group', kind: 'plain', alts: tree };
  const { chars, minLen, first } = analyser(flags);
  if (some(root, (x) => x.t === 'backref')) return 'must not use backreferences (\\1, \\k<name>): they can make matching take exponential time';
  const overlapping = (alts: Node[][]) => {
    const starts = alts.map(first);
    return starts.some((a, i) => starts.some((b, j) => j > i && (a & b) !== 0n));
  };
  let problem: string | null = null;
  walk(root, (x) => {
    if (problem) return;
    if (isVariable(x) && some(x.body, isVariable))
      problem = 'must not nest repeats such as (a+)+ or (\\w+\\s?)*: they can make matching take exponential time; repeat a single character class instead';
    else if (x.t === 'quant' && isWide(x) && x.body.t === 'group' && overlapping(x.body.alts))
      problem = 'must not repeat a group whose alternatives can start with the same character, such as (a|ab)+: it can make matching take exponential time';
    else if (x.t === 'quant' && isWide(x) && minLen(x.body) === 0)
      problem = 'must not repeat something that can match nothing, such as (a|)* or (?:)*';
    else if (x.t === 'group' && x.kind === 'look' && some(x, (y) => y.t === 'quant' && isWide(y)))
      problem = 'must not use *, + or {n,} inside a lookahead or lookbehind (it runs again at every position)';
  });
  if (problem) return problem;

  const single = (x: Node): Element => {
    const body = x.t === 'quant' ? x.body : x;
    const starts = body.t === 'group' && body.alts.length > 1 ? body.alts.map(first) : [];
    const altFactor = (k: number) => Math.max(1, starts.filter((m) => m & (1n << BigInt(k))).length);
    const wideInside = some(x, (y) => y.t === 'quant' && isWide(y));
    if (x.t !== 'quant') return { mask: chars(x), required: minLen(x) > 0, wide: wideInside, factor: altFactor };
    const wide = isWide(x);
    return { mask: chars(x), required: minLen(x) > 0, wide: wideInside, factor: (k) => (wide ? 1 : (x.max - x.min + 1) * altFactor(k) ** x.max) };
  };
  /**
   * The element lists a sequence can unfold into: plain groups are inlined, one list per alternative
   * (a marker element carries the branching on characters several alternatives can start with), so a
   * chain is followed into and out of groups. Past MAX_VARIANTS a group is approximated by one element.
   */
  const MAX_VARIANTS = 256;
  const expand = (seq: Node[]): Element[][] => {
    let variants: Element[][] = [[]];
    for (const x of seq) {
      let opts: Element[][];
      if (x.t === 'assert' || x.t === 'backref' || (x.t === 'group' && x.kind === 'look')) continue;
      else if (x.t === 'group') {
        const starts = x.alts.map(first);
        const marker: Element = {
          mask: ALL, required: false, wide: false,
          factor: (k) => Math.max(1, starts.filter((m) => m & (1n << BigInt(k))).length),
        };
        opts = x.alts.flatMap((alt) => expand(alt).map((v) => (x.alts.length > 1 ? [marker, ...v] : v)));
      } else if (x.t === 'quant' && x.min === x.max && x.min <= 10 && some(x.body, (y) => y.t === 'quant')) {
        opts = [[]];
        const once = expand([x.body]);
        for (let r = 0; r < x.min && opts.length <= MAX_VARIANTS; r++) opts = opts.flatMap((a) => once.map((b) => [...a, ...b]));
      } else opts = [[single(x)]];
      if (variants.length * opts.length > MAX_VARIANTS) opts = [[single(x)]];
      variants = variants.flatMap((a) => opts.map((b) => [...a, ...b]));
    }
    return variants;
  };

  // Top-level alternatives carry the search loop; nested sequences are checked on their own as well
  // (lookaround bodies, repeated groups and approximated groups are not unfolded into the top level).
  const sequences: { seq: Node[]; top: boolean }[] = tree.map((seq) => ({ seq, top: true }));
  walk(root, (x) => { if (x !== root && x.t === 'group') for (const seq of x.alts) sequences.push({ seq, top: false }); });
  for (const { seq, top } of sequences) {
    const anchored = top && !flags.includes('m') && seq[0]?.t === 'assert' && seq[0].src === '^';
    // An unanchored search retries from every start position: one more open-ended repeat.
    const prefix: Element[] = top && !anchored ? [{ mask: ALL, required: false, wide: true, factor: () => 1 }] : [];
    if (expand(seq).some((v) => chainCost([...prefix, ...v], inputCap) > STEP_BUDGET))
      return `could take too long on long text: several repeats or alternatives in a row can match the same characters (as in \\s*(.*)\\s* or .*:.*); ${
        anchored || !top ? '' : 'start it with ^, or '
      }use a negated class such as [^<]+ or \\S+ instead of .* (values are trimmed already, so \\s* at the ends is not needed)`;
  }
  return null;
}

/**
 * Compiles a rule's regex: it must compile with flags from "imsu", have exactly one capture group and
 * pass the backtracking checks above. The message is meant for the person who wrote the pattern.
 */
export function compileRuleRegex(pattern: unknown, flags: unknown = '', inputCap: number = LIMITS.regexInput): RegexCheck {
  if (typeof pattern !== 'string' || pattern === '') return { ok: false, message: 'must be a non-empty regular expression' };
  if (pattern.length > LIMITS.patternLength) return { ok: false, message: `must be at most ${LIMITS.patternLength} characters long` };
  const f = typeof flags === 'string' ? flags : '';
  if (typeof flags !== 'string' || !/^[imsu]*$/.test(f) || new Set(f).size !== f.length)
    return { ok: false, message: 'flags must be some of "i", "m", "s", "u", each once' };
  let re: RegExp;
  try {
    re = new RegExp(pattern, f);
  } catch (e) {
    return { ok: false, message: `does not compile: ${(e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '')}` };
  }
  // Group count without parsing: the empty alternative always matches, so the result has every group.
  const groups = new RegExp(`(?:${pattern})|`, f).exec('')!.length - 1;
  if (groups !== 1) return { ok: false, message: `must have exactly one capture group (…) around the value; it has ${groups}${groups > 1 ? ': make the others non-capturing with (?:…)' : ''}` };
  let tree: Node[][];
  try {
    tree = parse(pattern, f.includes('u'));
  } catch {
    return { ok: false, message: 'uses syntax the safety check does not know; simplify it' };
  }
  const why = reason(tree, f, inputCap);
  return why ? { ok: false, message: why } : { ok: true, re };
}

const compiled = new Map<string, RegexCheck>();

/** compileRuleRegex, memoised (the engine re-reads the page often). */
export function cachedRuleRegex(pattern: string, flags = ''): RegexCheck {
  const key = `${flags}/${pattern}`;
  let r = compiled.get(key);
  if (!r) {
    if (compiled.size > 500) compiled.clear();
    r = compileRuleRegex(pattern, flags);
    compiled.set(key, r);
  }
  if (r.ok) r.re.lastIndex = 0;
  return r;
}
