// Everything the options views need from the browser, passed in by the entrypoint (and faked in tests),
// so the components stay free of storage and extension APIs.
import type { Contract } from '../../lib/contracts/model';
import type { StoredContracts, WriteResult } from '../../lib/contracts/store';
import type { Settings } from '../../lib/settings';

export interface DomainStatus {
  origin: string;
  pattern: string;
  /** Whether the browser still holds the host permission (it can be revoked in the browser's settings). */
  granted: boolean;
}

export interface OptionsServices {
  contracts: {
    load(): Promise<StoredContracts>;
    watch(cb: (v: StoredContracts) => void): () => void;
    replace(next: readonly Contract[], expectedRevision: number): Promise<WriteResult>;
    undo(expectedRevision: number): Promise<WriteResult>;
  };
  settings: {
    load(): Promise<Settings>;
    watch(cb: (s: Settings) => void): () => void;
    update(patch: Partial<Settings>): Promise<Settings>;
  };
  domains: {
    load(): Promise<DomainStatus[]>;
    watch(cb: () => void): () => void;
    /** Must request the permission synchronously (user gesture) before any await. */
    add(origin: string, pattern: string): Promise<{ ok: true } | { ok: false; error: string }>;
    grant(pattern: string): Promise<boolean>;
    remove(origin: string, pattern: string): Promise<void>;
  };
  download(fileName: string, mime: string, text: string): void;
  /** Ids of contracts pushed by enterprise policy (read-only); empty until the managed feed exists. */
  managedIds: ReadonlySet<string>;
  now(): Date;
  /** The admin's own zone and today's date in it, for new contracts. */
  zone(): string;
  nav: {
    hash(): string;
    /** Navigates (a history entry), firing the hash-change listeners. */
    go(hash: string): void;
    /** Changes the hash without a history entry (used to undo a blocked navigation). */
    replaceHash(hash: string): void;
    onHashChange(cb: () => void): () => void;
    /** While `dirty()` is true, leaving the page asks for confirmation. */
    guardUnload(dirty: () => boolean): () => void;
  };
}
