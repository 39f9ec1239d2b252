import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettingsPanel } from '../../components/options/SettingsPanel';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { change, mount, settle, type } from './options-dom';

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
