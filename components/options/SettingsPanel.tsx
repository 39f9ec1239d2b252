// Per-agent preferences (sync storage): saved as they change. Settings the administrator fixes by policy
// are shown with the policy's value, disabled, and say so; changes are written from the agent's own
// values so that a policy removed later gives the agent their choices back.
import { useState } from 'preact/hooks';
import { mergeManagedSettings } from '../../lib/managed';
import { normalizeSettings, type QuietHours, type Settings } from '../../lib/settings';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const LOCKED_TEXT = 'Set by your administrator';

export function SettingsPanel({ settings, policy = null, onChange }: {
  /** The agent's own settings. */
  settings: Settings | null;
  /** The administrator's settings (storage.managed `settings`), null without a policy. */
  policy?: Record<string, unknown> | null;
  onChange: (patch: Partial<Settings>) => Promise<unknown>;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const [warnText, setWarnText] = useState<string | null>(null);
  if (!settings) return <p class="muted">Loading…</p>;
  const merged = mergeManagedSettings(settings, policy);
  const shown = normalizeSettings(merged.settings);
  // A locked object ("notifications") locks every field inside it, a locked leaf only itself.
  const locked = (path: string) => merged.locked.some((l) => l === path || path.startsWith(`${l}.`));
  const save = (patch: Partial<Settings>) => void onChange(patch).then(() => setSaved('Saved.'));
  const notify = (patch: Partial<Settings['notifications']>) => save({ notifications: { ...settings.notifications, ...patch } });
  const quiet = (patch: Partial<QuietHours>) => notify({ quietHours: { ...settings.notifications.quietHours, ...patch } });

  const warnLocked = locked('warnPercent');
  const warn = warnLocked ? String(shown.warnPercent) : (warnText ?? String(settings.warnPercent));
  const warnValid = /^\d{1,2}$/.test(warn) && Number(warn) >= 1 && Number(warn) <= 99;
  const n = shown.notifications;
  const q = n.quietHours;
  const anyLocked = merged.locked.length > 0;
  return (
    <section class="panel settings" aria-labelledby="set-h">
      <h2 id="set-h">Settings</h2>
      <p class="section-desc">
        Your own preferences, synced to your other browsers. Contracts can override the warning threshold.
        {anyLocked && ' Settings marked “Set by your administrator” come from your organisation’s browser policy.'}
      </p>
      <div class="grid">
        <div class={`field${warnValid ? '' : ' invalid'}`}>
          <label for="set-warn">At-risk warning at (% of a target)</label>
          <input id="set-warn" inputMode="numeric" value={warn} disabled={warnLocked} aria-invalid={!warnValid}
            aria-describedby={warnLocked ? 'set-warn-lock' : warnValid ? 'set-warn-hint' : 'set-warn-err'}
            onInput={(e) => {
              const t = e.currentTarget.value;
              setWarnText(t);
              if (/^\d{1,2}$/.test(t) && Number(t) >= 1) save({ warnPercent: Number(t) });
            }} />
          {warnLocked ? <Locked id="set-warn-lock" />
            : warnValid ? <p class="hint" id="set-warn-hint">A clock turns amber once this share of its target has elapsed.</p>
            : <ul class="field-errors" id="set-warn-err"><li>must be a whole percentage from 1 to 99</li></ul>}
        </div>
        <div class="field">
          <label for="set-clock">Clock</label>
          <select id="set-clock" value={String(shown.hour12)} disabled={locked('hour12')} aria-describedby={locked('hour12') ? 'set-clock-lock' : undefined}
            onChange={(e) => {
              const v = e.currentTarget.value;
              save({ hour12: v === 'auto' ? 'auto' : v === 'true' });
            }}>
            <option value="auto">Like the browser</option>
            <option value="false">24-hour (14:05)</option>
            <option value="true">12-hour (2:05 PM)</option>
          </select>
          {locked('hour12') && <Locked id="set-clock-lock" />}
        </div>
        <div class="field">
          <label for="set-theme">Theme</label>
          <select id="set-theme" value={shown.theme} disabled={locked('theme')} aria-describedby={locked('theme') ? 'set-theme-lock' : undefined}
            onChange={(e) => save({ theme: e.currentTarget.value as Settings['theme'] })}>
            <option value="auto">Like the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          {locked('theme') && <Locked id="set-theme-lock" />}
        </div>
      </div>

      <fieldset class="notify">
        <legend>Notifications about watched tickets</legend>
        <p class="hint">
          Tickets you open with a matched contract are watched in the background: the toolbar badge counts the ones at risk or breached,
          and a notification tells you when a clock breaches or a customer update falls due.
        </p>
        <label class="check">
          <input type="checkbox" checked={n.enabled} disabled={locked('notifications.enabled')}
            onChange={(e) => notify({ enabled: e.currentTarget.checked })} />
          Notify me when a watched ticket breaches or a customer update is due
          {locked('notifications.enabled') && <LockedTag />}
        </label>
        <label class="check">
          <input type="checkbox" checked={n.atRisk} disabled={!n.enabled || locked('notifications.atRisk')}
            onChange={(e) => notify({ atRisk: e.currentTarget.checked })} />
          Also notify when a watched ticket becomes at risk
          {locked('notifications.atRisk') && <LockedTag />}
        </label>
        <QuietHoursField value={q} disabled={!n.enabled} locked={locked} onChange={quiet} />
      </fieldset>
      {saved && <p class="msg ok" role="status">{saved}</p>}
    </section>
  );
}

function QuietHoursField({ value: q, disabled, locked, onChange }: {
  value: QuietHours;
  disabled: boolean;
  locked: (path: string) => boolean;
  onChange: (patch: Partial<QuietHours>) => void;
}) {
  // Typed text is kept while it is not a time yet; only whole "HH:MM" values are saved.
  const [text, setText] = useState<{ start?: string; end?: string }>({});
  const field = (which: 'start' | 'end', label: string) => {
    const isLocked = locked(`notifications.quietHours.${which}`);
    const v = isLocked ? q[which] : (text[which] ?? q[which]);
    const ok = HHMM.test(v);
    const id = `set-quiet-${which}`;
    return (
      <div class="field time-field">
        <label for={id}>{label}</label>
        <input id={id} type="time" value={v} disabled={disabled || !q.enabled || isLocked} aria-invalid={!ok}
          aria-describedby={ok ? undefined : `${id}-err`}
          onInput={(e) => {
            const t = e.currentTarget.value;
            setText({ ...text, [which]: t });
            if (HHMM.test(t)) onChange({ [which]: t });
          }} />
        {!ok && <ul class="field-errors" id={`${id}-err`}><li>a time like 19:00</li></ul>}
      </div>
    );
  };
  const startNow = text.start ?? q.start;
  const endNow = text.end ?? q.end;
  const anyLocked = ['enabled', 'start', 'end'].some((k) => locked(`notifications.quietHours.${k}`));
  return (
    <div class="quiet">
      <label class="check">
        <input type="checkbox" checked={q.enabled} disabled={disabled || locked('notifications.quietHours.enabled')}
          aria-describedby="set-quiet-hint" onChange={(e) => onChange({ enabled: e.currentTarget.checked })} />
        Quiet hours: no notifications
      </label>
      <div class="quiet-times">
        {field('start', 'from')}
        {field('end', 'until')}
        {anyLocked && <LockedTag />}
      </div>
      <p class="hint" id="set-quiet-hint">
        {q.enabled && startNow === endNow
          ? 'Start and end are the same, so quiet hours never apply.'
          : `Your local time${startNow > endNow ? ', across midnight' : ''}. Alerts in this window are skipped, not saved for later: the badge and the popup still show every watched ticket.`}
      </p>
    </div>
  );
}

function Locked({ id }: { id: string }) {
  return <p class="hint" id={id}><span class="badge locked">{LOCKED_TEXT}</span></p>;
}

function LockedTag() {
  return <span class="badge locked">{LOCKED_TEXT}</span>;
}
