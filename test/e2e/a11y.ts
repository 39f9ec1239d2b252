// axe-core in the E2E runs. Extension pages forbid inline scripts (CSP `script-src 'self'`), so
// page.addScriptTag is refused there; page.evaluate of the library's source runs through the DevTools
// protocol, which CSP does not govern, and works the same on extension and helpdesk pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxeResults, ElementContext, NodeResult, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { ROOT } from './harness';

let axeSource: string | undefined;
const source = () => (axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));

/** Impacts that fail a run; moderate and minor findings are returned for the report only. */
export const BLOCKING: readonly string[] = ['serious', 'critical'];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** One line per node: its target (shadow hosts joined with " >>> ") and axe's failure summary. */
  nodes: { target: string; summary: string }[];
}

export interface AxeReport {
  label: string;
  blocking: AxeFinding[];
  other: AxeFinding[];
  /** Rules that passed on at least one node (proves the context was not empty). */
  passed: string[];
  /** Targets of the nodes axe checked and found fine, one per passed rule (with resultTypes: violations). */
  passedTargets: string[];
  /** Rules axe could not decide (e.g. contrast over a gradient): listed, never failing. */
  incomplete: string[];
}

const targetText = (n: NodeResult) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | ');

function finding(r: Result): AxeFinding {
  return {
    rule: r.id,
    impact: r.impact ?? 'unknown',
    help: r.help,
    nodes: r.nodes.map((n) => ({ target: targetText(n), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  };
}

/**
 * Runs axe on the page (or a context inside it: `{ fromShadowDom: ['host-tag', '.root'] }` for a
 * shadow tree). Only violations are collected in full (`resultTypes: ['violations']`).
 */
export async function runAxe(page: Page, label: string, context?: ElementContext, options: RunOptions = {}): Promise<AxeReport> {
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object'))) await page.evaluate(source());
  const r = (await page.evaluate(
    ([ctx, opts]) => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe;
      // JSON round trip: axe results hold DOM references that cannot cross the protocol.
      return axe.run(ctx ?? document, opts).then((res) => JSON.parse(JSON.stringify(res)));
    },
    [context ?? null, { resultTypes: ['violations'], ...options }] as const,
  )) as AxeResults;
  const all = r.violations.map(finding);
  return {
    label,
    blocking: all.filter((f) => BLOCKING.includes(f.impact)),
    other: all.filter((f) => !BLOCKING.includes(f.impact)),
    passed: r.passes.map((p) => p.id),
    passedTargets: r.passes.flatMap((p) => p.nodes.map(targetText)),
    incomplete: r.incomplete.map((i) => `${i.id} ×${i.nodes.length} (${i.nodes.slice(0, 3).map(targetText).join(', ')})`),
  };
}

/** A readable listing: "[serious] color-contrast: Elements must meet … \n    .btn.primary — Fix any of …". */
export function formatFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((f) => [`[${f.impact}] ${f.rule}: ${f.help}`, ...f.nodes.slice(0, 8).map((n) => `    ${n.target} — ${n.summary}`),
      ...(f.nodes.length > 8 ? [`    …and ${f.nodes.length - 8} more`] : [])].join('\n'))
    .join('\n');
}

/** Every report's non-blocking findings and undecided rules, for the console log of a run. */
export const noted: string[] = [];

/** `noted` for the log: one line per distinct finding, with the views it was seen in. */
export function notedSummary(): string {
  const by = new Map<string, string[]>();
  for (const line of noted) {
    const [view, list] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
    for (const item of list.split(/, (?=undecided |\S+ \[)/)) by.set(item, [...(by.get(item) ?? []), view]);
  }
  if (!by.size) return '';
  return `axe, not failing (moderate/minor, or undecided by axe):\n${[...by].map(([item, views]) => `  ${item}\n    in: ${views.join('; ')}`).join('\n')}`;
}

/**
 * Runs axe and throws with the listing when a serious or critical violation is found. Moderate/minor
 * findings and undecided rules are kept in `noted` (printed by the test file after its run).
 */
export async function expectAccessible(page: Page, label: string, context?: ElementContext): Promise<AxeReport> {
  const report = await runAxe(page, label, context);
  if (report.other.length || report.incomplete.length) {
    noted.push(`${label}: ${[...report.other.map((f) => `${f.rule} [${f.impact}] ×${f.nodes.length}`), ...report.incomplete.map((i) => `undecided ${i}`)].join(', ')}`);
  }
  if (report.passed.length === 0) throw new Error(`axe (${label}) checked nothing: is the context empty?`);
  if (report.blocking.length) throw new Error(`axe (${label}): ${report.blocking.length} serious/critical violation(s)\n${formatFindings(report.blocking)}`);
  return report;
}

// ---------------------------------------------------------------------------------------------
// Keyboard

export interface FocusStop {
  tag: string;
  role: string | null;
  /** aria-label, else the <label>, else the text, else the placeholder. */
  name: string;
  /** The element matches :focus-visible (what keyboard focus must trigger). */
  focusVisible: boolean;
  /** A visible indicator is drawn: an outline of some width, or a box-shadow. */
  indicator: boolean;
  style: string;
}

/** The focused element (inside open shadow roots too), described. */
export function activeStop(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim() || el.getAttribute('placeholder') || '';
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      name: name.replace(/\s+/g, ' '),
      focusVisible: el.matches(':focus-visible'),
      indicator: outline || shadow,
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
    };
  });
}

/** Presses Tab up to `max` times and returns every stop (stops early when `until` matches one). */
export async function tabWalk(page: Page, max: number, until?: (s: FocusStop) => boolean): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const s = await activeStop(page);
    if (!s) continue;
    stops.push(s);
    if (until?.(s)) break;
  }
  return stops;
}

/**
 * Stops without a visible focus indicator, for a readable assertion. Only the drawn indicator counts:
 * a date field's calendar button takes focus without making the field :focus-visible.
 */
export const withoutIndicator = (stops: readonly FocusStop[]) =>
  stops.filter((s) => !s.indicator).map((s) => `${s.tag}[${s.role ?? ''}] "${s.name.slice(0, 40)}" ${s.style}`);
