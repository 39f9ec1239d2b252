import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettingsPanel } from '../../components/options/SettingsPanel';
import { notifyPrefsFrom } from '../../lib/background/notify';
import { mergeManagedSettings } from '../../lib/managed';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../../lib/settings';
import { byText, change, click, mount, settle, type } from './options-dom';

describe('<SettingsPanel>', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it('saves valid changes and refuses an out-of-range warning threshold', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications } };
    const onChange = vi.fn(async (_p: Partial<Settings>) => {});
    const m = mount(<SettingsPanel settings={settings} onChange={onChange} />);
    unmount = m.unmount;
    type(m.root.querySelector('#set-warn'), '150');
    expect(onChange).not.toHaveBeenCalled();
    expect(m.root.querySelector('#set-warn-err')?.textContent).toMatch(/1 to 99/);
    type(m.root.querySelector('#set-warn'), '80');
    expect(onChange).toHaveBeenLastCalledWith({ warnPercent: 80 });
    change(m.root.querySelector('#set-theme'), 'dark');
    expect(onChange).toHaveBeenLastCalledWith({ theme: 'dark' });
    change(m.root.querySelector('#set-clock'), 'true');
    expect(onChange).toHaveBeenLastCalledWith({ hour12: true });
    await settle(0);
    expect(m.root.querySelector('[role="status"]')?.textContent).toBe('Saved.');
  });
});

describe('<SettingsPanel> with a policy', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it('shows the administrator\'s values disabled and writes only the agent\'s own choices', async () => {
    const own = normalizeSettings({ warnPercent: 80, notifications: { enabled: true, atRisk: false } });
    const onChange = vi.fn(async (_p: Partial<Settings>) => {});
    const policy = { warnPercent: 60, notifications: { atRisk: true, quietHours: { start: '18:00', end: '08:00' } } };
    const m = mount(<SettingsPanel settings={own} policy={policy} onChange={onChange} />);
    unmount = m.unmount;
    const warn = m.root.querySelector('#set-warn') as HTMLInputElement;
    expect(warn.value).toBe('60');
    expect(warn.disabled).toBe(true);
    expect(m.root.querySelector(`#${warn.getAttribute('aria-describedby')}`)?.textContent).toBe('Set by your administrator');
    const atRisk = byText(m.root, 'label', /Also notify when a watched ticket becomes at risk/)!;
    expect(atRisk.querySelector('input')!.checked).toBe(true);
    expect(atRisk.querySelector('input')!.disabled).toBe(true);
    expect(atRisk.textContent).toMatch(/Set by your administrator$/);
    // The policy fixes the window only: the times are its own, switching quiet hours on stays the agent's
    // (the background merges the same way, so both read "off" here).
    expect((m.root.querySelector('#set-quiet-start') as HTMLInputElement).value).toBe('18:00');
    expect((m.root.querySelector('#set-quiet-start') as HTMLInputElement).disabled).toBe(true);
    const quietOn = byText(m.root, 'label', /Quiet hours/)!.querySelector('input') as HTMLInputElement;
    expect([quietOn.checked, quietOn.disabled]).toEqual([false, false]);
    expect(notifyPrefsFrom(mergeManagedSettings(own, policy).settings).quietHours).toEqual({ enabled: false, start: '18:00', end: '08:00' });
    // Unlocked settings still save, from the agent's own values (not the policy's atRisk: true).
    expect((m.root.querySelector('#set-theme') as HTMLSelectElement).disabled).toBe(false);
    click(byText(m.root, 'label', /Notify me when a watched ticket breaches/)!.querySelector('input'));
    expect(onChange).toHaveBeenLastCalledWith({ notifications: { enabled: false, atRisk: false, quietHours: { enabled: false, start: '19:00', end: '07:00' } } });
  });

  it('edits quiet hours, saving only whole times', () => {
    const own = normalizeSettings({});
    const onChange = vi.fn(async (_p: Partial<Settings>) => {});
    const m = mount(<SettingsPanel settings={own} onChange={onChange} />);
    unmount = m.unmount;
    const start = m.root.querySelector('#set-quiet-start') as HTMLInputElement;
    expect(start.disabled).toBe(true);
    click(byText(m.root, 'label', /Quiet hours/)!.querySelector('input'));
    expect(onChange).toHaveBeenLastCalledWith({ notifications: { enabled: true, atRisk: false, quietHours: { enabled: true, start: '19:00', end: '07:00' } } });
    onChange.mockClear();
    const started = mount(<SettingsPanel settings={normalizeSettings({ notifications: { quietHours: { enabled: true, start: '19:00', end: '07:00' } } })} onChange={onChange} />);
    const input = started.root.querySelector('#set-quiet-start') as HTMLInputElement;
    type(input, '22:7');
    expect(onChange).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    type(input, '22:30');
    expect(onChange).toHaveBeenLastCalledWith({ notifications: { enabled: true, atRisk: false, quietHours: { enabled: true, start: '22:30', end: '07:00' } } });
    expect(started.root.querySelector('#set-quiet-hint')?.textContent).toMatch(/across midnight/);
    started.unmount();
  });
});
