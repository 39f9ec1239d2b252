import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainsPanel } from '../../components/options/DomainsPanel';
import type { DomainStatus, OptionsServices } from '../../components/options/services';
import { byText, click, mount, settle, type } from './options-dom';

function fakeDomains(initial: DomainStatus[] = []) {
  let list = [...initial];
  const domains: OptionsServices['domains'] = {
    load: vi.fn(async () => list),
    watch: () => () => {},
    add: vi.fn(async (origin: string, pattern: string) => ((list = [...list, { origin, pattern, granted: true }]), { ok: true as const })),
    grant: vi.fn(async () => true),
    remove: vi.fn(async (origin: string) => void (list = list.filter((d) => d.origin !== origin))),
  };
  return domains;
}

describe('<DomainsPanel>', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it('asks for the origin pattern on submit and lists the result', async () => {
    const domains = fakeDomains();
    const m = mount(<DomainsPanel domains={domains} />);
    unmount = m.unmount;
    await settle(0);
    type(m.root.querySelector('#dom-input'), 'rt.example.com/Ticket/Display.html?id=5');
    click(byText(m.root, 'button', 'Add and allow'));
    expect(domains.add).toHaveBeenCalledWith('https://rt.example.com', 'https://rt.example.com/*');
    await settle(0);
    expect(m.root.querySelector('table.domains code')?.textContent).toBe('https://rt.example.com');
    expect(m.root.querySelector('.msg.ok')?.textContent).toMatch(/added/);
  });

  it('explains a rejected address without asking the browser', async () => {
    const domains = fakeDomains();
    const m = mount(<DomainsPanel domains={domains} />);
    unmount = m.unmount;
    type(m.root.querySelector('#dom-input'), 'https://acme.zendesk.com');
    click(byText(m.root, 'button', 'Add and allow'));
    expect(domains.add).not.toHaveBeenCalled();
    expect(m.root.querySelector('[role="alert"]')?.textContent).toMatch(/already supported/);
    expect(m.root.querySelector('#dom-input')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('offers to re-allow a revoked origin and removes one', async () => {
    const domains = fakeDomains([{ origin: 'https://rt.example.com', pattern: 'https://rt.example.com/*', granted: false }]);
    const m = mount(<DomainsPanel domains={domains} />);
    unmount = m.unmount;
    await settle(0);
    expect(m.root.querySelector('.badge.warn')?.textContent).toBe('Not allowed');
    click(byText(m.root, 'button', 'Allow'));
    expect(domains.grant).toHaveBeenCalledWith('https://rt.example.com/*');
    click(m.root.querySelector('button[aria-label="Remove https://rt.example.com"]'));
    await settle(0);
    expect(domains.remove).toHaveBeenCalledWith('https://rt.example.com', 'https://rt.example.com/*');
    expect(m.root.textContent).toMatch(/No self-hosted helpdesks yet/);
  });
});
