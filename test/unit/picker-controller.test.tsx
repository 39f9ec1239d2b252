// The rules wiring of the content-script controller with the real rules kit (lib/runtime/picker-kit.tsx)
// on the "Acme Desk" fixture: the offer on an added helpdesk nothing reads, the generic adapter on rules
// alone, saved rules applying at once, a built-in adapter with one field overridden, reading health with
// "fix with picker", and a picker session driven by keyboard (the pointer path is in test/e2e/picker.e2e.ts).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HelpdeskAdapter, TicketSnapshot } from '../../lib/adapters/types';
import type { Rule } from '../../lib/rules/model';
import { startOverlay, HOST_NAME, type ControllerDeps, type RulesDeps } from '../../lib/runtime/controller';
import type { RuleSources, RulesKit } from '../../lib/runtime/picker';
import { createRulesKit, PICKER_HOST, type KitDeps } from '../../lib/runtime/picker-kit';
import { resetReported } from '../../lib/runtime/safely';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { NOW, contract, fakeEngines } from './overlay-fixtures';
import { ACME } from './rules-helpers';

const ACME_URL = new URL(`${ACME}/desk/tickets/731`);
const ZD_URL = new URL('https://acme.zendesk.com/agent/tickets/101');

function loadAcme() {
  const html = readFileSync('test/fixtures/_unknown/acme-desk.html', 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.title = parsed.title;
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
}

/** The picked rule for Acme Desk, as the picker would save it. */
const acmePicked: Rule = {
  id: 'picked-acme',
  origin: ACME,
  path: '/desk/tickets/*',
  fields: {
    requesterEmail: { selector: '#ticket-main .css-4r5t6y' },
    priority: { selector: '#prio-box', regex: 'Priority:\\s*(\\w+)' },
    createdAt: { selector: '#ticket-main dd time', read: 'attribute', attribute: 'datetime' },
  },
};

/** A Zendesk-like built-in adapter: priority and status from the page. */
const builtIn: HelpdeskAdapter = {
  id: 'zendesk',
  label: 'Zendesk',
  matches: (u) => u.hostname === 'acme.zendesk.com',
  readTicket(doc) {
    const t = doc.querySelector('[data-ticket-id]');
    if (!t) return null;
    const s: TicketSnapshot = { helpdesk: 'zendesk', ticketId: t.getAttribute('data-ticket-id')!, sources: { ticketId: 'dom' } };
    const prio = doc.querySelector('.priority')?.textContent?.trim();
    if (prio) (s.priority = prio), (s.sources!.priority = 'dom');
    const subj = doc.querySelector('.subject')?.textContent?.trim();
    if (subj) (s.subject = subj), (s.sources!.subject = 'dom');
    return s;
  },
  anchor: (doc) => doc.querySelector('.subject'),
};

function zendeskPage(id: string, { priority = 'High' as string | null } = {}) {
  const t = document.createElement('section');
  t.setAttribute('data-ticket-id', id);
  const subj = Object.assign(document.createElement('h1'), { className: 'subject', textContent: `Ticket ${id}` });
  t.append(subj);
  if (priority) t.append(Object.assign(document.createElement('span'), { className: 'priority', textContent: priority }));
  const sev = Object.assign(document.createElement('span'), { id: 'team-severity', textContent: 'Urgent' });
  t.append(sev);
  document.body.replaceChildren(t);
}

const flush = async (c: { idle(): Promise<void> }) => {
  for (let i = 0; i < 4; i++) {
    await c.idle();
    await new Promise((r) => setTimeout(r, 0));
  }
};

interface Harness {
  controller: ReturnType<typeof startOverlay>;
  kit: RulesKit;
  store: { rules: Rule[]; save: ReturnType<typeof vi.fn> };
  pushRules(local: Rule[]): void;
  rulesDeps: RulesDeps;
  ctx: ContentScriptContext;
}

let ctxs: ContentScriptContext[] = [];
function setup(opts: { local?: Rule[]; added?: boolean; adapter?: HelpdeskAdapter } = {}): Harness {
  const ctx = new ContentScriptContext('test');
  ctxs.push(ctx);
  let watcher: ((v: RuleSources) => void) | null = null;
  const store = {
    rules: [...(opts.local ?? [])],
    // Like local:readingRules: a write reaches the content script's watcher.
    save: vi.fn(async (rule: Rule) => {
      store.rules = [...store.rules.filter((r) => r.id !== rule.id), rule];
      watcher?.({ local: store.rules });
      return { ok: true as const };
    }),
  };
  const kitDeps: KitDeps = { css: '', store: { load: async () => store.rules, save: (r) => store.save(r) } };
  const kit = createRulesKit(kitDeps);
  const dismissed = new Set<string>();
  const rulesDeps: RulesDeps = {
    sources: { load: async () => ({ local: store.rules }), watch: (cb) => ((watcher = cb), () => {}) },
    loadKit: vi.fn(async () => kit),
    isAddedOrigin: async (o) => !!opts.added && o === ACME,
    dismissed: { has: async (o) => dismissed.has(o), add: async (o) => dismissed.add(o) },
  };
  const adapter = opts.adapter;
  const deps: ControllerDeps = {
    doc: document,
    win: window,
    adapterFor: (u) => (adapter?.matches(u) ? adapter : undefined),
    readLayered: async (a, doc, u) => a.readTicket(doc, u),
    engines: fakeEngines().engines,
    contracts: { load: async () => [contract()], watch: () => () => {} },
    settings: { load: async () => ({ ...DEFAULT_SETTINGS, collapsed: false }), watch: () => () => {}, save: vi.fn(async () => ({})) },
    clock: () => NOW,
    openOptions: vi.fn(),
    copyText: vi.fn(async () => true),
    requestFrame: (cb) => void setTimeout(cb, 0),
    rules: rulesDeps,
  };
  const controller = startOverlay(ctx, deps);
  return {
    controller,
    kit,
    store,
    rulesDeps,
    ctx,
    pushRules: (local) => {
      store.rules = local;
      watcher?.({ local });
    },
  };
}

const overlayHosts = () => Array.from(document.querySelectorAll(HOST_NAME));
const inOverlay = (sel: string) => overlayHosts()[0]?.shadowRoot?.querySelector(sel) ?? null;
const pickerRoot = () => document.querySelector(PICKER_HOST)?.shadowRoot ?? null;
const inPicker = <T extends Element = HTMLElement>(id: string) => (pickerRoot()?.querySelector(`[data-testid="${id}"]`) ?? null) as T | null;

beforeEach(() => {
  fakeBrowser.reset();
  resetReported();
});
afterEach(() => {
  ctxs.forEach((c) => c.notifyInvalidated());
  ctxs = [];
  document.body.replaceChildren();
  document.querySelectorAll(PICKER_HOST).forEach((h) => h.remove());
});

describe('a helpdesk no adapter knows', () => {
  it('offers the picker on an added origin without rules; "Pick fields" starts it, "Not on this site" is remembered', async () => {
    loadAcme();
    const h = setup({ added: true });
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    expect(overlayHosts()).toHaveLength(0);
    expect(inPicker('slp-offer')?.textContent).toContain('no reading rules for this site');
    inPicker('slp-offer-pick')!.click();
    await flush(h.controller);
    expect(inPicker('slp-offer')).toBeNull();
    expect(inPicker('slp-panel')).not.toBeNull();
    inPicker('slp-done')!.click();
    await flush(h.controller);
    // Closed without saving: offered again; dismissing keeps it away for this origin.
    expect(inPicker('slp-offer')).not.toBeNull();
    inPicker('slp-offer-dismiss')!.click();
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    expect(document.querySelector(PICKER_HOST)).toBeNull();
  });

  it('no offer on origins the user did not add, and no kit loaded at all', async () => {
    loadAcme();
    const h = setup({ added: false });
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    expect(document.querySelector(PICKER_HOST)).toBeNull();
    expect(h.rulesDeps.loadKit).not.toHaveBeenCalled();
  });

  it('reads the ticket with the generic adapter from rules alone', async () => {
    loadAcme();
    const h = setup({ local: [acmePicked], added: true });
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    expect(overlayHosts()).toHaveLength(1);
    const s = h.controller.state!.snapshot.value!;
    expect(s).toEqual(expect.objectContaining({ helpdesk: 'generic', ticketId: '731', requesterEmail: 'jane.cooper@northwind.example', priority: 'Urgent' }));
    expect(s.createdAt?.toISOString()).toBe('2026-11-18T08:42:00.000Z');
    expect(s.sources).toEqual(expect.objectContaining({ priority: 'rule', requesterEmail: 'rule', createdAt: 'rule', ticketId: 'url' }));
    expect(document.querySelector(PICKER_HOST)).toBeNull(); // no offer where rules read the page
  });

  it('saved rules apply at once: a rule change re-reads the page', async () => {
    loadAcme();
    const h = setup({ added: true });
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    expect(overlayHosts()).toHaveLength(0);
    h.pushRules([acmePicked]);
    await flush(h.controller);
    expect(h.controller.state?.snapshot.value?.priority).toBe('Urgent');
    h.pushRules([{ ...acmePicked, fields: { ...acmePicked.fields, priority: { selector: '.queue-item:first-child .prio' } } }]);
    await flush(h.controller);
    expect(h.controller.state?.snapshot.value?.priority).toBe('High');
    expect(overlayHosts()).toHaveLength(1);
    // A change for another origin leaves this page alone.
    const before = h.controller.state;
    h.pushRules([...h.store.rules, { ...acmePicked, id: 'other', origin: 'https://other.example' }]);
    await flush(h.controller);
    expect(h.controller.state).toBe(before);
  });
});

describe('a built-in adapter with one field overridden', () => {
  const rule: Rule = { id: 'zd-sev', origin: 'https://acme.zendesk.com', adapter: 'zendesk', fields: { priority: { selector: '#team-severity' } } };

  it('takes priority from the rule and everything else from the adapter', async () => {
    zendeskPage('101');
    const h = setup({ local: [rule], adapter: builtIn });
    h.controller.navigate(ZD_URL);
    await flush(h.controller);
    const s = h.controller.state!.snapshot.value!;
    expect(s.priority).toBe('Urgent');
    expect(s.sources).toEqual({ ticketId: 'dom', subject: 'dom', priority: 'rule' });
    expect(h.controller.state!.adapter.value?.id).toBe('zendesk');
    const row = inOverlay('[data-testid="sla-diag-fields"] tr[data-field="priority"] [data-testid="sla-diag-source"]');
    expect(row?.textContent?.trim()).toBe('rule');
    expect(inOverlay('[data-testid="sla-diag-fields"] tr[data-field="subject"] [data-testid="sla-diag-source"]')?.textContent?.trim()).toBe('built-in selector');
  });

  it('without rules the kit is not loaded', async () => {
    zendeskPage('101');
    const h = setup({ adapter: builtIn });
    h.controller.navigate(ZD_URL);
    await flush(h.controller);
    expect(h.controller.state?.snapshot.value?.priority).toBe('High');
    expect(h.rulesDeps.loadKit).not.toHaveBeenCalled();
  });

  it('says when a field it read before is missing, and "Fix with picker" opens the picker on that field', async () => {
    zendeskPage('101');
    const h = setup({ adapter: builtIn });
    h.controller.navigate(ZD_URL);
    await flush(h.controller);
    expect(inOverlay('[data-testid="sla-health-lost"]')).toBeNull();
    zendeskPage('102', { priority: null }); // the helpdesk renamed its priority field
    h.controller.navigate(new URL('https://acme.zendesk.com/agent/tickets/102'));
    await flush(h.controller);
    const notice = inOverlay('[data-testid="sla-health-lost"]');
    expect(notice?.textContent).toContain('Priority could not be read (it used to be)');
    expect(inOverlay('[data-testid="sla-diag-lost"]')?.getAttribute('data-field')).toBe('priority');
    (inOverlay('[data-testid="sla-fix-with-picker"]') as HTMLButtonElement).click();
    await flush(h.controller);
    expect(inPicker<HTMLSelectElement>('slp-field')?.value).toBe('priority');
    expect(inPicker('slp-panel')?.textContent).toContain('overrides Zendesk');
  });
});

describe('a picker session by keyboard', () => {
  const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, composed: true }));

  /** Arrow keys from <body> down to `target` (Down = first child, Right = next sibling). */
  function walkTo(layer: Element, target: Element) {
    const path: Element[] = [];
    for (let e: Element | null = target; e && e !== document.body; e = e.parentElement) path.unshift(e);
    key(layer, 'ArrowDown'); // body
    for (const el of path) {
      key(layer, 'ArrowDown');
      for (let s = el.parentElement!.firstElementChild; s && s !== el; s = s.nextElementSibling) key(layer, 'ArrowRight');
    }
  }

  it('chooses an element, shows the value and a unique selector, extracts with a regex and saves the rule', async () => {
    loadAcme();
    const h = setup({ added: true });
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    inPicker('slp-offer-pick')!.click();
    await flush(h.controller);
    const field = inPicker<HTMLSelectElement>('slp-field')!;
    expect(pickerRoot()!.activeElement).toBe(field); // keyboard users start on the field choice
    field.value = 'priority';
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await flush(h.controller);
    const layer = inPicker('slp-layer')!;
    walkTo(layer, document.querySelector('#prio-box')!);
    await flush(h.controller);
    expect(inPicker('slp-box-hover')?.textContent).toBe('dd#prio-box');
    key(layer, 'Enter');
    await flush(h.controller);
    expect(inPicker('slp-selector')?.textContent).toBe('#prio-box');
    expect(inPicker('slp-unique')?.textContent).toContain('matches exactly this element');
    expect(inPicker('slp-value')?.textContent).toBe('Priority: Urgent');
    // The suggested regex drops the label.
    inPicker('slp-suggest')!.click();
    await flush(h.controller);
    expect(inPicker<HTMLInputElement>('slp-regex')!.value).toBe('^Priority:\\s*(.+)$');
    expect(inPicker('slp-value')?.textContent).toBe('Urgent');
    // An unsafe regex is refused before saving.
    const regex = inPicker<HTMLInputElement>('slp-regex')!;
    regex.value = '(a+)+$';
    regex.dispatchEvent(new Event('input', { bubbles: true }));
    await flush(h.controller);
    expect(inPicker('slp-input-problem')?.textContent).toMatch(/regex/i);
    expect(inPicker<HTMLButtonElement>('slp-save')!.disabled).toBe(true);
    regex.value = 'Priority:\\s*(\\w+)';
    regex.dispatchEvent(new Event('input', { bubbles: true }));
    await flush(h.controller);
    inPicker<HTMLButtonElement>('slp-save')!.click();
    await flush(h.controller);
    expect(h.store.save).toHaveBeenCalledTimes(1);
    const saved = h.store.save.mock.calls[0]![0] as Rule;
    expect(saved).toEqual(expect.objectContaining({ origin: ACME, path: '/desk/tickets/*' }));
    expect(saved.fields).toEqual({ priority: { selector: '#prio-box', regex: 'Priority:\\s*(\\w+)' } });
    expect(inPicker('slp-status')?.textContent).toMatch(/^Saved: Priority/);
    // Saved rules apply at once: the generic adapter reads the page while the picker stays open.
    expect(h.controller.state?.snapshot.value).toEqual(expect.objectContaining({ helpdesk: 'generic', priority: 'Urgent' }));
    expect(inPicker('slp-panel')).not.toBeNull();
    // The next field the generic adapter needs is preselected; Escape closes.
    expect(inPicker<HTMLSelectElement>('slp-field')!.value).toBe('requesterEmail');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await flush(h.controller);
    expect(document.querySelector(PICKER_HOST)).toBeNull();
    expect(overlayHosts()).toHaveLength(1);
  });

  it('shows the store’s validation errors and keeps the session open', async () => {
    loadAcme();
    const h = setup({ added: true });
    h.store.save.mockResolvedValueOnce({ ok: false, errors: [{ path: 'rules[0].origin', message: 'must be an origin' }] } as never);
    h.controller.navigate(ACME_URL);
    await flush(h.controller);
    inPicker('slp-offer-pick')!.click();
    await flush(h.controller);
    const layer = inPicker('slp-layer')!;
    walkTo(layer, document.querySelector('#ticket-main h1')!);
    key(layer, 'Enter');
    const field = inPicker<HTMLSelectElement>('slp-field')!;
    field.value = 'subject';
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await flush(h.controller);
    expect(inPicker('slp-value')?.textContent).toBe('Printer queue stuck on floor 3');
    inPicker<HTMLButtonElement>('slp-save')!.click();
    await flush(h.controller);
    expect(inPicker('slp-status')?.textContent).toContain('rules[0].origin: must be an origin');
    expect(inPicker('slp-panel')).not.toBeNull();
  });
});
