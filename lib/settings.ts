// Agent preferences, synced across the agent's browsers (small: well inside the sync quota).
import { storage } from 'wxt/utils/storage';

export type Theme = 'auto' | 'light' | 'dark';

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM" in the agent's zone; start > end spans midnight (19:00–07:00). Equal bounds never apply. */
  start: string;
  end: string;
}

export interface NotificationPrefs {
  /** Master switch for notifications about watched tickets (breaches, customer updates due). */
  enabled: boolean;
  /** Also notify when a watched ticket becomes at risk. */
  atRisk: boolean;
  /** No notifications in this window (muted, not postponed: the badge and popup still show the state). */
  quietHours: QuietHours;
}

export interface Settings {
  /** At-risk threshold in % of a target when the contract sets none. */
  warnPercent: number;
  /** Clock format for due times; 'auto' follows the browser locale. */
  hour12: boolean | 'auto';
  theme: Theme;
  /** The overlay bar's remembered state: true = details hidden. */
  collapsed: boolean;
  notifications: NotificationPrefs;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  warnPercent: 75,
  hour12: 'auto',
  theme: 'auto',
  collapsed: true,
  notifications: Object.freeze({ enabled: true, atRisk: false, quietHours: Object.freeze({ enabled: false, start: '19:00', end: '07:00' }) }),
});

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The same reading as the background's parseQuietHours (lib/background/notify.ts): both times valid or
 * the whole value is refused, and a missing `enabled` means on (a policy may give just the window).
 */
function normalizeQuietHours(raw: unknown): QuietHours {
  const q = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (typeof q.start !== 'string' || typeof q.end !== 'string' || !HHMM.test(q.start) || !HHMM.test(q.end)) {
    return { ...DEFAULT_SETTINGS.notifications.quietHours };
  }
  return { enabled: q.enabled !== false, start: q.start, end: q.end };
}

/**
 * Settings come from sync storage written by any version of the extension on any machine: take
 * what is valid, default the rest, never throw.
 */
export function normalizeSettings(raw: unknown): Settings {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const n = o.notifications && typeof o.notifications === 'object' ? (o.notifications as Record<string, unknown>) : {};
  const warn = typeof o.warnPercent === 'number' && Number.isFinite(o.warnPercent) ? Math.round(o.warnPercent) : NaN;
  return {
    warnPercent: warn >= 1 && warn <= 99 ? warn : DEFAULT_SETTINGS.warnPercent,
    hour12: typeof o.hour12 === 'boolean' || o.hour12 === 'auto' ? o.hour12 : DEFAULT_SETTINGS.hour12,
    theme: o.theme === 'light' || o.theme === 'dark' || o.theme === 'auto' ? o.theme : DEFAULT_SETTINGS.theme,
    collapsed: typeof o.collapsed === 'boolean' ? o.collapsed : DEFAULT_SETTINGS.collapsed,
    notifications: {
      enabled: typeof n.enabled === 'boolean' ? n.enabled : DEFAULT_SETTINGS.notifications.enabled,
      atRisk: typeof n.atRisk === 'boolean' ? n.atRisk : DEFAULT_SETTINGS.notifications.atRisk,
      quietHours: normalizeQuietHours(n.quietHours),
    },
  };
}

export const settingsItem = storage.defineItem<Settings>('sync:settings', {
  fallback: normalizeSettings({}),
  version: 1,
});

export async function loadSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem.getValue());
}

/** Merge a change into the stored settings (read-modify-write; settings are per agent, races are benign). */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = normalizeSettings({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Watch with normalisation; returns the unwatch function. */
export function watchSettings(cb: (s: Settings) => void): () => void {
  return settingsItem.watch((v) => cb(normalizeSettings(v)));
}
