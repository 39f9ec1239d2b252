// Per-agent preferences (sync storage): saved as they change.
import { useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings';

export function SettingsPanel({ settings, onChange }: { settings: Settings | null; onChange: (patch: Partial<Settings>) => Promise<unknown> }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [warnText, setWarnText] = useState<string | null>(null);
  if (!settings) return <p class="muted">Loading…</p>;
  const save = (patch: Partial<Settings>) => void onChange(patch).then(() => setSaved('Saved.'));
  const warn = warnText ?? String(settings.warnPercent);
  const warnValid = /^\d{1,2}$/.test(warn) && Number(warn) >= 1 && Number(warn) <= 99;
  return (
    <section class="panel settings" aria-labelledby="set-h">
      <h2 id="set-h">Settings</h2>
      <p class="section-desc">Your own preferences, synced to your other browsers. Contracts can override the warning threshold.</p>
      <div class="grid">
        <div class={`field${warnValid ? '' : ' invalid'}`}>
          <label for="set-warn">At-risk warning at (% of a target)</label>
          <input id="set-warn" inputMode="numeric" value={warn} aria-invalid={!warnValid} aria-describedby={warnValid ? 'set-warn-hint' : 'set-warn-err'}
            onInput={(e) => {
              const t = e.currentTarget.value;
              setWarnText(t);
              if (/^\d{1,2}$/.test(t) && Number(t) >= 1) save({ warnPercent: Number(t) });
            }} />
          {warnValid ? <p class="hint" id="set-warn-hint">A clock turns amber once this share of its target has elapsed.</p>
            : <ul class="field-errors" id="set-warn-err"><li>must be a whole percentage from 1 to 99</li></ul>}
        </div>
        <div class="field">
          <label for="set-clock">Clock</label>
          <select id="set-clock" value={String(settings.hour12)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              save({ hour12: v === 'auto' ? 'auto' : v === 'true' });
            }}>
            <option value="auto">Like the browser</option>
            <option value="false">24-hour (14:05)</option>
            <option value="true">12-hour (2:05 PM)</option>
          </select>
        </div>
        <div class="field">
          <label for="set-theme">Theme</label>
          <select id="set-theme" value={settings.theme} onChange={(e) => save({ theme: e.currentTarget.value as Settings['theme'] })}>
            <option value="auto">Like the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <fieldset class="field checks">
          <legend>Notifications</legend>
          <label class="check">
            <input type="checkbox" checked={settings.notifications.enabled}
              onChange={(e) => save({ notifications: { ...settings.notifications, enabled: e.currentTarget.checked } })} />
            Notify me when a watched ticket breaches
          </label>
          <label class="check">
            <input type="checkbox" checked={settings.notifications.atRisk} disabled={!settings.notifications.enabled}
              onChange={(e) => save({ notifications: { ...settings.notifications, atRisk: e.currentTarget.checked } })} />
            …and when it becomes at risk
          </label>
          <p class="hint">Watched tickets arrive in a later version; these choices are kept for it.</p>
        </fieldset>
      </div>
      {saved && <p class="msg ok" role="status">{saved}</p>}
    </section>
  );
}
