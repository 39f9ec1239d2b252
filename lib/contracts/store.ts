// The contract set in extension storage: one versioned item, validated whole-set writes with a
// revision for conflict detection between options tabs, and the previous set kept for undo.
// The only module in lib/contracts that writes, and only through WXT's storage API; the item itself
// and the read path are in ./stored (the content script reads through that, without the validator).
import { storage } from 'wxt/utils/storage';
import type { Contract } from './model';
import {
  CONTRACTS_KEY as KEY,
  CONTRACTS_MIGRATIONS as MIGRATIONS,
  CONTRACTS_VERSION,
  isStoredContracts as wellFormed,
  loadContracts,
  PREVIOUS_CONTRACTS_KEY as PREVIOUS_KEY,
  type StoredContracts,
} from './stored';
import { validateContracts, type Issue } from './validate';

export { contractsItem, loadContracts, watchContracts, type StoredContracts } from './stored';

// test/e2e/harness.ts reads this number from this line; `satisfies` keeps it equal to ./stored's.
export const STORE_VERSION = 2 satisfies typeof CONTRACTS_VERSION;

/** Same shape and versioning as the main item so a future migration upgrades both. */
export const previousContractsItem = storage.defineItem<StoredContracts | null>(PREVIOUS_KEY, { version: STORE_VERSION, fallback: null, migrations: MIGRATIONS });

export type WriteResult = { ok: true; revision: number; contracts: Contract[] } | { ok: false; errors: Issue[]; conflict?: true };

export interface WriteOptions {
  now: Date;
  /** The revision the change was based on; a different stored revision refuses the write. */
  expectedRevision?: number;
}

function conflict(stored: number, expected: number): WriteResult {
  return {
    ok: false,
    conflict: true,
    errors: [
      {
        path: '',
        message: `The contracts were changed elsewhere (another tab or window) after you opened them: revision ${stored} is saved, your change was based on revision ${expected}. Reload to see the latest version, then make your change again.`,
      },
    ],
  };
}

/** Both values and both version marks go in one storage.local.set call, so readers never see half a write. */
async function write(value: StoredContracts, previous: StoredContracts): Promise<void> {
  await storage.setItems([
    { key: KEY, value },
    { key: `${KEY}$`, value: { v: STORE_VERSION } },
    { key: PREVIOUS_KEY, value: previous },
    { key: `${PREVIOUS_KEY}$`, value: { v: STORE_VERSION } },
  ]);
}

/** Validates the whole set first; on any problem nothing is written and every problem is returned. */
export async function replaceContracts(next: readonly unknown[], opts: WriteOptions): Promise<WriteResult> {
  const r = validateContracts([...next]);
  if (!r.ok) return { ok: false, errors: r.errors };
  const current = await loadContracts();
  if (opts.expectedRevision !== undefined && opts.expectedRevision !== current.revision) return conflict(current.revision, opts.expectedRevision);
  const value = { contracts: r.contracts, revision: current.revision + 1, updatedAt: opts.now.toISOString() };
  await write(value, current);
  return { ok: true, revision: value.revision, contracts: value.contracts };
}

/** Restores the set before the last change, as a new revision; undoing again redoes. */
export async function undoLastChange(opts: WriteOptions): Promise<WriteResult> {
  const previous = await previousContractsItem.getValue();
  if (!wellFormed(previous)) return { ok: false, errors: [{ path: '', message: 'There is no earlier change to undo.' }] };
  const current = await loadContracts();
  if (opts.expectedRevision !== undefined && opts.expectedRevision !== current.revision) return conflict(current.revision, opts.expectedRevision);
  const value = { contracts: previous.contracts, revision: current.revision + 1, updatedAt: opts.now.toISOString() };
  await write(value, current);
  return { ok: true, revision: value.revision, contracts: value.contracts };
}
