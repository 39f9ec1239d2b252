// Self-hosted helpdesks (Request Tracker, Zammad, osTicket, Jira Data Center, custom Freshdesk
// domains…): the options page requests an optional host permission for the origin on a click, stores
// the origin here, and the background registers the one content script for every granted origin.
// Without the permission a registration would succeed but inject nothing (w3c/webextensions#356), so
// only granted origins are registered.
import { storage } from 'wxt/utils/storage';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { SAAS_MATCHES } from './adapters/hosts';

/** Origins such as "https://rt.example.com" (no path, no trailing slash). */
export const customDomainsItem = storage.defineItem<string[]>('local:customDomains', { fallback: [], version: 1 });

export const CUSTOM_SCRIPT_ID = 'sla-lens-custom';
/** The built content script (entrypoints/content/ → content-scripts/content.js). */
export const CONTENT_SCRIPT_JS = 'content-scripts/content.js';

export type OriginCheck = { ok: true; origin: string; pattern: string } | { ok: false; error: string };

/**
 * Reads what an admin types ("rt.example.com", "https://rt.example.com/Ticket/Display.html?id=7")
 * into an origin and its host permission pattern. Ports are kept in the origin but match patterns
 * cannot carry one, so the pattern covers the host on any port.
 */
export function checkOrigin(input: string): OriginCheck {
  const raw = input.trim();
  if (raw === '') return { ok: false, error: 'Enter the address of the helpdesk, e.g. https://rt.example.com.' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return { ok: false, error: `"${raw}" is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'Only https:// and http:// helpdesks can be added.' };
  }
  if (url.hostname.includes('*')) return { ok: false, error: 'Wildcards are not allowed; add each helpdesk host.' };
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') {
    return { ok: false, error: `"${url.hostname}" is not a full host name (e.g. rt.example.com).` };
  }
  if (url.username || url.password) return { ok: false, error: 'Remove the user name and password from the address.' };
  const builtIn = SAAS_MATCHES.find((m) => new MatchPattern(m).includes(url.origin + '/'));
  if (builtIn) return { ok: false, error: `${url.hostname} is already supported (${builtIn}); no need to add it.` };
  return { ok: true, origin: url.origin, pattern: originPattern(url.origin) };
}

/** Host permission / match pattern for a stored origin. */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The slice of the extension API the sync needs (the polyfilled `browser` fits; tests pass fakes). */
export interface CustomDomainApi {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[] }[]>;
    registerContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    updateContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
  };
  runtime?: { getManifest(): { content_scripts?: { js?: string[]; css?: string[] }[] } };
}

export interface RegisteredScript {
  id: string;
  matches: string[];
  js: string[];
  css?: string[];
  runAt: 'document_idle';
  allFrames: false;
}

export interface SyncResult {
  /** Match patterns now registered (empty = the script is unregistered). */
  registered: string[];
  /** Stored origins whose permission is missing (revoked in the browser's settings). */
  notGranted: string[];
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Brings the registered content script in line with the stored, granted origins: registers it,
 * updates its matches, or unregisters it when none are left. Calls are serialised, because startup,
 * install and storage changes can fire together and a second register of the same id throws.
 * Call from the background on startup, on install, on `customDomainsItem.watch` and on
 * `permissions.onAdded/onRemoved`.
 */
export function syncCustomDomainScripts(api: CustomDomainApi): Promise<SyncResult> {
  const run = queue.then(() => syncNow(api));
  queue = run.catch(() => undefined);
  return run;
}

async function syncNow(api: CustomDomainApi): Promise<SyncResult> {
  const origins = await customDomainsItem.getValue();
  const patterns: string[] = [];
  const notGranted: string[] = [];
  for (const origin of origins) {
    let pattern: string;
    try {
      pattern = originPattern(origin);
    } catch {
      continue; // a hand-edited, unreadable entry: the options page shows and removes it
    }
    if (await api.permissions.contains({ origins: [pattern] })) {
      if (!patterns.includes(pattern)) patterns.push(pattern);
    } else notGranted.push(origin);
  }

  const existing = await api.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
  const isRegistered = existing.some((s) => s.id === CUSTOM_SCRIPT_ID);
  if (patterns.length === 0) {
    if (isRegistered) await api.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    return { registered: [], notGranted };
  }

  // Register the same files as the static content script so custom domains get the same overlay.
  const css = api.runtime?.getManifest().content_scripts?.find((cs) => cs.js?.includes(CONTENT_SCRIPT_JS))?.css;
  const script: RegisteredScript = {
    id: CUSTOM_SCRIPT_ID,
    matches: patterns,
    js: [CONTENT_SCRIPT_JS],
    ...(css && css.length > 0 ? { css } : {}),
    runAt: 'document_idle',
    allFrames: false,
  };
  if (isRegistered) await api.scripting.updateContentScripts([script]);
  else await api.scripting.registerContentScripts([script]);
  return { registered: patterns, notGranted };
}

/** Adds an origin to the stored list (no duplicates); returns the new list. */
export async function addCustomDomain(origin: string): Promise<string[]> {
  const list = await customDomainsItem.getValue();
  const next = list.includes(origin) ? list : [...list, origin].sort();
  if (next !== list) await customDomainsItem.setValue(next);
  return next;
}

export async function removeCustomDomain(origin: string): Promise<string[]> {
  const next = (await customDomainsItem.getValue()).filter((o) => o !== origin);
  await customDomainsItem.setValue(next);
  return next;
}

interface Ev<A extends unknown[] = unknown[]> {
  addListener(cb: (...args: A) => void): void;
  removeListener(cb: (...args: A) => void): void;
}

/** What `startCustomDomainSync` listens to, on top of what a sync uses. */
export interface CustomDomainEvents {
  permissions: CustomDomainApi['permissions'] & { onAdded: Ev; onRemoved: Ev };
  runtime: NonNullable<CustomDomainApi['runtime']> & { onStartup: Ev; onInstalled: Ev };
}

/**
 * The background's whole wiring: sync now and whenever the list, the granted permissions, the
 * browser session or the extension version change. Call synchronously in `defineBackground` (MV3
 * service workers only get events whose listeners were added in the first turn). Returns a stop.
 */
export function startCustomDomainSync(api: CustomDomainApi & CustomDomainEvents, onError: (e: unknown) => void): () => void {
  const sync = () => void syncCustomDomainScripts(api).catch(onError);
  api.runtime.onStartup.addListener(sync);
  api.runtime.onInstalled.addListener(sync);
  api.permissions.onAdded.addListener(sync);
  api.permissions.onRemoved.addListener(sync);
  const unwatch = customDomainsItem.watch(sync);
  sync();
  return () => {
    api.runtime.onStartup.removeListener(sync);
    api.runtime.onInstalled.removeListener(sync);
    api.permissions.onAdded.removeListener(sync);
    api.permissions.onRemoved.removeListener(sync);
    unwatch();
  };
}
