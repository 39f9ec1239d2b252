// CSV import / export of the flat part of contracts (one row per contract). Nested parts (escalation,
// severity maps, pausing statuses, contacts beyond the TAM…) live only in JSON; a CSV import merges
// onto existing contracts by id and keeps them. Cell syntax: README, "Contract files".
import Papa from 'papaparse';
import type { Weekday } from '../business-time';
import { SEVERITIES, TARGET_KINDS, type Contract, type Target, type TargetKind } from './model';
import { validateContracts, type Issue } from './validate';

type Kind = 'text' | 'lower' | 'list' | 'number' | 'hours' | 'target';
interface Column {
  name: string;
  path: readonly string[];
  kind: Kind;
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const KIND_COLUMN: Record<TargetKind, string> = { firstResponse: 'first_response', updateCadence: 'update', resolution: 'resolution' };
const col = (name: string, kind: Kind, ...path: string[]): Column => ({ name, path, kind });
const targetColumns = (prefix: string, root: string) =>
  SEVERITIES.flatMap((s) => TARGET_KINDS.map((k) => col(`${prefix}${s}_${KIND_COLUMN[k]}`, 'target', root, s, k)));

const INTERNAL_PREFIX = 'internal_';
/** In application order: `hours` comes before the targets because "bd" depends on it. */
export const CSV_COLUMNS: readonly Column[] = [
  col('id', 'text', 'id'),
  col('customer', 'text', 'customer', 'name'),
  col('aliases', 'list', 'customer', 'aliases'),
  col('domains', 'list', 'customer', 'domains'),
  col('contacts', 'list', 'customer', 'contacts'),
  col('external_ids', 'list', 'customer', 'externalIds'),
  col('country', 'text', 'customer', 'country'),
  col('tier', 'text', 'tier'),
  col('term_start', 'text', 'term', 'start'),
  col('term_end', 'text', 'term', 'end'),
  col('renewal', 'lower', 'term', 'renewal'),
  col('notice_days', 'number', 'term', 'noticeDays'),
  col('onboarding_start', 'text', 'onboarding', 'start'),
  col('onboarding_end', 'text', 'onboarding', 'end'),
  col('timezone', 'text', 'calendar', 'timezone'),
  col('hours', 'hours', 'calendar', 'weekly'),
  col('holidays', 'list', 'calendar', 'holidays'),
  col('channels', 'lower', 'channels'),
  col('primary_channel', 'lower', 'primaryChannel'),
  col('languages', 'list', 'languages'),
  col('warn_percent', 'number', 'warnPercent'),
  ...targetColumns('', 'targets'),
  ...targetColumns(INTERNAL_PREFIX, 'internalTargets'),
  col('tam_name', 'text', 'entitlements', 'tam', 'name'),
  col('tam_email', 'text', 'entitlements', 'tam', 'email'),
  col('tam_phone', 'text', 'entitlements', 'tam', 'phone'),
  col('pod', 'text', 'entitlements', 'pod'),
  col('service_credits', 'text', 'serviceCredits'),
  col('out_of_scope', 'text', 'outOfScope'),
  col('notes', 'text', 'notes'),
];
const BY_NAME = new Map(CSV_COLUMNS.map((c) => [c.name, c]));
/** Objects a row never removes, even when all their columns are empty (validation then says what is missing). */
const KEEP = new Set(['customer', 'term', 'calendar', 'targets']);

// ---- cell syntax: hours ----
const hm = (t: string): number => {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const pad = (t: string) => (t.length === 4 ? `0${t}` : t);
const ALWAYS: [string, string][] = [['00:00', '24:00']];

/** "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00" or "24x7" → weekly intervals. */
export function parseHours(cell: string): { weekly: Contract['calendar']['weekly'] } | { error: string } {
  const s = cell.trim().toLowerCase();
  if (s === '24x7' || s === '24/7') return { weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, ALWAYS.map((i) => [...i])])) };
  const weekly: Contract['calendar']['weekly'] = {};
  for (const part of s.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z,\s-]+?)\s+(\d.*)$/.exec(part);
    const days = m ? parseDays(m[1]!) : null;
    if (!m || !days) return { error: `"${part}": expected days and times like "mon-fri 09:00-18:00"` };
    const intervals: [string, string][] = [];
    for (const iv of m[2]!.split(',')) {
      const t = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(iv);
      if (!t) return { error: `"${iv.trim()}": expected a time range like 09:00-18:00` };
      intervals.push([pad(t[1]!), pad(t[2]!)]);
    }
    for (const d of days) (weekly[d] ??= []).push(...intervals.map((i): [string, string] => [...i]));
  }
  return Object.keys(weekly).length ? { weekly } : { error: 'expected opening hours like "mon-fri 09:00-18:00" or "24x7"' };
}

function parseDays(text: string): Weekday[] | null {
  const out: Weekday[] = [];
  for (const item of text.replace(/\s+/g, '').split(',')) {
    const [a, b, extra] = item.split('-');
    const i = WEEKDAYS.indexOf(a as Weekday);
    const j = b === undefined ? i : WEEKDAYS.indexOf(b as Weekday);
    if (i < 0 || j < 0 || extra !== undefined) return null;
    for (let k = i; ; k = (k + 1) % 7) {
      out.push(WEEKDAYS[k]!);
      if (k === j) break;
    }
  }
  return out;
}

export function formatHours(weekly: Contract['calendar']['weekly']): string {
  const sig = (d: Weekday) => (weekly[d] ?? []).map(([a, b]) => `${a}-${b}`).join(',');
  if (WEEKDAYS.every((d) => sig(d) === '00:00-24:00')) return '24x7';
  const groups = new Map<string, number[]>();
  WEEKDAYS.forEach((d, i) => {
    const s = sig(d);
    if (s) groups.set(s, [...(groups.get(s) ?? []), i]);
  });
  return [...groups]
    .map(([times, days]) => {
      const runs: number[][] = [];
      for (const d of days) {
        const last = runs[runs.length - 1];
        if (last && last[last.length - 1] === d - 1) last.push(d);
        else runs.push([d]);
      }
      const dayText = runs
        .map((r) => (r.length >= 3 ? `${WEEKDAYS[r[0]!]}-${WEEKDAYS[r[r.length - 1]!]}` : r.map((d) => WEEKDAYS[d]).join(',')))
        .join(',');
      return `${dayText} ${times}`;
    })
    .join('; ');
}

/** Length of a business day ("bd") on a calendar: its most common daily open time; 8 h when it has none. */
export function businessDayMinutes(weekly: Contract['calendar']['weekly'] | undefined): number {
  const counts = new Map<number, number>();
  for (const d of WEEKDAYS) {
    const total = (weekly?.[d] ?? []).reduce((sum, [a, b]) => sum + hm(b) - hm(a), 0);
    if (total > 0 && Number.isFinite(total)) counts.set(total, (counts.get(total) ?? 0) + 1);
  }
  let best = 480;
  let seen = 0;
  for (const [len, n] of counts) if (n > seen || (n === seen && len > best)) [best, seen] = [len, n];
  return best;
}

// ---- cell syntax: targets ----
const UNIT: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440 };

/** "15m 24x7", "2h", "1h30m", "3bd", "1d" (24 h, counted 24x7), "90" (minutes) → a target. */
export function parseTarget(cell: string, bdMinutes: number): Target | { error: string } {
  let s = cell.trim().toLowerCase();
  const b = /\s*(24x7|24\/7|business)$/.exec(s);
  s = s.slice(0, b ? b.index : s.length).trim();
  const explicit = b ? (b[1] === 'business' ? 'business' : '24x7') : undefined;
  const bad = { error: `"${cell.trim()}": expected a duration like 15m, 2h, 1h30m, 3bd or 1d, optionally followed by 24x7 or business` };
  let minutes = 0;
  let days = false;
  let bds = false;
  if (/^\d+(\.\d+)?$/.test(s)) minutes = Number(s);
  else {
    const re = /(\d+(?:\.\d+)?)\s*(bd|min|m|h|d)\s*/y;
    let m: RegExpExecArray | null;
    while (re.lastIndex < s.length && (m = re.exec(s))) {
      const unit = m[2]!;
      bds ||= unit === 'bd';
      days ||= unit === 'd';
      minutes += Number(m[1]) * (unit === 'bd' ? bdMinutes : UNIT[unit]!);
    }
    if (!s || re.lastIndex !== s.length) return bad;
  }
  if (bds && explicit === '24x7') return { error: `"${cell.trim()}": business days (bd) cannot be counted 24x7; use d for 24-hour days` };
  if (days && (bds || explicit === 'business')) return { error: `"${cell.trim()}": d is a 24-hour day counted 24x7; use bd for business days` };
  return { minutes, basis: explicit ?? (days ? '24x7' : 'business') };
}

export function formatTarget(t: Target, bdMinutes: number): string {
  const n = t.minutes;
  const hours = (x: number) => (Number.isInteger(x) && x >= 60 ? `${Math.floor(x / 60)}h${x % 60 ? `${x % 60}m` : ''}` : `${x}m`);
  if (t.basis === 'business') return n >= bdMinutes && n % bdMinutes === 0 ? `${n / bdMinutes}bd` : hours(n);
  return `${n >= 1440 && n % 1440 === 0 ? `${n / 1440}d` : hours(n)} 24x7`;
}

// ---- plain object paths ----
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
const getPath = (o: unknown, path: readonly string[]): unknown => path.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o);

function setPath(root: Obj, path: readonly string[], value: unknown): void {
  const chain: Obj[] = [root];
  for (const k of path.slice(0, -1)) {
    const cur = chain[chain.length - 1]!;
    if (!isObj(cur[k])) {
      if (value === undefined) return;
      cur[k] = {};
    }
    chain.push(cur[k] as Obj);
  }
  const leaf = path[path.length - 1]!;
  if (value !== undefined) return void (chain[chain.length - 1]![leaf] = value);
  delete chain[chain.length - 1]![leaf];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i]!).length || (i === 1 && KEEP.has(path[0]!))) break;
    delete chain[i - 1]![path[i - 1]!];
  }
}

// ---- export ----
function cellOf(c: Contract, column: Column): string {
  const value = getPath(c, column.path);
  if (value === undefined || value === null) return '';
  switch (column.kind) {
    case 'list':
      return Array.isArray(value) ? value.join('; ') : '';
    case 'hours':
      return formatHours(value as Contract['calendar']['weekly']);
    case 'target':
      return formatTarget(value as Target, businessDayMinutes(c.calendar.weekly));
    default:
      return Array.isArray(value) ? value.join('; ') : String(value);
  }
}

/** One row per contract. `internal_*` columns appear only when a contract has internal targets. */
export function contractsToCsv(contracts: readonly Contract[]): string {
  const internal = contracts.some((c) => c.internalTargets && Object.keys(c.internalTargets).length);
  const fields = CSV_COLUMNS.filter((c) => internal || !c.name.startsWith(INTERNAL_PREFIX));
  return Papa.unparse(
    { fields: fields.map((f) => f.name), data: contracts.map((c) => fields.map((f) => cellOf(c, f))) },
    // Cells starting with = + - @ get a leading ' so spreadsheets do not run them as formulas.
    { escapeFormulae: true, newline: '\r\n' },
  );
}

// ---- import ----
export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  id: string;
  /** Raw cells of the columns the file has, by column name. */
  cells: Record<string, string>;
}

const headerName = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
const unescapeFormula = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * The delimiter is the one the header row uses most. Papa's guess looks at the whole text and, on a
 * short file whose cells hold `;`-separated lists, picks `;` (seen with a trailing newline).
 */
function headerDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t']) {
    const n = header.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/** Reads the table: header and cell structure only; cell meaning is checked when rows are merged. */
export function readContractsCsv(text: string): { rows: CsvRow[]; errors: Issue[] } {
  const errors: Issue[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(body, { delimiter: headerDelimiter(body) });
  for (const e of parsed.errors) if (e.code !== 'UndetectableDelimiter') errors.push({ path: `row ${(e.row ?? 0) + 1}`, message: e.message });
  const [header = [], ...data] = parsed.data;
  const names = header.map(headerName);
  names.forEach((n, i) => {
    const where = `row 1, column "${header[i]}"`;
    if (!n) {
      if (data.some((r) => (r[i] ?? '').trim())) errors.push({ path: where, message: 'has cells but no column name' });
    } else if (!BY_NAME.has(n)) errors.push({ path: where, message: 'is not a known column (see "Contract files" in the README)' });
    else if (names.indexOf(n) !== i) errors.push({ path: where, message: 'appears twice' });
  });
  if (!names.includes('id')) return { rows: [], errors: [...errors, { path: 'row 1', message: 'needs an "id" column' }] };
  const rows: CsvRow[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((x) => !x.trim())) return;
    if (cells.length > names.length && cells.slice(names.length).some((x) => x.trim()))
      errors.push({ path: `row ${row}`, message: `has ${cells.length} cells but the header has ${names.length} columns` });
    const record: Record<string, string> = {};
    names.forEach((n, k) => {
      if (BY_NAME.has(n)) record[n] = unescapeFormula((cells[k] ?? '').trim());
    });
    const id = record.id ?? '';
    if (!id) return void errors.push({ path: `row ${row}, column "id"`, message: 'is required' });
    const first = seen.get(id);
    if (first) return void errors.push({ path: `row ${row}, column "id"`, message: `"${id}" is already on row ${first}` });
    seen.set(id, row);
    rows.push({ row, id, cells: record });
  });
  return { rows, errors };
}

function applyRow(draft: Obj, row: CsvRow, errors: Issue[]): void {
  for (const column of CSV_COLUMNS) {
    const cell = row.cells[column.name];
    if (cell === undefined || column.name === 'id') continue;
    const fail = (message: string) => errors.push({ path: `row ${row.row}, column "${column.name}"`, message });
    let value: unknown = cell || undefined;
    if (cell)
      switch (column.kind) {
        case 'lower':
          value = column.name === 'channels' ? splitList(cell.toLowerCase()) : cell.toLowerCase();
          break;
        case 'list':
          value = splitList(cell);
          break;
        case 'number':
          if (!/^[+-]?\d+(\.\d+)?$/.test(cell)) {
            fail('must be a number');
            continue;
          }
          value = Number(cell);
          break;
        case 'hours': {
          const r = parseHours(cell);
          if ('error' in r) {
            fail(r.error);
            continue;
          }
          value = r.weekly;
          break;
        }
        case 'target': {
          const r = parseTarget(cell, businessDayMinutes(getPath(draft, ['calendar', 'weekly']) as Contract['calendar']['weekly']));
          if ('error' in r) {
            fail(r.error);
            continue;
          }
          value = r;
          break;
        }
      }
    else if (column.kind === 'hours') {
      fail('is required, e.g. "mon-fri 09:00-18:00" or "24x7"');
      continue;
    }
    setPath(draft, column.path, value);
  }
  // Clearing the cells a group is identified by removes the group, with its non-CSV fields.
  const ob = draft.onboarding;
  if (isObj(ob) && ob.start === undefined && ob.end === undefined) delete draft.onboarding;
  const tam = getPath(draft, ['entitlements', 'tam']);
  if (isObj(tam) && tam.name === undefined && tam.email === undefined && tam.phone === undefined) setPath(draft, ['entitlements', 'tam'], undefined);
}

const splitList = (cell: string) => {
  const items = cell.split(';').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
};

/** Maps a validation path of a contract that came from a CSV row to that row and column. */
function locate(issue: Issue, rowOf: Map<number, number>): Issue {
  const m = /^contracts\[(\d+)\]\.?(.*)$/s.exec(issue.path);
  const row = m && rowOf.get(Number(m[1]));
  if (!m || row === undefined || row === null) return issue;
  const field = m[2]!.replace(/\[[^\]]*\]/g, '');
  const column = CSV_COLUMNS.find((c) => {
    const p = c.path.join('.');
    return field === p || field.startsWith(`${p}.`);
  });
  // Messages name other contracts as "(contracts[i])"; a CSV user knows them by row.
  const message = issue.message.replace(/\(contracts\[(\d+)\]\)/g, (ref, i: string) => {
    const r = rowOf.get(Number(i));
    return r === undefined ? ref : `(row ${r})`;
  });
  return { path: column ? `row ${row}, column "${column.name}"` : `row ${row}, ${m[2]}`, message };
}

/**
 * Applies CSV rows onto a contract set: a row updates the contract with its id (only the columns the
 * file has; an empty cell clears an optional field) or adds a new one. Contracts without a row stay.
 * `contracts` is the validated, normalised set when `errors` is empty.
 */
export function mergeCsvIntoContracts(existing: readonly Contract[], rows: readonly CsvRow[]): { contracts: Contract[]; errors: Issue[] } {
  const merged = JSON.parse(JSON.stringify(existing)) as Obj[];
  const index = new Map(merged.map((c, i) => [c.id, i]));
  const rowOf = new Map<number, number>();
  const errors: Issue[] = [];
  for (const row of rows) {
    let i = index.get(row.id);
    if (i === undefined) {
      i = merged.push({ id: row.id, customer: {}, term: {}, calendar: {}, targets: {} }) - 1;
      index.set(row.id, i);
    }
    applyRow(merged[i]!, row, errors);
    rowOf.set(i, row.row);
  }
  const r = validateContracts(merged);
  if (!r.ok) {
    // A cell that did not parse was left as it was; what validation then says about it is noise.
    const unparsed = new Set(errors.map((e) => e.path));
    for (const e of r.errors.map((x) => locate(x, rowOf))) if (!unparsed.has(e.path)) errors.push(e);
  }
  return { contracts: r.ok ? r.contracts : (merged as unknown as Contract[]), errors };
}

/** Reads a CSV and merges it onto `existing` (none by default): the import path the options page and the CLI use. */
export function parseContractsCsv(text: string, existing: readonly Contract[] = []): { rows: CsvRow[]; contracts: Contract[]; errors: Issue[] } {
  const read = readContractsCsv(text);
  const merged = mergeCsvIntoContracts(existing, read.rows);
  return { rows: read.rows, contracts: merged.contracts, errors: [...read.errors, ...merged.errors] };
}
