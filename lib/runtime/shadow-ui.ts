// The overlay's shadow-root host: what WXT's createShadowRootUi did for us (open shadow root holding
// <html><head><style/></head><body/></html>, `all: initial` on the host, key events kept inside, inline
// placement after an anchor or at the end of <body>), without its auto-mount machinery (wait-element and
// its helpers, ~8 kB of the content script) and synchronously: the host is in the page in the same task.

export interface ShadowUiOptions {
  /** Custom-element-style tag name of the host (two words, kebab-case). */
  name: string;
  /** Insert after this element; null = append to <body>. */
  anchor: Element | null;
  css?: string;
  onMount(container: HTMLElement, shadow: ShadowRoot): void;
  onRemove(): void;
}

export interface ShadowUi {
  shadowHost: HTMLElement;
  mount(): void;
  remove(): void;
}

/** Keys typed in the overlay must not reach the helpdesk's single-key shortcuts. */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

export function createShadowUi(doc: Document, opts: ShadowUiOptions): ShadowUi {
  const host = doc.createElement(opts.name);
  const shadow = host.attachShadow({ mode: 'open' });
  const html = doc.createElement('html');
  const head = doc.createElement('head');
  const body = doc.createElement('body');
  const style = doc.createElement('style');
  // The page's styles must not leak in through inheritance; the overlay sets its own.
  style.textContent = `:host{all:initial !important;}\n${opts.css ?? ''}`;
  head.append(style);
  html.append(head, body);
  shadow.append(html);
  for (const type of ISOLATED_EVENTS) body.addEventListener(type, (e) => e.stopPropagation());

  let mounted = false;
  return {
    shadowHost: host,
    mount() {
      // A detached anchor inserts nothing (ChildNode.after): the controller sees the host disconnected
      // and attaches it again at the page's new anchor.
      if (opts.anchor) opts.anchor.after(host);
      else {
        if (!doc.body) throw new Error('the page has no <body> for the overlay');
        doc.body.append(host);
      }
      mounted = true;
      opts.onMount(body, shadow);
    },
    remove() {
      if (mounted) opts.onRemove();
      mounted = false;
      host.remove();
      body.replaceChildren();
    },
  };
}
