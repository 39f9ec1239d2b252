// The badge element (lib/list/render.ts): colours equal to the overlay's (which the contrast test
// checks), a shadow root per host, and writes only where something changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BADGE_CSS, BADGE_TAG, createBadge, labelBadge, paintBadge } from '../../lib/list/render';

const overlayCss = readFileSync(join(import.meta.dirname, '..', '..', 'components', 'Overlay.css'), 'utf8');

/** `--sla-<state>: #hex` declarations of the first rule whose selector is exactly `selector`. */
function overlayColours(selector: string): Record<string, string> {
  const at = overlayCss.indexOf(`${selector} {`);
  const body = overlayCss.slice(at, overlayCss.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/--sla-(\w+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

/** `--<name>:#hex` declarations of the badge rule for a theme. */
function badgeColours(rule: 'light' | 'dark'): Record<string, string> {
  const body = rule === 'light' ? /\.b\{([^}]*)\}/.exec(BADGE_CSS)![1]! : /\.b\[data-theme='dark'\]\{([^}]*)\}/.exec(BADGE_CSS)![1]!;
  return Object.fromEntries([...body.matchAll(/--(\w+):(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

describe('colours', () => {
  it.each([
    ['light', '.sla-root'],
    ['dark', ".sla-root[data-theme='dark']"],
  ] as const)('%s: the overlay\'s background and state colours', (theme, selector) => {
    const overlay = overlayColours(selector);
    const badge = badgeColours(theme);
    expect(Object.keys(overlay).length).toBeGreaterThan(8);
    expect(badge.bg).toBe(overlay.bg);
    for (const s of ['running', 'atRisk', 'breached', 'paused', 'met', 'missed']) expect(badge[s], s).toBe(overlay[s]);
    // "closed" is the muted paused colour.
    expect(badge.closed).toBe(overlay.paused);
  });

  it('dark colours apply to the auto theme when the system is dark', () => {
    expect(BADGE_CSS).toMatch(/@media \(prefers-color-scheme:dark\)\{\.b\[data-theme='auto'\]\{--bg:#161b22;/);
  });

  it('uses px only (rem and em would follow the helpdesk page)', () => {
    expect(BADGE_CSS).not.toMatch(/\d(?:rem|em)\b/);
  });
});

describe('badge element', () => {
  it('is a host with an open shadow root holding the styled span', () => {
    const b = createBadge(document, 'dark');
    expect(b.host.tagName.toLowerCase()).toBe(BADGE_TAG);
    expect(b.host.childNodes.length).toBe(0); // nothing of ours in the page's light DOM
    const root = b.host.shadowRoot!;
    expect(root.contains(b.el)).toBe(true);
    expect(b.el.getAttribute('role')).toBe('img');
    expect(b.el.getAttribute('data-theme')).toBe('dark');
    const styled = root.querySelector('style')?.textContent === BADGE_CSS || (root.adoptedStyleSheets?.length ?? 0) === 1;
    expect(styled).toBe(true);
  });

  it('paints state, text and the accessible name, and writes nothing when nothing changed', async () => {
    const b = createBadge(document, 'light');
    const label = 'Acme · Resolution: at risk, 12m left, due 14:05';
    paintBadge(b, 'atRisk', '12m', 'light');
    labelBadge(b, label);
    expect([b.el.getAttribute('data-state'), b.el.textContent, b.el.getAttribute('aria-label'), b.el.title]).toEqual(['atRisk', '12m', label, label]);
    const writes: string[] = [];
    const mo = new MutationObserver((rs) => writes.push(...rs.map((r) => r.attributeName ?? r.type)));
    mo.observe(b.el, { attributes: true, childList: true, characterData: true, subtree: true });
    paintBadge(b, 'atRisk', '12m', 'light');
    labelBadge(b, label);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(writes).toEqual([]);
    paintBadge(b, 'breached', 'overdue 1m', 'light');
    labelBadge(b, 'Acme · Resolution: overdue by 1m');
    await new Promise((ok) => setTimeout(ok, 0));
    mo.disconnect();
    expect(writes).toEqual(expect.arrayContaining(['data-state', 'childList', 'aria-label', 'title']));
    expect(writes).not.toContain('data-theme');
  });
});
