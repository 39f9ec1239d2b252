// Policy and feed contracts in the options page: listed beside the local ones with a badge, filtered,
// shown read-only (never written to the local store), and conflicts with local contracts explained.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { loadContracts, replaceContracts } from '../../lib/contracts/store';
import type { EffectiveContracts } from '../../lib/managed';
import { byLabel, byText, click, mount, settle, type } from './options-dom';
import { makeContract } from './options-fixtures';
import { feedStatus, fakeServices } from './options-services';

const acme = makeContract({ id: 'acme', customer: { name: 'Acme Corp', domains: ['acme.com'] } });
const globexLocal = makeContract({ id: 'globex', customer: { name: 'Globex (my copy)' } });
const globexPolicy = makeContract({ id: 'globex', tier: 'Strategic', customer: { name: 'Globex Policy', domains: ['globex.de'] } });
const feedCo = makeContract({ id: 'feedco', tier: 'Premium', customer: { name: 'Feed Co', domains: ['feedco.example'] } });
const FEED_URL = 'https://ops.example.com/contracts.json';

const effective: EffectiveContracts = {
  contracts: [globexPolicy, feedCo, acme],
  sources: ['managed', 'feed', 'local'],
  conflicts: [{ kind: 'id', value: 'globex', kept: { source: 'managed', id: 'globex' }, dropped: { source: 'local', id: 'globex' } }],
  updatedAt: '2026-11-25T09:00:00Z',
};

describe('options: policy and feed contracts', () => {
  let unmount: (() => void) | undefined;
  beforeEach(async () => {
    fakeBrowser.reset();
    expect((await replaceContracts([acme, globexLocal], { now: new Date('2026-11-01T00:00:00Z') })).ok).toBe(true);
  });
  afterEach(() => unmount?.());

  async function open(hash = '') {
    const f = fakeServices({
      hash,
      now: new Date('2026-11-25T10:00:00Z'),
      effective,
      reply: (m) => (m.type === 'feed:status' ? feedStatus({ effectiveUrl: FEED_URL }) : undefined),
    });
    const m = mount(<OptionsApp services={f.services} />);
    unmount = m.unmount;
    await settle();
    return { ...m, ...f };
  }
  const names = (root: ParentNode) => [...root.querySelectorAll('.tbody .c-name a')].map((a) => a.textContent);
  const badgeOf = (root: ParentNode, name: string) =>
    byText(root, '.tbody .c-name a', name)!.closest('.tr')!.querySelector('.badge.source')?.textContent ?? null;

  it('lists policy and feed contracts with their badge; a local contract they override is not listed', async () => {
    const { root } = await open();
    expect(names(root)).toEqual(['Acme Corp', 'Feed Co', 'Globex Policy']);
    expect(badgeOf(root, 'Globex Policy')).toBe('Managed by policy');
    expect(badgeOf(root, 'Feed Co')).toBe('From feed');
    expect(badgeOf(root, 'Acme Corp')).toBeNull();

    click(byText(root, '.quick-filters button', /^Managed by policy/));
    expect(names(root)).toEqual(['Globex Policy']);
    click(byText(root, '.quick-filters button', /^Managed by policy/));
    click(byText(root, '.quick-filters button', /^From feed/));
    expect(names(root)).toEqual(['Feed Co']);
  });

  it('shows a policy contract read-only: nothing can be typed into the store, no delete', async () => {
    const { root } = await open('#edit/globex');
    const form = root.querySelector('form.editor') as HTMLFormElement;
    expect((byLabel(root, 'Customer name') as HTMLInputElement).value).toBe('Globex Policy');
    expect((root.querySelector('fieldset.sections') as HTMLFieldSetElement).disabled).toBe(true);
    expect(root.querySelector('.editor-head')?.textContent).toMatch(/Managed by policy: read-only\./);
    expect(root.querySelector('.banner.info')?.textContent).toMatch(/Your administrator sets this contract by browser policy, so it cannot be edited or deleted here/);
    expect((byText(root, 'button', 'Save') as HTMLButtonElement).disabled).toBe(true);
    expect(byText(root, 'button', 'Delete…')).toBeNull();

    // Even a change that reaches the draft and an Enter in a field (form submit) write nothing.
    type(byLabel(root, 'Tier'), 'Bronze');
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    const stored = await loadContracts();
    expect(stored.contracts.map((c) => [c.id, c.customer.name])).toEqual([['acme', 'Acme Corp'], ['globex', 'Globex (my copy)']]);
    expect(stored.revision).toBe(1);
  });

  it('explains that a feed contract changes in the feed, naming its address', async () => {
    const { root } = await open('#edit/feedco');
    expect(root.querySelector('.editor-head')?.textContent).toMatch(/From the team feed: read-only\./);
    expect(root.querySelector('.banner.info')?.textContent).toMatch(`comes from the team feed (${FEED_URL}), so it cannot be edited here`);
    expect((root.querySelector('fieldset.sections') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('reserves policy and feed ids for new contracts', async () => {
    const { root } = await open('#new');
    type(byLabel(root, 'Contract id'), 'feedco');
    expect(root.textContent).toMatch(/"feedco" is already the id of another contract/);
  });

  it('explains the id conflict and deletes the hidden local copy on request', async () => {
    const { root } = await open();
    const notice = root.querySelector('details.conflicts')!;
    expect(notice.querySelector('summary')?.textContent).toBe('1 conflict between policy, feed and local contracts: the higher source wins.');
    expect(notice.querySelector('li')?.textContent).toMatch(/^“Globex \(my copy\)” from your local contracts is hidden: the policy has a contract with the id globex\./);
    click(byText(notice, 'button', 'Delete local copy'));
    click(byText(root, '[role="alertdialog"] button', 'Delete local copy'));
    await settle();
    expect((await loadContracts()).contracts.map((c) => c.id)).toEqual(['acme']);
  });
});
