// Helpers shared by the row readers: header-driven column lookup and the date shapes lists print.
// Pure: every function takes the elements it reads.
import { emailIn, first, textOf, type Selectors } from '../adapters/dom';
import type { ListRow } from './types';

/** Header labels compared trimmed, lower-cased, with runs of spaces collapsed. */
export const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Column index per wanted field, from a header row's cells: `{ priority: ['priority'] }` → the index of
 * the first header whose label is one of the aliases. `label` reads one header cell (default: its text).
 */
export function columnIndex<K extends string>(
  headers: readonly Element[],
  wanted: Record<K, readonly string[]>,
  label: (th: Element) => string | undefined = textOf,
): Partial<Record<K, number>> {
  const labels = headers.map((h) => norm(label(h)));
  const out: Partial<Record<K, number>> = {};
  for (const key of Object.keys(wanted) as K[]) {
    const i = labels.findIndex((l) => l !== '' && wanted[key].includes(l));
    if (i >= 0) out[key] = i;
  }
  return out;
}

/** The row's direct cell at a column index (table rows keep header order in their children). */
export function cellAt(row: Element, index: number | undefined): Element | undefined {
  return index === undefined ? undefined : (row.children[index] ?? undefined);
}

/** Text of a cell, preferring its aria-label (Garden tables repeat the value there; icons have no text). */
export function cellText(cell: Element | null | undefined): string | undefined {
  if (!cell) return undefined;
  const aria = cell.getAttribute('aria-label')?.replace(/\s+/g, ' ').trim();
  return aria || textOf(cell);
}

/** The first variant's text that is not a placeholder ("-", "--", "—", "None"). */
export function value(root: ParentNode | null | undefined, selectors: Selectors): string | undefined {
  return real(textOf(first(root, selectors)));
}

const PLACEHOLDER = /^(?:-+|–|—|none|n\/a|\(none\))$/i;
export const real = (s: string | undefined): string | undefined => (s && (s.length > 6 || !PLACEHOLDER.test(s)) ? s : undefined);

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
};

/** A Date from local wall-clock parts in the browser's zone; undefined when the parts are out of range. */
function local(y: number, mo: number | undefined, d: number, h: number, mi: number, s = 0): Date | undefined {
  if (mo === undefined || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(y, mo, d, h, mi, s);
  return Number.isNaN(date.getTime()) || date.getDate() !== d ? undefined : date;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
/** Jira Cloud: "Nov 20, 2026, 9:00 AM" / "Nov 20, 2026 at 9:00 AM". */
const MDY = /^([A-Za-z]{3,4})[a-z]*\.? (\d{1,2}), (\d{4}),? (?:at )?(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M)?$/i;
/** Jira Data Center: "20/Nov/26 9:00 AM". */
const DMY = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}) (\d{1,2}):(\d{2}) ?([AP]M)?$/i;
/** Request Tracker: "Fri Nov 20 09:00:00 2026". */
const RT = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

const hour12 = (h: number, ampm: string | undefined) => {
  if (!ampm) return h;
  if (h < 1 || h > 12) return 99;
  return (h % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
};

/**
 * An absolute instant from the shapes list cells print: ISO with an offset (datetime attributes), or
 * local text in the viewer's zone without a marker (Jira, Request Tracker), read in the browser's zone
 * like the adapters do. Relative text ("2 hours ago") is not an instant: undefined.
 */
export function listDate(raw: string | null | undefined): Date | undefined {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return undefined;
  if (ISO.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? new Date(t) : undefined;
  }
  let m = MDY.exec(s);
  if (m) return local(Number(m[3]), MONTHS[m[1]!.toLowerCase()], Number(m[2]), hour12(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0));
  m = DMY.exec(s);
  if (m) return local(2000 + Number(m[3]), MONTHS[m[2]!.toLowerCase()], Number(m[1]), hour12(Number(m[4]), m[6]), Number(m[5]));
  m = RT.exec(s);
  if (m) return local(Number(m[6]), MONTHS[m[1]!.toLowerCase()], Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/** A date inside a cell: `time[datetime]`, else a title holding an absolute date, else the text. */
export function dateIn(cell: Element | null | undefined): Date | undefined {
  if (!cell) return undefined;
  const time = cell.matches('time[datetime]') ? cell : cell.querySelector('time[datetime]');
  const fromAttr = listDate(time?.getAttribute('datetime'));
  if (fromAttr) return fromAttr;
  const titled = cell.matches('[title]') ? cell : cell.querySelector('[title]');
  return listDate(titled?.getAttribute('title')) ?? listDate(textOf(cell));
}

/** Whether an element sits in a pane the helpdesk keeps mounted but hidden (a background tab or view). */
export const inHiddenPane = (el: Element): boolean => el.closest('[hidden], [aria-hidden="true"]') !== null;

/** "Alice Anderson <alice@acme.example>", "alice@acme.example" or "Alice Anderson" as row fields. */
export function person(raw: string | undefined): Pick<ListRow, 'requesterEmail' | 'requesterName'> {
  const s = real(raw);
  if (!s) return {};
  if (!s.includes('@')) return { requesterName: s };
  const email = emailIn(s);
  const name = s.replace(/<[^<>]*>/g, '').replace(/[\w.%+'-]+@[\w.-]+\.[a-z]{2,}/gi, '').replace(/[()]/g, '').trim();
  return { ...(email ? { requesterEmail: email } : {}), ...(name ? { requesterName: name } : {}) };
}
