// Tiny DOM helpers for the options/popup component tests (happy-dom + preact/test-utils).
import { render, type VNode } from 'preact';
import { act } from 'preact/test-utils';

export function mount(vnode: VNode): { root: HTMLElement; unmount: () => void } {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root));
  return { root, unmount: () => (act(() => render(null, root)), root.remove()) };
}

export function type(el: Element | null, value: string): void {
  if (!el) throw new Error('type: no element');
  act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function change(el: Element | null, value: string): void {
  if (!el) throw new Error('change: no element');
  act(() => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export function click(el: Element | null): void {
  if (!el) throw new Error('click: no element');
  act(() => {
    (el as HTMLElement).click();
  });
}

export function key(el: Element | null, k: string): void {
  if (!el) throw new Error('key: no element');
  act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
}

/** Lets promises and short timers (the import preview's 20 ms) settle inside act. */
export async function settle(ms = 30): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

export function byText(root: ParentNode, selector: string, text: string | RegExp): HTMLElement | null {
  return ([...root.querySelectorAll(selector)] as HTMLElement[]).find((e) => (typeof text === 'string' ? e.textContent?.trim() === text : text.test(e.textContent ?? ''))) ?? null;
}

/** The input/textarea/select whose <label> reads `label`. */
export function byLabel(root: ParentNode, label: string): HTMLElement | null {
  const l = byText(root, 'label', label);
  const id = l?.getAttribute('for');
  return id ? (root.querySelector(`#${CSS.escape(id)}`) as HTMLElement | null) : null;
}
