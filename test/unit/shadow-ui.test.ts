// The overlay's shadow-root host (lib/runtime/shadow-ui.ts), which replaced WXT's createShadowRootUi.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShadowUi } from '../../lib/runtime/shadow-ui';

afterEach(() => document.body.replaceChildren());

function page() {
  const header = document.createElement('header');
  const next = document.createElement('section');
  document.body.append(header, next);
  return { header, next };
}

describe('createShadowUi', () => {
  it('mounts after the anchor, with the CSS and an `all: initial` reset in an open shadow root', () => {
    const { header, next } = page();
    const onMount = vi.fn((container: HTMLElement, _shadow: ShadowRoot) => container.append(document.createTextNode('bar')));
    const ui = createShadowUi(document, { name: 'sla-lens-overlay', anchor: header, css: '.sla-bar{color:red}', onMount, onRemove: () => {} });
    expect(ui.shadowHost.isConnected).toBe(false);
    ui.mount();
    expect(header.nextElementSibling).toBe(ui.shadowHost);
    expect(ui.shadowHost.nextElementSibling).toBe(next);
    const shadow = ui.shadowHost.shadowRoot!;
    expect(shadow).not.toBeNull(); // open
    expect(shadow.querySelector('head > style')?.textContent).toMatch(/^:host\{all:initial !important;\}\n\.sla-bar\{color:red\}$/);
    const [container, root] = onMount.mock.calls[0]!;
    expect(container).toBe(shadow.querySelector('html > body'));
    expect(root).toBe(shadow);
    expect(shadow.querySelector('body')?.textContent).toBe('bar');
  });

  it('appends to <body> without an anchor', () => {
    page();
    const ui = createShadowUi(document, { name: 'sla-lens-overlay', anchor: null, onMount: () => {}, onRemove: () => {} });
    ui.mount();
    expect(document.body.lastElementChild).toBe(ui.shadowHost);
  });

  it('keeps key events inside, so the helpdesk’s single-key shortcuts do not fire', () => {
    page();
    const ui = createShadowUi(document, { name: 'sla-lens-overlay', anchor: null, onMount: () => {}, onRemove: () => {} });
    ui.mount();
    const button = document.createElement('button');
    ui.shadowHost.shadowRoot!.querySelector('body')!.append(button);
    const seen: string[] = [];
    for (const t of ['keydown', 'keyup', 'keypress', 'click']) document.addEventListener(t, () => seen.push(t));
    for (const t of ['keydown', 'keyup', 'keypress']) button.dispatchEvent(new KeyboardEvent(t, { key: 'j', bubbles: true, composed: true }));
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(seen).toEqual(['click']);
  });

  it('inserts nothing after a detached anchor (the controller re-attaches a disconnected host) but still renders', () => {
    const detached = document.createElement('header');
    const onMount = vi.fn();
    const ui = createShadowUi(document, { name: 'sla-lens-overlay', anchor: detached, onMount, onRemove: () => {} });
    ui.mount();
    expect(ui.shadowHost.isConnected).toBe(false);
    expect(onMount).toHaveBeenCalledOnce();
  });

  it('removes the host and what was rendered, telling the owner once', () => {
    const { header } = page();
    const onRemove = vi.fn();
    const ui = createShadowUi(document, {
      name: 'sla-lens-overlay', anchor: header, onRemove,
      onMount: (c) => c.append(document.createElement('div')),
    });
    ui.mount();
    ui.remove();
    ui.remove();
    expect(ui.shadowHost.isConnected).toBe(false);
    expect(ui.shadowHost.shadowRoot!.querySelector('body')!.childNodes).toHaveLength(0);
    expect(onRemove).toHaveBeenCalledOnce();
  });
});
