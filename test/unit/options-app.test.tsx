// Two options tabs on one (fake) extension storage, using the real contract store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { loadContracts, replaceContracts } from '../../lib/contracts/store';
import { byLabel, byText, click, mount, settle, type } from './options-dom';
import { makeContract } from './options-fixtures';
import { fakeServices } from './options-services';

function tab(initialHash: string) {
  const f = fakeServices({ hash: initialHash });
  const m = mount(<OptionsApp services={f.services} />);
  return { ...m, hash: f.hash };
}

describe('options app: two tabs, one store', () => {
  const tabs: { unmount: () => void }[] = [];
  beforeEach(async () => {
    fakeBrowser.reset();
    const r = await replaceContracts([makeContract({ id: 'acme', customer: { name: 'Acme Corp', domains: ['acme.com'] } })], { now: new Date('2026-03-01T13:02:00Z') });
    expect(r.ok).toBe(true);
  });
  afterEach(() => tabs.splice(0).forEach((t) => t.unmount()));

  it('refuses a save based on a stale revision, explains it and keeps the edits', async () => {
    const a = tab('#edit/acme');
    const b = tab('#edit/acme');
    tabs.push(a, b);
    await settle();

    type(byLabel(a.root, 'Tier'), 'Strategic');
    click(byText(a.root, 'button', 'Save'));
    await settle();
    expect((await loadContracts()).contracts[0]!.tier).toBe('Strategic');

    // Tab B learns about it live, before saving.
    expect(b.root.querySelector('.banner')?.textContent).toMatch(/These contracts were changed in another tab or by a feed at \d\d:\d\d\. Reload to see the changes; your edits are kept below\. This contract changed too \(tier\)/);

    type(byLabel(b.root, 'Customer name'), 'Acme Corporation');
    click(byText(b.root, 'button', 'Save'));
    await settle();
    const stored = await loadContracts();
    expect(stored.contracts[0]).toMatchObject({ tier: 'Strategic', customer: { name: 'Acme Corp' } });
    expect(b.root.querySelector('.banner.bad')?.textContent).toMatch(/^Not saved\. These contracts were changed in another tab/);
    expect((byLabel(b.root, 'Customer name') as HTMLInputElement).value).toBe('Acme Corporation');

    // Reload puts B's edit on top of A's: both survive the next save.
    click(byText(b.root, '.banner button', 'Reload'));
    expect((byLabel(b.root, 'Tier') as HTMLInputElement).value).toBe('Strategic');
    expect((byLabel(b.root, 'Customer name') as HTMLInputElement).value).toBe('Acme Corporation');
    click(byText(b.root, 'button', 'Save'));
    await settle();
    expect((await loadContracts()).contracts[0]).toMatchObject({ tier: 'Strategic', customer: { name: 'Acme Corporation' } });
  });

  it('shows contracts added elsewhere in the list without a reload', async () => {
    const a = tab('');
    tabs.push(a);
    await settle();
    expect(a.root.querySelectorAll('.tbody .tr')).toHaveLength(1);
    const current = await loadContracts();
    await replaceContracts([...current.contracts, makeContract({ id: 'globex', customer: { name: 'Globex' } })], { now: new Date(), expectedRevision: current.revision });
    await settle();
    expect([...a.root.querySelectorAll('.tbody .c-name a')].map((x) => x.textContent)).toEqual(['Acme Corp', 'Globex']);
  });

  it('opens a prefilled new contract from #new?domain=…&name=…, saves it, and undoes the save', async () => {
    const a = tab('#new?domain=initech.io&name=Initech');
    tabs.push(a);
    await settle();
    expect((byLabel(a.root, 'Customer name') as HTMLInputElement).value).toBe('Initech');
    expect((byLabel(a.root, 'Email domains') as HTMLTextAreaElement).value).toBe('initech.io');
    click(byText(a.root, 'button', 'Save'));
    await settle();
    expect((await loadContracts()).contracts.map((c) => c.id)).toEqual(['acme', 'initech']);
    expect(a.hash()).toBe('#edit/initech');
    click(byText(a.root, '.toast button', 'Undo'));
    await settle();
    expect((await loadContracts()).contracts.map((c) => c.id)).toEqual(['acme']);
  });

  it('asks before leaving an editor with unsaved changes', async () => {
    const a = tab('#edit/acme');
    tabs.push(a);
    await settle();
    type(byLabel(a.root, 'Tier'), 'Gold');
    click(byText(a.root, '.tabs a', 'Settings'));
    expect(a.root.querySelector('[role="alertdialog"]')?.textContent).toMatch(/unsaved changes/);
    expect(a.hash()).toBe('#edit/acme');
    click(byText(a.root, '[role="alertdialog"] button', 'Keep editing'));
    expect((byLabel(a.root, 'Tier') as HTMLInputElement).value).toBe('Gold');
    click(byText(a.root, '.tabs a', 'Settings'));
    click(byText(a.root, '[role="alertdialog"] button', 'Discard changes'));
    await settle();
    expect(a.hash()).toBe('#settings');
    expect(a.root.querySelector('#set-warn')).not.toBeNull();
  });
});
