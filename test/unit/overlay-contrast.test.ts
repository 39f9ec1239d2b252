// The overlay's colours must pass WCAG AA for text (4.5:1) in both themes; this reads the real CSS so
// a colour tweak that breaks contrast fails here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(process.cwd(), 'components/Overlay.css'), 'utf8');

function vars(selector: string, inMedia = false): Record<string, string> {
  const source = inMedia ? css.slice(css.indexOf('@media (prefers-color-scheme: dark)')) : css;
  const start = source.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no block ${selector}`);
  const body = source.slice(start, source.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--sla-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const channel = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

const TEXT = ['fg', 'muted', 'link', 'running', 'atRisk', 'breached', 'paused', 'met', 'missed'];
const light = vars('.sla-root');
const dark = vars(".sla-root[data-theme='dark']");
const autoDark = vars(".sla-root[data-theme='auto']", true);

describe('overlay colours', () => {
  it('the contrast check itself is right (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  for (const [name, theme] of [['light', light], ['dark', dark]] as const) {
    it(`${name}: every text colour is >= 4.5:1 on the background and the surface`, () => {
      for (const k of TEXT) {
        expect(theme[k], `--sla-${k}`).toMatch(/^#/);
        for (const bg of ['bg', 'surface']) expect(contrast(theme[k]!, theme[bg]!), `${name} ${k} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it('the auto theme in a dark system uses exactly the dark palette', () => {
    expect(autoDark).toEqual(dark);
  });

  it('uses px, not rem/em (rem follows the helpdesk page font size)', () => {
    expect(css).not.toMatch(/\d(r?em)\b/);
  });
});
