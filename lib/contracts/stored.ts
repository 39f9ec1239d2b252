// The stored contract set's keys, version and read path, without validation: the content script reads
// contracts through this module and never bundles the validator (./validate, valibot). Writes, undo and
// the kept previous set are in ./store, which builds on the item defined here (defined once, so its
// migrations run once per extension context).
import { storage } from 'wxt/utils/storage';
import { migrateV1toV2 } from './migrations';
import type { Contract } from './model';

export interface StoredContracts {
  contracts: Contract[];
  /** +1 on every write; 0 = never written. */
  revision: number;
  updatedAt: string | null;
}

export const CONTRACTS_VERSION = 2;
export const CONTRACTS_KEY = 'local:contracts' as const;
export const PREVIOUS_CONTRACTS_KEY = 'local:contracts-previous' as const;
export const CONTRACTS_MIGRATIONS = { 2: migrateV1toV2 };

export const emptyStoredContracts = (): StoredContracts => ({ contracts: [], revision: 0, updatedAt: null });

export const isStoredContracts = (x: unknown): x is StoredContracts =>
  !!x && typeof x === 'object' && Array.isArray((x as StoredContracts).contracts) && typeof (x as StoredContracts).revision === 'number';

export const contractsItem = storage.defineItem<StoredContracts>(CONTRACTS_KEY, {
  version: CONTRACTS_VERSION,
  fallback: emptyStoredContracts(),
  migrations: CONTRACTS_MIGRATIONS,
});

export async function loadContracts(): Promise<StoredContracts> {
  const value = await contractsItem.getValue();
  // A fresh object, never the item's shared fallback, so callers may mutate what they get.
  return isStoredContracts(value) && value !== contractsItem.fallback ? value : emptyStoredContracts();
}

export function watchContracts(cb: (value: StoredContracts) => void): () => void {
  return contractsItem.watch((value) => cb(isStoredContracts(value) ? value : emptyStoredContracts()));
}
