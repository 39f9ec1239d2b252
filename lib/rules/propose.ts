// The picker's brain: a stable selector for a clicked element, and how to read its value.
// Stable = survives a re-render and another ticket: ids and data-* / aria / name attributes first, never
// generated ids, hashed or state classes, or attributes that echo the value itself (an aria-label equal
// to the subject changes with every ticket); then an anchored path of tag:nth-of-type steps, never text.
// Every proposal is verified to match exactly the picked element within the scope root.
import { textOf } from '../adapters/dom';
import { readFieldRule } from './engine';
import { isDateField, type FieldRule, type Hop, type RuleField } from './model';
import { parseDateText } from './dates';

/** CSS.escape (CSSOM spec), without the global. */
export function cssEscape(value: string): string {
  let out = '';
  const s = String(value);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (c === 0) out += '\uFFFD';
    else if ((c >= 1 && c <= 0x1f) || c === 0x7f || (i === 0 && c >= 0x30 && c <= 0x39) || (i === 1 && c >= 0x30 && c <= 0x39 && s.charCodeAt(0) === 0x2d))
      out += `\\${c.toString(16)} `;
    else if (i === 0 && s.length === 1 && c === 0x2d) out += `\\${ch}`;
    else if (c >= 0x80 || c === 0x2d || c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

const attrValue = (v: string) => `"${v.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"`;

/** Framework counters and hashes in ids: ember123, :r1:, react-select-3-input, ticket-48213, uuids. */
export function isGeneratedId(id: string): boolean {
  return (
    id.length > 64 ||
    id.includes(':') ||
    /\d{3,}/.test(id) ||
    /(?:^|[-_.])\d+(?:$|[-_.])/.test(id) ||
    /^(?:ember|ext-gen|yui_|gwt-|j_id|ctl\d|mui-|radix-|headlessui-|downshift-|react-|rc-|el-id-|vs\d)/i.test(id) ||
    id.split(/[-_.]/).some((seg) => seg.length >= 5 && /\d.*\d/.test(seg) && /[a-z]/i.test(seg))
  );
}

/** Build-tool class names: css-modules (_3xYz, Button_root__a1B2c), styled-components (sc-abc123, kFmHjQ), emotion (css-1q2w3e), jss counters, utilities with numbers. */
export function isHashedClass(c: string): boolean {
  return (
    /^(?:sc|css|jsx|emotion|tw|styled|svelte|astro|chakra|mantine|ant)-(?=[A-Za-z0-9_-]*(?:\d|[A-Z]))[A-Za-z0-9_-]{4,}$/.test(c) ||
    /^_[A-Za-z0-9_-]*(?:\d|[A-Z])/.test(c) ||
    /__[A-Za-z0-9-]*(?:\d|[A-Z][a-z]*[A-Z])[A-Za-z0-9-]*$/.test(c) ||
    /^(?=(?:[a-z]*[A-Z]){2})[a-z][a-zA-Z]{4,7}$/.test(c) ||
    /\d{3,}|-\d+$|\[|\]|\/|:/.test(c) ||
    c.split(/[-_]/).some((seg) => seg.length >= 5 && /\d/.test(seg) && /[a-z]/i.test(seg))
  );
}

const STATE_CLASS = /^(?:is-|has-|ng-|js-active|active$|selected$|current$|open$|opened$|closed$|hover|focus|expanded$|collapsed$|hidden$|visible$|disabled$|loading$|checked$|highlighted$|show$|fade$|in$|ember-view$)/i;
const PREFERRED_DATA = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'data-field', 'data-field-name', 'data-name', 'data-key', 'data-automation-id', 'data-component', 'data-role', 'data-garden-id'];
const UNSTABLE_DATA = /^data-(?:v-[0-9a-f]{6,}|react|state$|active|selected|focus|hover|open|expanded|disabled|highlighted|is-|headlessui|checked|pressed|loading|visible|hidden|emotion|styled|index|value$|count|timestamp|time$|date$|sort)/i;

export type ProposalKind = 'id' | 'data' | 'aria' | 'name' | 'role' | 'class' | 'tag' | 'structural';
const STRONG: ReadonlySet<ProposalKind> = new Set(['id', 'data', 'aria', 'name']);

export interface SelectorProposal {
  /** Queried inside the root `within` leads to (from the scope root). */
  selector: string;
  within: Hop[];
  /** The strongest ingredient: what the selector relies on. */
  kind: ProposalKind;
  /** How it was derived, for the picker ("data-testid on the element", "aria-label on an ancestor, then a path"). */
  how: string[];
}

interface Candidate { sel: string; kind: ProposalKind; note: string }

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/**
 * An attribute value is usable when short, not generated, and not the data itself: equal to the
 * picked value, or (for longer strings, where a match is no accident) containing it or contained in it.
 */
function stableValue(v: string, forbidden: readonly string[]): boolean {
  const t = v.trim();
  if (!t || t.length > 80 || isGeneratedId(t.replace(/\s+/g, '-'))) return false;
  const a = norm(t);
  return !forbidden.some((raw) => {
    const f = norm(raw);
    return f && (a === f || (f.length >= 8 && a.includes(f)) || (a.length >= 8 && f.includes(a)));
  });
}

function candidates(el: Element, forbidden: readonly string[]): Candidate[] {
  const tag = cssEscape(el.localName);
  const out: Candidate[] = [];
  const id = el.getAttribute('id');
  if (id && !isGeneratedId(id) && stableValue(id, forbidden)) out.push({ sel: `#${cssEscape(id)}`, kind: 'id', note: 'id' });
  const data = Array.from(el.attributes).filter((a) => a.name.startsWith('data-') && !UNSTABLE_DATA.test(a.name) && !/\d{2,}/.test(a.name));
  data.sort((a, b) => rank(a.name) - rank(b.name));
  for (const a of data) {
    if (a.value === '') out.push({ sel: `${tag}[${cssEscape(a.name)}]`, kind: 'data', note: a.name });
    else if (stableValue(a.value, forbidden)) out.push({ sel: `[${cssEscape(a.name)}=${attrValue(a.value)}]`, kind: 'data', note: a.name });
  }
  for (const [name, kind] of [['aria-label', 'aria'], ['name', 'name'], ['itemprop', 'data'], ['part', 'data']] as const) {
    const v = el.getAttribute(name);
    if (v && stableValue(v, forbidden)) out.push({ sel: `${tag}[${name}=${attrValue(v)}]`, kind, note: name });
  }
  const role = el.getAttribute('role');
  if (role && /^[a-z]+$/.test(role)) out.push({ sel: `${tag}[role=${attrValue(role)}]`, kind: 'role', note: 'role' });
  for (const c of Array.from(el.classList)) {
    if (!isHashedClass(c) && !STATE_CLASS.test(c) && stableValue(c, forbidden)) out.push({ sel: `${tag}.${cssEscape(c)}`, kind: 'class', note: `class ${c}` });
  }
  out.push({ sel: tag, kind: 'tag', note: `tag ${el.localName}` });
  return out;
}
const rank = (name: string) => {
  const i = PREFERRED_DATA.indexOf(name);
  return i < 0 ? PREFERRED_DATA.length : i;
};

function uniqueIn(root: ParentNode, sel: string, el: Element): boolean {
  try {
    const list = root.querySelectorAll(sel);
    return list.length === 1 && list[0] === el;
  } catch {
    return false;
  }
}

/** `tag:nth-of-type(k)` steps from `from` (exclusive) down to `el`. */
function pathFrom(from: Node | null, el: Element): string | null {
  const steps: string[] = [];
  let cur: Element | null = el;
  while (cur && cur !== from) {
    const parent: Element | null = cur.parentElement;
    const siblings: Element[] = parent ? Array.from(parent.children) : Array.from((cur.parentNode as ParentNode | null)?.children ?? []);
    const same = siblings.filter((s) => s.localName === cur!.localName);
    steps.unshift(same.length > 1 ? `${cssEscape(cur.localName)}:nth-of-type(${same.indexOf(cur) + 1})` : cssEscape(cur.localName));
    if (!parent) break;
    cur = parent;
  }
  return cur === from || from === null || cur?.parentNode === from ? steps.join(' > ') : null;
}

const MAX_ANCESTORS = 10;

/** A unique selector for `el` inside `root` (both in the same tree), or null. */
function selectorIn(el: Element, root: ParentNode, forbidden: readonly string[]): Omit<SelectorProposal, 'within'> | null {
  const own = candidates(el, forbidden);
  const ancestorsWithin: Element[] = [];
  for (let a = el.parentElement; a && ancestorsWithin.length < MAX_ANCESTORS && a !== root && root.contains(a); a = a.parentElement) ancestorsWithin.push(a);
  const hit = (sel: string, kind: ProposalKind, how: string[]) => (uniqueIn(root, sel, el) ? { selector: sel, kind, how } : null);

  // 1. a strong attribute of the element itself
  for (const c of own) if (STRONG.has(c.kind)) { const r = hit(c.sel, c.kind, [`${c.note} on the element`]); if (r) return r; }
  // 2. the nearest ancestor with a strong, unique attribute, then the element's own candidates
  for (const a of ancestorsWithin) {
    for (const ac of candidates(a, forbidden)) {
      if (!STRONG.has(ac.kind) || !uniqueIn(root, ac.sel, a)) continue;
      for (const c of own) {
        const r = hit(`${ac.sel} ${c.sel}`, ac.kind, [`${ac.note} on an ancestor`, `${c.note} on the element`]);
        if (r) return r;
      }
      const path = pathFrom(a, el);
      const r = path && hit(`${ac.sel} > ${path}`, ac.kind, [`${ac.note} on an ancestor`, 'then a tag path']);
      if (r) return r;
    }
  }
  // 3. weaker own candidates (role, stable class, tag) alone
  for (const c of own) if (!STRONG.has(c.kind)) { const r = hit(c.sel, c.kind, [`${c.note} on the element`]); if (r) return r; }
  // 4. a tag path from the root
  const top = root as Node;
  const path = pathFrom(top.nodeType === 9 ? (top as Document).documentElement?.parentNode ?? null : top, el);
  const sel = path && (top.nodeType === 1 ? `:scope > ${path}` : path);
  return (sel && hit(sel, 'structural', ['a tag path from the scope'])) || null;
}

function isShadowRoot(n: Node): n is ShadowRoot {
  return n.nodeType === 11 && 'host' in n && !!(n as ShadowRoot).host;
}

/** The iframe under `start` (through nested frames and open shadow roots) whose document is `doc`. */
function frameFor(doc: Document, start: ParentNode, depth = 0): Element | null {
  if (depth > 6) return null;
  for (const el of Array.from(start.querySelectorAll('*'))) {
    if (el.shadowRoot) {
      const f = frameFor(doc, el.shadowRoot, depth + 1);
      if (f) return f;
    }
    if (el.localName !== 'iframe' && el.localName !== 'frame') continue;
    let inner: Document | null = null;
    try {
      inner = (el as HTMLIFrameElement).contentDocument;
    } catch {
      /* cross-origin */
    }
    if (inner === doc) return el;
    if (inner) {
      const f = frameFor(doc, inner, depth + 1);
      if (f) return f;
    }
  }
  return null;
}

/** Hops from `scope` to the tree `el` lives in, and that tree's root. */
function hopsTo(el: Element, scope: ParentNode, forbidden: readonly string[], depth = 0): { within: Hop[]; root: ParentNode } | null {
  if ((scope as Node).contains(el) && el !== (scope as Node)) return { within: [], root: scope };
  if (depth > 6) return null;
  const r = el.getRootNode();
  let host: Element | null = null;
  let kind: 'frame' | 'shadow';
  if (isShadowRoot(r)) {
    host = r.host;
    kind = 'shadow';
  } else if (r.nodeType === 9) {
    const top = (scope as Node).nodeType === 9 ? (scope as Document) : ((scope as Node).ownerDocument ?? null);
    host = top ? frameFor(r as Document, top) : null;
    kind = 'frame';
  } else return null;
  if (!host) return null;
  const outer = hopsTo(host, scope, forbidden, depth + 1);
  if (!outer) return null;
  const hostSel = selectorIn(host, outer.root, forbidden);
  if (!hostSel) return null;
  const hop: Hop = kind === 'frame' ? { frame: hostSel.selector } : { shadow: hostSel.selector };
  return { within: [...outer.within, hop], root: r as unknown as ParentNode };
}

/**
 * A stable selector that matches exactly `el` within `scopeRoot` (the active ticket's container, or the
 * document), through same-origin iframes and open shadow roots (`within`), or null when none is unique.
 */
export function proposeSelector(el: Element, scopeRoot: ParentNode): SelectorProposal | null {
  try {
    const value = (pickValue(el).raw ?? '').toLowerCase();
    const forbidden = value.length >= 2 ? [value] : [];
    const path = hopsTo(el, scopeRoot, forbidden);
    if (!path) return null;
    const found = selectorIn(el, path.root, forbidden);
    return found ? { ...found, within: path.within } : null;
  } catch {
    return null;
  }
}

export interface PickedValue {
  read: 'text' | 'value' | 'attribute';
  attribute?: string;
  /** The raw text read that way now. */
  raw: string | undefined;
}

const DATE_ATTRS = ['datetime', 'data-datetime', 'data-timestamp', 'data-time', 'data-date', 'data-created-at', 'title', 'content'];

/** How to read a picked element: form controls by value, dates from machine-readable attributes, emails from mailto links. */
export function pickValue(el: Element, field?: RuleField): PickedValue {
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return { read: 'value', raw: textOf(el) };
  const text = textOf(el);
  if (field && isDateField(field)) {
    for (const a of DATE_ATTRS) {
      const v = el.getAttribute(a)?.trim();
      if (v && parseDateText(v)) return { read: 'attribute', attribute: a, raw: v };
    }
  }
  if (field === 'requesterEmail' && !(text && /@/.test(text))) {
    for (const a of ['href', 'title', 'data-email', 'aria-label']) {
      const v = el.getAttribute(a)?.trim();
      if (v && /@/.test(v)) return { read: 'attribute', attribute: a, raw: v };
    }
  }
  if (!text) {
    for (const a of ['aria-label', 'title', 'value']) {
      const v = el.getAttribute(a)?.trim();
      if (v) return { read: 'attribute', attribute: a, raw: v };
    }
  }
  return { read: 'text', raw: text };
}

export interface PickResult {
  rule?: FieldRule;
  proposal?: SelectorProposal;
  /** The value the rule reads now (what the picker shows). */
  value?: string | Date;
  problem?: string;
}

/**
 * From a click to a field rule: the selector proposal, the read mode, and the value it yields now.
 * `scopeRoot` is where the rule's fields are resolved (the rule's scope element, or the document).
 */
export function pickField(el: Element, field: RuleField, scopeRoot: ParentNode, doc: Document, url: URL): PickResult {
  const proposal = proposeSelector(el, scopeRoot);
  if (!proposal) return { problem: 'no selector matches only this element here; pick a more specific element' };
  const how = pickValue(el, field);
  const rule: FieldRule = {
    selector: proposal.selector,
    ...(proposal.within.length ? { within: proposal.within } : {}),
    ...(how.read !== 'text' ? { read: how.read } : {}),
    ...(how.attribute ? { attribute: how.attribute } : {}),
  };
  const o = readFieldRule(scopeRoot, doc, url, field, rule);
  return { rule, proposal, value: o.value, problem: o.problem };
}
