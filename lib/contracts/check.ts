// One entry for tools that check a contracts file of either kind (the contracts:check CLI).
import { parseContractsCsv } from './csv';
import { parseContractsJson } from './json';
import type { Contract } from './model';
import type { Issue } from './validate';

export interface CheckResult {
  kind: 'json' | 'csv';
  contracts: Contract[];
  errors: Issue[];
}

/** JSON or CSV by file extension, else by content (JSON starts with "{" or "["). */
export function checkContractsText(text: string, fileName = ''): CheckResult {
  const ext = /\.(json|csv)$/i.exec(fileName)?.[1]?.toLowerCase();
  const kind = ext === 'json' || ext === 'csv' ? ext : /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
  if (kind === 'csv') {
    const r = parseContractsCsv(text);
    return { kind, contracts: r.errors.length ? [] : r.contracts, errors: r.errors };
  }
  const r = parseContractsJson(text);
  return r.ok ? { kind, contracts: r.file.contracts, errors: [] } : { kind, contracts: [], errors: r.errors };
}
