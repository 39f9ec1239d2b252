import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { inQuietHours, notifyPrefsFrom } from '../../lib/background/notify';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, updateSettings } from '../../lib/settings';

const quiet = (raw: unknown) => normalizeSettings({ notifications: { quietHours: raw } }).notifications.quietHours;

describe('settings: quiet hours', () => {
  beforeEach(() => fakeBrowser.reset());

  it('defaults to off, 19:00–07:00', () => {
    expect(normalizeSettings(undefined).notifications.quietHours).toEqual({ enabled: false, start: '19:00', end: '07:00' });
    expect(DEFAULT_SETTINGS.notifications.quietHours).toEqual({ enabled: false, start: '19:00', end: '07:00' });
  });

  it('keeps a valid window and refuses a malformed one whole', () => {
    expect(quiet({ enabled: true, start: '22:30', end: '06:00' })).toEqual({ enabled: true, start: '22:30', end: '06:00' });
    expect(quiet({ enabled: false, start: '08:00', end: '09:15' })).toEqual({ enabled: false, start: '08:00', end: '09:15' });
    // One bad bound means the stored value is not trusted at all (not a window with a defaulted end).
    for (const bad of [{ enabled: true, start: '7:00', end: '08:00' }, { enabled: true, start: '24:00', end: '06:00' }, { enabled: true, start: '22:00', end: '06:60' },
      { enabled: true, start: 2200, end: '06:00' }, { enabled: true, start: '22:00' }, 'always', null, ['22:00', '06:00']]) {
      expect(quiet(bad)).toEqual({ enabled: false, start: '19:00', end: '07:00' });
    }
  });

  it('reads a window without "enabled" as on, like the background does (a policy may give just the times)', () => {
    expect(quiet({ start: '20:00', end: '06:30' })).toEqual({ enabled: true, start: '20:00', end: '06:30' });
  });

  it('agrees with the background on whether a moment is quiet, for what the options page stores', () => {
    const at = new Date('2026-11-20T22:30:00Z'); // 23:30 in Berlin
    const cases: unknown[] = [
      { enabled: true, start: '22:00', end: '07:00' },
      { enabled: false, start: '22:00', end: '07:00' },
      { start: '23:00', end: '23:45' },
      { enabled: true, start: '08:00', end: '18:00' },
      { enabled: true, start: '25:00', end: '07:00' },
    ];
    for (const raw of cases) {
      const stored = normalizeSettings({ notifications: { quietHours: raw } });
      const fromStored = notifyPrefsFrom(stored).quietHours;
      const fromRaw = notifyPrefsFrom({ notifications: { quietHours: raw } }).quietHours;
      expect(inQuietHours(at, fromStored, 'Europe/Berlin')).toBe(inQuietHours(at, fromRaw, 'Europe/Berlin'));
    }
    expect(inQuietHours(at, notifyPrefsFrom(normalizeSettings({ notifications: { quietHours: cases[0] } })).quietHours, 'Europe/Berlin')).toBe(true);
  });

  it('keeps the other notification choices when quiet hours change, through sync storage', async () => {
    await updateSettings({ notifications: { enabled: true, atRisk: true, quietHours: { enabled: true, start: '21:00', end: '06:00' } } });
    const s = await loadSettings();
    expect(s.notifications).toEqual({ enabled: true, atRisk: true, quietHours: { enabled: true, start: '21:00', end: '06:00' } });
    await updateSettings({ notifications: { ...s.notifications, quietHours: { ...s.notifications.quietHours, enabled: false } } });
    expect((await loadSettings()).notifications).toEqual({ enabled: true, atRisk: true, quietHours: { enabled: false, start: '21:00', end: '06:00' } });
  });
});
