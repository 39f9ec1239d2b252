// The contract set in extension storage: one versioned item, validated whole-set writes with a
// revision for conflict detection between options tabs, and the previous set kept for undo.
// The only module in lib/contracts that touches the browser, and only through WXT's storage API.
import { storage } from 'wxt/utils/storage';
import { migrateV1toV2 } from './migrations';
import type { Contract } from './model';
import { validateContracts, type Issue } from './validate';

export interface StoredContracts {
  contracts: Contract[];
  /** +1 on every write; 0 = never written. */
  revision: number;
  updatedAt: string | null;
}

export const STORE_VERSION = 2;
const KEY = 'local:contracts' as const;
const PREVIOUS_KEY = 'local:contracts-previous' as const;
const MIGRATIONS = { 2: migrateV1toV2 };

const empty = (): StoredContracts => ({ contracts: [], revision: 0, updatedAt: null });

export const contractsItem = storage.defineItem<StoredContracts>(KEY, { version: STORE_VERSION, fallback: empty(), migrations: MIGRATIONS });
/** Same shape and versioning as the main item so a future migration upgrades both. */
export const previousContractsItem = storage.defineItem<StoredContracts | null>(PREVIOUS_KEY, { version: STORE_VERSION, fallback: null, migrations: MIGRATIONS });

const wellFormed = (x: unknown): x is StoredContracts =>
  !!x && typeof x === 'object' && Array.isArray((x as StoredContracts).contracts) && typeof (x as StoredContracts).revision === 'number';

export async function loadContracts(): Promise<StoredContracts> {
  const value = await contractsItem.getValue();
  // A fresh object, never the item's shared fallback, so callers may mutate what they get.
  return wellFormed(value) && value !== contractsItem.fallback ? value : empty();
}

export function watchContracts(cb: (value: StoredContracts) => void): () => void {
  return contractsItem.watch((value) => cb(wellFormed(value) ? value : empty()));
}

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
