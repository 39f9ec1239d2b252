// The reading-rules kit: everything the content script loads only where reading rules are in play
// (see ./picker.ts for why it is a separate script). The engine's adapters, the effective rule list,
// and the field picker: a transparent full-viewport layer in our own shadow root that highlights the
// page element under the pointer, takes a click (the page never gets it) and proposes a stable selector
// for the chosen field, with the value it reads now. Browser objects come in as parameters.
import { render } from 'preact';
import { computed, effect, signal } from '@preact/signals';
import { genericAdapterFor, withRuleOverrides } from '../adapters/generic';
import { follow, readFieldRule } from '../rules/engine';
import { mergeRuleLists } from '../rules/io';
import { isDateField, type FieldRule, type Rule, type RuleField } from '../rules/model';
import { pickValue, proposeSelector } from '../rules/propose';
import { dateFormatProblem, isZone } from '../rules/dates';
import { loadReadingRules, saveReadingRule } from '../rules/store';
import { engineSelectorCheck, validateRule } from '../rules/validate';
import { PickerView } from '../../components/PickerPanel';
import { PickerOffer } from '../../components/PickerOffer';
import {
  FIELD_LABEL, GENERIC_NEEDS, PICKER_FIELDS, withPickedField,
  type OfferRequest, type PickerHandle, type PickerRequest, type RuleSources, type RulesKit,
} from './picker';
import { guard, safely } from './safely';

export const PICKER_HOST = 'sla-lens-picker';

// ---------------------------------------------------------------------------------------------
// What the picker views render (signals owned here; components only read them and call actions)

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

export interface Preview {
  selector: string;
  /** "frame #details-frame → shadow #card", or "" in the page itself. */
  path: string;
  how: string;
  /** Elements the selector matches in the ticket scope (1 = as it must be). */
  count: number;
  raw?: string;
  /** The value as the field gets it ("Urgent", a date shown in ISO and local time). */
  value?: string;
  problem?: string;
  /** A regex that drops a "Label:" prefix, offered when the text has one. */
  suggestRegex?: string;
}

export interface PickerModel {
  phase: 'hover' | 'chosen';
  field: RuleField;
  hover: Box | null;
  chosen: Box | null;
  regex: string;
  format: string;
  zone: string;
  preview: Preview | null;
  /** Field-level problems of the regex / date inputs, before saving. */
  inputProblem: string | null;
  status: { kind: 'ok' | 'bad' | 'info'; text: string; errors?: string[] } | null;
  saved: RuleField[];
  busy: boolean;
  side: 'left' | 'right';
  adapterLabel: string | null;
}

export interface PickerActions {
  setField(f: RuleField): void;
  setRegex(s: string): void;
  setFormat(s: string): void;
  setZone(s: string): void;
  save(): void;
  repick(): void;
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Hit testing through open shadow roots and same-origin frames

interface Hit {
  el: Element;
  /** Offset of the element's own viewport (an iframe's) in the top viewport. */
  dx: number;
  dy: number;
}

function hitAt(root: Document | ShadowRoot, x: number, y: number, host: Element, dx = 0, dy = 0, depth = 0): Hit | null {
  let list: Element[];
  try {
    list = root.elementsFromPoint(x, y);
  } catch {
    return null;
  }
  // Skip our own host (the layer shows up retargeted to it); inside a shadow root only its own tree counts.
  const el = list.find((e) => e !== host && (root.nodeType === 9 || e.getRootNode() === root));
  if (!el) return null;
  if (depth < 6 && el.shadowRoot) {
    const inner = hitAt(el.shadowRoot, x, y, host, dx, dy, depth + 1);
    if (inner) return inner;
  }
  if (depth < 6 && (el.localName === 'iframe' || el.localName === 'frame')) {
    let doc: Document | null = null;
    try {
      doc = (el as HTMLIFrameElement).contentDocument;
    } catch {
      /* another origin: the frame itself is what can be picked */
    }
    if (doc) {
      const r = el.getBoundingClientRect();
      const ox = r.left + el.clientLeft;
      const oy = r.top + el.clientTop;
      const inner = hitAt(doc, x - ox, y - oy, host, dx + ox, dy + oy, depth + 1);
      if (inner) return inner;
    }
  }
  return { el, dx, dy };
}

function boxOf(hit: Hit): Box {
  const r = hit.el.getBoundingClientRect();
  const cls = Array.from(hit.el.classList).slice(0, 2).map((c) => `.${c}`).join('');
  return { x: r.left + hit.dx, y: r.top + hit.dy, w: r.width, h: r.height, label: `${hit.el.localName}${hit.el.id ? `#${hit.el.id}` : cls}` };
}

/** The same element's position for keyboard moves: through the frame chain of its document. */
function hitFor(el: Element, topDoc: Document): Hit {
  let dx = 0;
  let dy = 0;
  let doc = el.ownerDocument;
  for (let i = 0; doc && doc !== topDoc && i < 6; i++) {
    const frame = doc.defaultView?.frameElement;
    if (!frame) break;
    const r = frame.getBoundingClientRect();
    dx += r.left + frame.clientLeft;
    dy += r.top + frame.clientTop;
    doc = frame.ownerDocument;
  }
  return { el, dx, dy };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const showValue = (v: string | Date | undefined): string | undefined =>
  v instanceof Date ? `${v.toISOString()} (${v.toLocaleString()})` : v;

// ---------------------------------------------------------------------------------------------
// Our host: one element on <html>, everything else in its shadow root

function makeHost(doc: Document, css: string): { host: HTMLElement; root: ShadowRoot; container: HTMLElement } {
  for (const old of Array.from(doc.querySelectorAll(PICKER_HOST))) old.remove();
  const host = doc.createElement(PICKER_HOST);
  // Our host must not inherit or take the page's styles, nor catch the pointer outside our own boxes.
  host.setAttribute('style', 'all: initial; position: fixed; inset: 0; z-index: 2147483647; pointer-events: none; display: block;');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  root.append(style, container);
  // Keys typed in our panel must not reach the helpdesk's single-key shortcuts.
  for (const type of ['keydown', 'keyup', 'keypress']) host.addEventListener(type, (e) => e.stopPropagation());
  (doc.documentElement ?? doc.body).append(host);
  return { host, root, container };
}

// ---------------------------------------------------------------------------------------------
// The picker session

export interface KitDeps {
  /** Picker CSS (components/PickerStyles). */
  css: string;
  /** Millisecond clock for the regex circuit breaker (performance.now). */
  clock?: () => number;
  store?: {
    load(): Promise<readonly Rule[]>;
    save(rule: Rule, doc: Document, now: Date): Promise<{ ok: true } | { ok: false; errors: { path: string; message: string }[] }>;
  };
}

const defaultStore: NonNullable<KitDeps['store']> = {
  load: async () => (await loadReadingRules()).rules,
  save: async (rule, doc, now) => {
    const r = await saveReadingRule(rule, { now, checkSelector: engineSelectorCheck(doc) });
    return r.ok ? { ok: true } : { ok: false, errors: r.errors };
  },
};

export function startPickerSession(req: PickerRequest, deps: KitDeps): PickerHandle {
  const { doc, url } = req;
  const win = doc.defaultView;
  const store = deps.store ?? defaultStore;
  const { host, container } = makeHost(doc, deps.css);
  const firstField = req.field ?? PICKER_FIELDS[0];

  const m = {
    phase: signal<PickerModel['phase']>('hover'),
    field: signal<RuleField>(firstField),
    hover: signal<Box | null>(null),
    chosen: signal<Box | null>(null),
    regex: signal(''),
    format: signal(''),
    zone: signal(''),
    status: signal<PickerModel['status']>({ kind: 'info', text: `Point at the ${FIELD_LABEL[firstField].toLowerCase()} in the page and click it.` }),
    saved: signal<RuleField[]>([]),
    busy: signal(false),
    side: signal<'left' | 'right'>('right'),
  };
  let hovered: Hit | null = null;
  let chosenHit: Hit | null = null;

  const fieldRule = computed((): { rule?: FieldRule; preview: Preview | null; inputProblem: string | null } => {
    const hit = m.chosen.value && m.phase.value === 'chosen' ? chosenHit : null;
    const field = m.field.value;
    const regex = m.regex.value.trim();
    const format = m.format.value.trim();
    const zone = m.zone.value.trim();
    if (!hit) return { preview: null, inputProblem: null };
    const proposal = proposeSelector(hit.el, doc);
    if (!proposal) return { preview: null, inputProblem: 'No selector matches only this element here: pick the element itself, or one that holds only the value.' };
    const how = pickValue(hit.el, field);
    const rule: FieldRule = {
      selector: proposal.selector,
      ...(proposal.within.length ? { within: proposal.within } : {}),
      ...(how.read !== 'text' ? { read: how.read } : {}),
      ...(how.attribute ? { attribute: how.attribute } : {}),
      ...(regex ? { regex } : {}),
      ...(isDateField(field) && (format || zone) ? { date: { ...(format ? { format } : {}), ...(zone ? { zone } : {}) } } : {}),
    };
    let inputProblem: string | null = null;
    if (isDateField(field) && format) {
      const why = dateFormatProblem(format);
      if (why) inputProblem = `Date format ${why}`;
    }
    if (isDateField(field) && zone && !isZone(zone)) inputProblem = 'Time zone must be an IANA zone such as Europe/Berlin or UTC.';
    if (!inputProblem) {
      const v = validateRule({ id: 'draft', origin: url.origin, fields: { [field]: rule } });
      if (!v.ok) inputProblem = v.errors.map((e) => `${e.path.replace(/^rules\[0\]\.fields\.\w+\.?/, '') || field}: ${e.message}`).join('; ');
    }
    const scopeRoot = follow(doc, proposal.within);
    let count = 0;
    try {
      count = 'root' in scopeRoot ? scopeRoot.root.querySelectorAll(proposal.selector).length : 0;
    } catch {
      count = 0;
    }
    const o = inputProblem ? null : readFieldRule(doc, doc, url, field, rule, 'draft', { clock: deps.clock });
    const label = /^([^:\n]{1,30}):\s*\S/.exec(how.raw ?? '')?.[1];
    const preview: Preview = {
      selector: proposal.selector,
      path: proposal.within.map((h) => ('frame' in h ? `frame ${h.frame}` : `shadow ${h.shadow}`)).join(' → '),
      how: proposal.how.join(', '),
      count,
      raw: o?.raw ?? how.raw,
      value: showValue(o?.value),
      problem: o?.problem,
      ...(label && !regex && !isDateField(field) ? { suggestRegex: `^${escapeRe(label.trim())}:\\s*(.+)$` } : {}),
    };
    return { rule, preview, inputProblem };
  });

  const model = computed(
    (): PickerModel => ({
      phase: m.phase.value,
      field: m.field.value,
      hover: m.hover.value,
      chosen: m.chosen.value,
      regex: m.regex.value,
      format: m.format.value,
      zone: m.zone.value,
      preview: fieldRule.value.preview,
      inputProblem: fieldRule.value.inputProblem,
      status: m.status.value,
      saved: m.saved.value,
      busy: m.busy.value,
      side: m.side.value,
      adapterLabel: req.adapterId ? (req.adapterLabel ?? req.adapterId) : null,
    }),
  );

  let closed = false;
  const ac = new AbortController();
  const close = () => {
    if (closed) return;
    closed = true;
    ac.abort();
    safely('picker:unrender', () => render(null, container), undefined);
    host.remove();
    req.onClose?.();
  };

  const choose = (hit: Hit) => {
    chosenHit = hit;
    m.chosen.value = boxOf(hit);
    m.regex.value = '';
    m.format.value = '';
    m.zone.value = '';
    m.phase.value = 'chosen';
    m.status.value = null;
  };

  const actions: PickerActions = {
    setField: (f) => {
      m.field.value = f;
      if (m.phase.value === 'hover') m.status.value = { kind: 'info', text: `Point at the ${FIELD_LABEL[f].toLowerCase()} in the page and click it.` };
    },
    setRegex: (s) => void (m.regex.value = s),
    setFormat: (s) => void (m.format.value = s),
    setZone: (s) => void (m.zone.value = s),
    repick: () => {
      chosenHit = null;
      m.chosen.value = null;
      m.phase.value = 'hover';
      m.status.value = { kind: 'info', text: `Point at the ${FIELD_LABEL[m.field.value].toLowerCase()} in the page and click it.` };
    },
    close,
    save: () => {
      const { rule, inputProblem } = fieldRule.value;
      const field = m.field.value;
      if (!rule || inputProblem || m.busy.value) return;
      m.busy.value = true;
      void (async () => {
        try {
          const local = await store.load();
          const next = withPickedField(local, { url, adapterId: req.adapterId, adapterLabel: req.adapterLabel }, field, rule);
          const r = await store.save(next, doc, req.now());
          if (closed) return;
          if (!r.ok) {
            m.status.value = { kind: 'bad', text: 'Not saved:', errors: r.errors.map((e) => `${e.path}: ${e.message}`) };
            return;
          }
          const saved = [...new Set([...m.saved.value, field])];
          m.saved.value = saved;
          const wanted: RuleField[] = req.adapterId ? [] : [...GENERIC_NEEDS, 'subject'];
          const nextField = wanted.find((f) => !saved.includes(f));
          chosenHit = null;
          m.chosen.value = null;
          m.phase.value = 'hover';
          if (nextField) m.field.value = nextField;
          m.status.value = {
            kind: 'ok',
            text: `Saved: ${FIELD_LABEL[field]} now comes from this rule.${nextField ? ` Next: point at the ${FIELD_LABEL[nextField].toLowerCase()}, or press Done.` : ' Pick another field or press Done.'}`,
          };
        } catch (e) {
          if (!closed) m.status.value = { kind: 'bad', text: `Not saved: ${e instanceof Error ? e.message : String(e)}` };
        } finally {
          m.busy.value = false;
        }
      })();
    },
  };

  // ---- page interaction: only on our layer, so the page sees no pointer event on its elements ----
  let frame = 0;
  let lastPoint: { x: number; y: number } | null = null;
  const track = () => {
    frame = 0;
    if (!lastPoint) return;
    const { x, y } = lastPoint;
    hovered = hitAt(doc, x, y, host);
    m.hover.value = hovered ? boxOf(hovered) : null;
    const w = win?.innerWidth ?? 1024;
    if (x > w - 440) m.side.value = 'left';
    else if (x < 440) m.side.value = 'right';
  };
  const layerEvents = {
    onPointerMove: guard('picker:move', (e: PointerEvent) => {
      lastPoint = { x: e.clientX, y: e.clientY };
      if (!frame) frame = win?.requestAnimationFrame(track) ?? (track(), 0);
    }),
    onClick: guard('picker:click', (e: MouseEvent) => {
      e.preventDefault();
      e.stopPropagation();
      lastPoint = { x: e.clientX, y: e.clientY };
      track();
      if (hovered) choose(hovered);
    }),
    onKeyDown: guard('picker:key', (e: KeyboardEvent) => {
      // Keyboard picking on the focused layer: arrows walk the tree from the highlighted element, Enter chooses.
      let el = hovered?.el ?? null;
      const next =
        e.key === 'ArrowUp' ? el?.parentElement :
        e.key === 'ArrowDown' ? (el ? el.firstElementChild : doc.body) :
        e.key === 'ArrowLeft' ? el?.previousElementSibling :
        e.key === 'ArrowRight' ? el?.nextElementSibling : undefined;
      if (e.key === 'Enter' && hovered) {
        e.preventDefault();
        choose(hovered);
        return;
      }
      if (next === undefined) return;
      e.preventDefault();
      if (!next || next === host) return;
      el = next;
      hovered = hitFor(el, doc);
      m.hover.value = boxOf(hovered);
    }),
  };

  win?.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close();
    },
    { capture: true, signal: ac.signal },
  );
  req.ctx.onInvalidated(close);

  const stop = effect(() => {
    const model$ = model.value;
    safely('picker:render', () => render(<PickerView model={model$} actions={actions} layer={layerEvents} />, container), undefined);
  });
  ac.signal.addEventListener('abort', stop);
  return { close };
}

export function offerPickerPanel(req: OfferRequest, deps: KitDeps): PickerHandle {
  const { host, container } = makeHost(req.doc, deps.css);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    safely('offer:unrender', () => render(null, container), undefined);
    host.remove();
  };
  const pick = () => {
    close();
    req.onPick();
  };
  const dismiss = () => {
    close();
    req.onDismiss();
  };
  safely('offer:render', () => render(<PickerOffer host={req.doc.location?.host ?? ''} onPick={pick} onDismiss={dismiss} />, container), undefined);
  req.ctx.onInvalidated(close);
  return { close };
}

// ---------------------------------------------------------------------------------------------
// The kit

export function createRulesKit(deps: KitDeps): RulesKit {
  // Regexes that ran too long once stay off for the page's life (engine circuit breaker).
  const slow = new Set<string>();
  const opts = { clock: deps.clock, slow };
  return {
    kitVersion: 1,
    effectiveRules(sources: RuleSources): Rule[] {
      const managed = (sources.managed ?? []).flatMap((raw) => {
        const r = validateRule(raw);
        return r.ok ? [r.rule] : [];
      });
      return mergeRuleLists({ managed, feed: sources.feed ?? [], local: sources.local });
    },
    withRuleOverrides: (base, rules, url) => withRuleOverrides(base, rules, url, opts),
    genericAdapterFor: (rules, url) => genericAdapterFor(rules, url, opts),
    startPicker: (req) => startPickerSession(req, deps),
    offerPicker: (req) => offerPickerPanel(req, deps),
  };
}
