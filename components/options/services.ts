// Everything the options views need from the browser, passed in by the entrypoint (and faked in tests),
// so the components stay free of storage and extension APIs.
import type { BackgroundRequest, BackgroundResponse } from '../../lib/background/messages';
import type { BreachLogEntry } from '../../lib/breach-log';
import type { Contract } from '../../lib/contracts/model';
import type { StoredContracts, WriteResult } from '../../lib/contracts/store';
import type { EffectiveContracts, ManagedConfig } from '../../lib/managed';
import type { Settings } from '../../lib/settings';
import type { RulesService } from '../RulesPanel';

/** A typed request to the background (lib/background/messages.ts); failures come back as `{ ok: false }`. */
export type AskBackground = <T extends BackgroundRequest>(msg: T) => Promise<BackgroundResponse<T['type']>>;

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
  /** Policy + feed + local contracts as the background merged them (null before its first merge). */
  effective: {
    load(): Promise<EffectiveContracts | null>;
    watch(cb: (v: EffectiveContracts | null) => void): () => void;
  };
  /** What the administrator pushes by browser policy (storage.managed). */
  policy: {
    load(): Promise<ManagedConfig>;
    watch(cb: () => void): () => void;
  };
  feed: {
    /** Must call the browser's permission request synchronously (user gesture) before any await. */
    requestAccess(pattern: string): Promise<boolean>;
    /** The feed state or the host permissions changed. */
    watch(cb: () => void): () => void;
  };
  breachLog: {
    load(): Promise<BreachLogEntry[]>;
    watch(cb: (log: BreachLogEntry[]) => void): () => void;
  };
  background: AskBackground;
  /** Reading rules (local:readingRules, plus policy and feed ones read-only); components/RulesPanel.tsx. */
  rules?: RulesService;
  download(fileName: string, mime: string, text: string): void;
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
