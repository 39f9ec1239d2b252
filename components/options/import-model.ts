// Import preview: parse a JSON or CSV contract file, work out the contract set it would produce, and
// list adds, changes, removals and errors (row, column, message) before anything is written.
import { parseContractsCsv } from '../../lib/contracts/csv';
import { diffContractSets, type ContractSetDiff } from '../../lib/contracts/diff';
import { parseContractsJson } from '../../lib/contracts/json';
import type { Contract } from '../../lib/contracts/model';
import { validateContracts, type Issue } from '../../lib/contracts/validate';

export type ImportFormat = 'json' | 'csv';
/** merge: add new ids and update existing ones, keep the rest. replace: the file becomes the whole set. */
export type ImportMode = 'merge' | 'replace';

export interface ImportError {
  /** "row 5", "contract 3 (Acme)", "line 2", or "" for the whole file. */
  row: string;
  /** CSV column, JSON field path, "column 7" for syntax errors, or "". */
  column: string;
  message: string;
}

export interface ImportPreview {
  format: ImportFormat;
  /** The resulting set to write (validated and normalised); null when there are errors. */
  next: Contract[] | null;
  diff: ContractSetDiff | null;
  errors: ImportError[];
  /** Contracts or rows read from the file. */
  read: number;
}

export function detectFormat(text: string, fileName?: string): ImportFormat {
  if (fileName && /\.csv$/i.test(fileName)) return 'csv';
  if (fileName && /\.json$/i.test(fileName)) return 'json';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

const CSV_PATH = /^row (\d+)(?:, column "([^"]*)")?(?:, (.*))?$/s;

function csvError(i: Issue, existing: readonly Contract[]): ImportError {
  const m = CSV_PATH.exec(i.path);
  if (!m) {
    // A contract the file did not touch: it was already invalid in the stored set.
    const c = /^contracts\[(\d+)\]\.?(.*)$/s.exec(i.path);
    const name = c ? existing[Number(c[1])]?.customer?.name : undefined;
    return c ? { row: `existing contract${name ? ` "${name}"` : ` ${Number(c[1]) + 1}`}`, column: c[2] ?? '', message: i.message } : { row: '', column: i.path, message: i.message };
  }
  return { row: `row ${m[1]}`, column: m[2] ?? m[3] ?? '', message: i.message };
}

/** `contracts[3].customer.name` → contract 4 (name), column `customer.name`. */
function jsonError(i: Issue, labelOf: (index: number) => string): ImportError {
  if (i.line !== undefined) return { row: `line ${i.line}`, column: i.column !== undefined ? `column ${i.column}` : '', message: i.message };
  const m = /^contracts\[(\d+)\]\.?(.*)$/s.exec(i.path);
  if (!m) return { row: '', column: i.path, message: i.message };
  return { row: labelOf(Number(m[1])), column: m[2] ?? '', message: i.message };
}

export function previewImport(text: string, existing: readonly Contract[], opts: { format: ImportFormat; mode: ImportMode }): ImportPreview {
  if (text.trim() === '') return { format: opts.format, next: null, diff: null, errors: [{ row: '', column: '', message: 'The file is empty.' }], read: 0 };
  const base = opts.mode === 'merge' ? existing : [];

  if (opts.format === 'csv') {
    const r = parseContractsCsv(text, base);
    if (r.errors.length) return { format: 'csv', next: null, diff: null, errors: r.errors.map((e) => csvError(e, base)), read: r.rows.length };
    return { format: 'csv', next: r.contracts, diff: diffContractSets(existing, r.contracts), errors: [], read: r.rows.length };
  }

  const parsed = parseContractsJson(text);
  if (!parsed.ok) {
    const raw = rawContracts(text);
    const label = (i: number) => {
      const name = (raw[i] as { customer?: { name?: unknown } } | undefined)?.customer?.name;
      return `contract ${i + 1}${typeof name === 'string' && name ? ` (${name})` : ''}`;
    };
    return { format: 'json', next: null, diff: null, errors: parsed.errors.map((e) => jsonError(e, label)), read: raw.length };
  }
  const incoming = parsed.file.contracts;
  let combined: Contract[];
  const origin: string[] = []; // label per index of `combined`, for errors across the whole set
  if (opts.mode === 'merge') {
    const byId = new Map(incoming.map((c, i) => [c.id, i]));
    combined = existing.map((c) => {
      const i = byId.get(c.id);
      origin.push(i === undefined ? `existing contract "${c.customer.name}"` : `contract ${i + 1} (${incoming[i]!.customer.name})`);
      return i === undefined ? c : incoming[i]!;
    });
    const ids = new Set(existing.map((c) => c.id));
    incoming.forEach((c, i) => {
      if (ids.has(c.id)) return;
      origin.push(`contract ${i + 1} (${c.customer.name})`);
      combined.push(c);
    });
  } else {
    combined = [...incoming];
    incoming.forEach((c, i) => origin.push(`contract ${i + 1} (${c.customer.name})`));
  }
  // The file is valid on its own; the merged set can still clash (a domain or id used twice).
  const whole = validateContracts(combined);
  if (!whole.ok) {
    return { format: 'json', next: null, diff: null, errors: whole.errors.map((e) => jsonError(e, (i) => origin[i] ?? `contract ${i + 1}`)), read: incoming.length };
  }
  return { format: 'json', next: whole.contracts, diff: diffContractSets(existing, whole.contracts), errors: [], read: incoming.length };
}

function rawContracts(text: string): unknown[] {
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (Array.isArray(data)) return data;
    const list = (data as { contracts?: unknown } | null)?.contracts;
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function changeCount(d: ContractSetDiff | null): number {
  return d ? d.added.length + d.changed.length + d.removed.length : 0;
}
