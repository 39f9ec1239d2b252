import { describe, expect, it } from 'vitest';
import { applyRules } from '../../lib/rules/engine';
import { cssEscape, isGeneratedId, isHashedClass, pickField, pickValue, proposeSelector } from '../../lib/rules/propose';
import { loadFixture, parseHtml } from './adapters/fixtures';
import { ACME, attachDeclarativeShadowRoots } from './rules-helpers';

/** A document from trusted test markup (DOMParser, no scripts run). */
const page = (body: string) => parseHtml(`<!DOCTYPE html><html><body>${body}</body></html>`);
const only = (root: ParentNode, sel: string) => Array.from(root.querySelectorAll(sel));

function classic() {
  const f = loadFixture('_unknown', 'acme-desk');
  return { ...f, main: f.doc.querySelector('main')! };
}

describe('proposeSelector prefers stable attributes', () => {
  it('prefers data-testid over classes, ids over data-*', () => {
    const doc = page('<button class="btn-primary sc-abc123" data-testid="save-ticket">Save</button><button class="btn-primary">Cancel</button><h1 id="ticket-title" data-testid="title">T</h1>');
    const btn = doc.querySelector('button')!;
    expect(proposeSelector(btn, doc)).toEqual({ selector: '[data-testid="save-ticket"]', within: [], kind: 'data', how: ['data-testid on the element'] });
    expect(proposeSelector(doc.querySelector('h1')!, doc)?.selector).toBe('#ticket-title');
  });

  it('ranks well-known data attributes before others', () => {
    const doc = page('<span data-tooltip="Priority" data-cy="prio" data-field="priority">High</span>');
    expect(proposeSelector(doc.querySelector('span')!, doc)?.selector).toBe('[data-cy="prio"]');
  });

  it('never uses hashed or state class names, falling back to an anchored tag path', () => {
    const doc = page(
      '<section aria-label="Ticket properties"><div class="css-1q2w3e is-active"><span class="_3xYz sc-bdVaJa kFmHjQ">High</span></div>' +
        '<div class="css-9z8y7x"><span class="_9aBc">Open</span></div></section>',
    );
    const span = doc.querySelector('span')!;
    const p = proposeSelector(span, doc)!;
    expect(p.selector).toBe('section[aria-label="Ticket properties"] > div:nth-of-type(1) > span');
    expect(p.kind).toBe('aria');
    expect(p.selector).not.toMatch(/css-|_3xYz|sc-|kFmHjQ|is-active/);
  });

  it('skips generated ids and attribute values that echo the value itself', () => {
    // Zendesk's header tab carries the subject as aria-label; the input id is a react-select counter.
    const doc = page(
      '<div role="tablist"><a role="tab" data-entity-id="48213" aria-label="VPN drops every 20 minutes">VPN drops every 20 minutes</a></div>' +
        '<input id="react-select-3-input" name="priority-filter" value="High">',
    );
    const tab = doc.querySelector('a')!;
    const p = proposeSelector(tab, doc)!;
    expect(p.selector).not.toContain('VPN');
    expect(p.selector).not.toContain('48213');
    expect(p.selector).toBe('a[role="tab"]');
    expect(proposeSelector(doc.querySelector('input')!, doc)?.selector).toBe('input[name="priority-filter"]');
  });

  it('is unique within the scope: the queue sidebar repeats data-field="subject"', () => {
    const { doc, main } = classic();
    const h1 = main.querySelector('h1')!;
    expect(proposeSelector(h1, main)?.selector).toBe('[data-field="subject"]');
    const inDoc = proposeSelector(h1, doc)!;
    expect(inDoc.selector).toBe('#ticket-main [data-field="subject"]');
    expect(only(doc, inDoc.selector)).toEqual([h1]);
  });

  it('uses :scope for a tag path inside a scope element', () => {
    const { main } = classic();
    const num = main.querySelector('.TicketHeader_number__Zx81a')!;
    const p = proposeSelector(num, main)!;
    expect(p).toMatchObject({ selector: ':scope > div > span:nth-of-type(1)', kind: 'structural' });
    expect(only(main, p.selector)).toEqual([num]);
  });

  it('returns null for an element outside the scope', () => {
    const { doc, main } = classic();
    expect(proposeSelector(doc.querySelector('aside li')!, main)).toBeNull();
  });

  it('stays valid across a re-render that changes every class name', () => {
    const { doc, main } = classic();
    const targets = ['h1', '#prio-box', 'dl > dd:nth-of-type(1) > span:nth-of-type(2)', 'dl time', '[data-field="company"]', '.TicketHeader_number__Zx81a', 'select[name="status"]'];
    const picks = targets.map((sel) => {
      const el = main.querySelector(sel)!;
      return { text: el.textContent, selector: proposeSelector(el, main)!.selector };
    });
    // "Re-render": a fresh build of the same page with new hashes (and the active-item state moved).
    const doc2 = parseHtml(doc.documentElement.outerHTML);
    for (const el of only(doc2, '[class]')) {
      el.setAttribute('class', el.getAttribute('class')!.split(/\s+/).map((c) => (isHashedClass(c) ? `css-${(c.length * 7919).toString(36)}x9` : c)).join(' '));
    }
    const main2 = doc2.querySelector('main')!;
    for (const { text, selector } of picks) {
      const hits = only(main2, selector);
      expect(hits, selector).toHaveLength(1);
      expect(hits[0]!.textContent).toBe(text);
    }
  });
});

describe('proposeSelector through shadow roots and iframes', () => {
  function widgets() {
    const f = loadFixture('_unknown', 'acme-desk-widgets');
    attachDeclarativeShadowRoots(f.doc);
    return { ...f, main: f.doc.querySelector('main')! };
  }

  it('adds a shadow hop for an element inside an open shadow root', () => {
    const { doc, main } = widgets();
    const email = doc.querySelector('acme-requester-card')!.shadowRoot!.querySelector('a')!;
    expect(proposeSelector(email, main)).toEqual({
      selector: 'a[part="email"]',
      within: [{ shadow: '#requester-card' }],
      kind: 'data',
      how: ['part on the element'],
    });
  });

  it('adds a frame hop for an element in a same-origin iframe', () => {
    const { doc, main } = widgets();
    const td = doc.querySelector<HTMLIFrameElement>('#details-frame')!.contentDocument!.querySelector('[data-prop="priority"]')!;
    expect(proposeSelector(td, main)).toMatchObject({ selector: '[data-prop="priority"]', within: [{ frame: '#details-frame' }] });
  });
});

describe('pickValue', () => {
  const doc = page(
    '<input id="s" value="Printer jam"><select id="p"><option>Low</option><option selected>High</option></select>' +
      '<time id="t" datetime="2026-11-18T08:42:00Z">Yesterday</time>' +
      '<a id="m" href="mailto:jane@northwind.example">Jane Cooper</a><button id="b" aria-label="Urgent"></button>',
  );
  const el = (id: string) => doc.getElementById(id)!;

  it.each([
    ['s', 'subject', { read: 'value', raw: 'Printer jam' }],
    ['p', 'priority', { read: 'value', raw: 'High' }],
    ['t', 'createdAt', { read: 'attribute', attribute: 'datetime', raw: '2026-11-18T08:42:00Z' }],
    ['t', 'subject', { read: 'text', raw: 'Yesterday' }],
    ['m', 'requesterEmail', { read: 'attribute', attribute: 'href', raw: 'mailto:jane@northwind.example' }],
    ['m', 'requesterName', { read: 'text', raw: 'Jane Cooper' }],
    ['b', 'priority', { read: 'attribute', attribute: 'aria-label', raw: 'Urgent' }],
  ] as const)('#%s as %s', (id, field, want) => {
    expect(pickValue(el(id), field)).toEqual(want);
  });
});

describe('pickField: from a click to a saved rule', () => {
  it('maps each picked element of the unknown helpdesk to a rule that reads the value shown now', () => {
    const { doc, main, url } = classic();
    const picks = {
      requesterEmail: main.querySelector('dl > dd:nth-of-type(1) > span:nth-of-type(2)')!,
      subject: main.querySelector('h1')!,
      priority: main.querySelector('#prio-box')!,
      createdAt: main.querySelector('dl time')!,
    };
    const fields: Record<string, unknown> = {};
    const shown: Record<string, unknown> = {};
    for (const [field, el] of Object.entries(picks)) {
      const r = pickField(el, field as keyof typeof picks, main, doc, url);
      fields[field] = r.rule;
      shown[field] = r.value;
    }
    expect(shown).toEqual({
      requesterEmail: 'jane.cooper@northwind.example',
      subject: 'Printer queue stuck on floor 3',
      priority: 'Priority: Urgent', // the picker shows it; a regex can trim it later
      createdAt: new Date('2026-11-18T08:42:00Z'),
    });
    // Saved as one rule, the engine reads the same values back.
    const rule = { id: 'picked', origin: ACME, scope: { selector: '#ticket-main' }, fields } as never;
    const r = applyRules(doc, url, [rule]);
    expect(r.values).toEqual(shown);
  });

  it('says when a picked date needs a format', () => {
    const f = loadFixture('_unknown', 'acme-desk-widgets');
    const td = f.doc.querySelector<HTMLIFrameElement>('#details-frame')!.contentDocument!.querySelector('[data-prop="opened"]')!;
    const r = pickField(td, 'createdAt', f.doc.querySelector('main')!, f.doc, f.url);
    expect(r.rule).toEqual({ selector: '[data-prop="opened"]', within: [{ frame: '#details-frame' }] });
    expect(r.problem).toBe('"20.11.2026 14:30" is not a date (ISO 8601, epoch, SQL or RFC 2822; set date.format for other text)');
  });
});

describe('name heuristics', () => {
  it.each([
    ['sc-bdVaJa', true], ['kFmHjQ', true], ['css-1q2w3e', true], ['_3xYz', true], ['Button_root__a1B2c', true],
    ['TicketHeader_title__x9Kq2', true], ['makeStyles-root-12', true], ['jsx-2847362', true], ['mt-4', true],
    ['ticket-title', false], ['card__title', false], ['btn-primary', false], ['MuiButton-root', false], ['queue-item', false],
  ])('class %s hashed: %s', (c, want) => {
    expect(isHashedClass(c)).toBe(want);
  });

  it.each([
    ['ember1234', true], [':r1:', true], ['react-select-3-input', true], ['ticket-48213', true],
    ['3f2a9c1e-7b4d-4e8a-9f1c-2d3e4f5a6b7c', true], ['mui-7', true], ['a1b2c3d4', true],
    ['ticket-main', false], ['prio-box', false], ['requester-card', false], ['h2', false],
  ])('id %s generated: %s', (id, want) => {
    expect(isGeneratedId(id)).toBe(want);
  });

  it('cssEscape gives what CSS.escape gives (CSSOM spec examples)', () => {
    expect(['1st', '-2x', 'a b', 'x.y', 'é#', '-', 'ok_id-2'].map(cssEscape)).toEqual(['\\31 st', '-\\32 x', 'a\\ b', 'x\\.y', 'é\\#', '\\-', 'ok_id-2']);
    const doc = page('<p id="x.y"></p><p></p>');
    expect(only(doc, `#${cssEscape('x.y')}`)).toEqual([doc.querySelector('p')]);
  });
});
