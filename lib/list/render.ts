// The badge in a list row: a small host element with a shadow root, appended to a cell of the row
// (the helpdesk's own nodes are never changed otherwise). Plain DOM, not Preact: 500 badges are 500
// tiny spans whose text changes once a minute at most, and a render tree per badge would cost more
// than the badge. All hosts share one constructed stylesheet where the browser allows it.
// State colours are the overlay's (components/Overlay.css); test/unit/list-render.test.ts keeps them equal.
import type { Theme } from '../settings';
import type { BadgeState } from './clocks';

export const BADGE_TAG = 'sla-lens-badge';

const LIGHT = `--bg:#ffffff;--running:#0550ae;--atRisk:#8a4b00;--breached:#b3261e;--paused:#59636e;--met:#1a7f37;--missed:#8c1c13;--closed:#59636e;`;
const DARK = `--bg:#161b22;--running:#79c0ff;--atRisk:#e3b341;--breached:#ff8a80;--paused:#b1bac4;--met:#56d364;--missed:#ffa198;--closed:#b1bac4;`;

// px only (rem follows the helpdesk's root font size); `all: initial` keeps the page's cell styles out.
export const BADGE_CSS = `
:host{all:initial;display:inline-block;vertical-align:middle;margin:0 0 0 6px;line-height:0}
.b{${LIGHT}--c:var(--running);display:inline-block;box-sizing:border-box;min-width:24px;height:18px;padding:0 6px;border:1px solid var(--c);border-radius:9px;background:var(--bg);color:var(--c);font:600 11px/16px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-variant-numeric:tabular-nums;white-space:nowrap;text-align:center;cursor:default}
.b[data-theme='dark']{${DARK}}
@media (prefers-color-scheme:dark){.b[data-theme='auto']{${DARK}}}
.b[data-state='atRisk']{--c:var(--atRisk)}
.b[data-state='breached']{--c:var(--breached);background:var(--breached);color:var(--bg)}
.b[data-state='paused']{--c:var(--paused)}
.b[data-state='met']{--c:var(--met)}
.b[data-state='missed']{--c:var(--missed)}
.b[data-state='closed']{--c:var(--closed)}
`;

export interface Badge {
  host: HTMLElement;
  el: HTMLElement;
}

const sheets = new WeakMap<Document, CSSStyleSheet | null>();

/** One constructed sheet per document, or null where shadow roots cannot adopt it (then a <style> each). */
function sharedSheet(doc: Document): CSSStyleSheet | null {
  if (sheets.has(doc)) return sheets.get(doc) ?? null;
  let sheet: CSSStyleSheet | null = null;
  try {
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    if (win && 'adoptedStyleSheets' in win.ShadowRoot.prototype && typeof win.CSSStyleSheet === 'function') {
      sheet = new win.CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
    }
  } catch {
    sheet = null;
  }
  sheets.set(doc, sheet);
  return sheet;
}

export function createBadge(doc: Document, theme: Theme): Badge {
  const host = doc.createElement(BADGE_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(doc);
  let adopted = false;
  if (sheet) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      adopted = true;
    } catch {
      sheets.set(doc, null); // e.g. a browser that refuses sheets made in the content script's world
    }
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = BADGE_CSS;
    shadow.append(style);
  }
  const el = doc.createElement('span');
  el.className = 'b';
  el.setAttribute('role', 'img');
  el.setAttribute('data-theme', theme);
  shadow.append(el);
  return { host, el };
}

/** Writes only what changed (the scheduler calls this for rows whose view moved on). */
export function paintBadge(b: Badge, state: BadgeState, text: string, theme: Theme): void {
  const el = b.el;
  if (el.getAttribute('data-state') !== state) el.setAttribute('data-state', state);
  if (el.getAttribute('data-theme') !== theme) el.setAttribute('data-theme', theme);
  if (el.textContent !== text) el.textContent = text;
}

/** The accessible name and tooltip (clock, state, due time). */
export function labelBadge(b: Badge, label: string): void {
  if (b.el.getAttribute('aria-label') === label) return;
  b.el.setAttribute('aria-label', label);
  b.el.title = label;
}
