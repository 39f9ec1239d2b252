import { useMemo, useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import { ContractList } from '../../components/options/ContractList';
import { buildRows, countRows, DEFAULT_QUERY, filterRows, type ListQuery } from '../../components/options/list-model';
import { byText, click, mount, type } from './options-dom';
import { generateContracts, makeContract } from './options-fixtures';

const NOW = new Date('2026-03-01T12:00:00Z');
const set = [
  makeContract({ id: 'acme', tier: 'Enterprise', customer: { name: 'Acme Corp', aliases: ['Roadrunner Supplies'], domains: ['acme.com'], contacts: ['jane@acme.com'] }, term: { start: '2025-01-01', end: '2026-03-31' } }),
  makeContract({ id: 'globex', tier: 'Premium', customer: { name: 'Globex GmbH', domains: ['globex.de'] }, term: { start: '2025-01-01', end: '2026-04-30' } }),
  makeContract({ id: 'initech', tier: 'Standard', customer: { name: 'Initech' }, term: { start: '2024-01-01', end: '2026-02-27' } }),
  makeContract({ id: 'umbrella', tier: 'standard', customer: { name: 'Umbrella Müller' }, term: { start: '2026-01-01', end: '2027-12-31' }, onboarding: { start: '2026-01-01', end: '2026-03-15' } }),
  makeContract({ id: 'future', tier: 'Gold', customer: { name: 'Future Co' }, term: { start: '2026-06-01', end: '2027-05-31' } }),
];
const rows = buildRows(set, NOW, new Map([['globex', 'managed'], ['future', 'feed']]));
const ids = (q: Partial<ListQuery>) => filterRows(rows, { ...DEFAULT_QUERY, ...q }).map((r) => r.contract.id);

describe('contract list model', () => {
  it('searches name, alias, domain, contact email and ignores accents and case', () => {
    expect(ids({ text: 'roadrunner' })).toEqual(['acme']);
    expect(ids({ text: 'GLOBEX.de' })).toEqual(['globex']);
    expect(ids({ text: 'jane@acme' })).toEqual(['acme']);
    expect(ids({ text: 'muller' })).toEqual(['umbrella']);
    expect(ids({ text: 'acme corp' })).toEqual(['acme']); // every word must match
    expect(ids({ text: 'acme globex' })).toEqual([]);
  });

  it('filters by tier case-insensitively and by expiry windows measured in days left', () => {
    expect(ids({ tier: 'Standard' })).toEqual(['initech', 'umbrella']);
    expect(ids({ status: 'exp30' })).toEqual(['acme']); // 30 days left
    expect(ids({ status: 'exp60' })).toEqual(['acme', 'globex']); // 60 days left
    expect(ids({ status: 'expired' })).toEqual(['initech']);
    expect(ids({ status: 'onboarding' })).toEqual(['umbrella']);
    expect(ids({ status: 'notStarted' })).toEqual(['future']);
    expect(ids({ status: 'managed' })).toEqual(['globex']);
    expect(ids({ status: 'feed' })).toEqual(['future']);
  });

  it('sorts by name, by tier rank (Enterprise first) and by term end, either way', () => {
    expect(ids({})).toEqual(['acme', 'future', 'globex', 'initech', 'umbrella']);
    expect(ids({ sort: 'tier' })).toEqual(['acme', 'globex', 'future', 'initech', 'umbrella']);
    expect(ids({ sort: 'termEnd', desc: true })).toEqual(['umbrella', 'future', 'globex', 'acme', 'initech']);
  });

  it('counts tiers and statuses for the filter labels', () => {
    const c = countRows(rows);
    expect(c.total).toBe(5);
    expect(c.tiers).toEqual([
      { tier: 'Enterprise', count: 1 }, { tier: 'Premium', count: 1 }, { tier: 'Gold', count: 1 }, { tier: 'Standard', count: 2 },
    ]);
    expect(c.status).toMatchObject({ exp30: 1, exp60: 2, expired: 1, onboarding: 1, notStarted: 1, managed: 1, feed: 1 });
  });

  it('survives a stored contract with a broken date', () => {
    const broken = buildRows([makeContract({ id: 'x', term: { start: 'soon', end: 'later' } })], NOW);
    expect(filterRows(broken, { ...DEFAULT_QUERY, status: 'expired' })).toEqual([]);
    expect(filterRows(broken, DEFAULT_QUERY)).toHaveLength(1);
  });
});

describe('<ContractList>', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  function Harness({ contracts }: { contracts: Contract[] }) {
    const [query, setQuery] = useState(DEFAULT_QUERY);
    const rows = useMemo(() => buildRows(contracts, NOW), [contracts]);
    return <ContractList rows={rows} query={query} onQuery={setQuery} onNew={() => {}} hrefFor={(id) => `#edit/${id}`} />;
  }
  function renderList(contracts = set) {
    const m = mount(<Harness contracts={contracts} />);
    unmount = m.unmount;
    return m;
  }
  const names = (root: HTMLElement) => [...root.querySelectorAll('.tbody .c-name a')].map((a) => a.textContent);

  it('filters as you type and says how many match', () => {
    const { root } = renderList();
    expect(names(root)).toHaveLength(5);
    type(root.querySelector('#list-search'), 'globex');
    expect(names(root)).toEqual(['Globex GmbH']);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('1 of 5 contracts');
    expect(root.querySelector('.tbody a')?.getAttribute('href')).toBe('#edit/globex');
    type(root.querySelector('#list-search'), 'nobody');
    expect(byText(root, '.empty', /No contract matches/)).not.toBeNull();
  });

  it('toggles a quick filter and reverses a sort from the column header', () => {
    const { root } = renderList();
    click(byText(root, '.chip-btn', /Expiring ≤ 30 days/));
    expect(names(root)).toEqual(['Acme Corp']);
    click(byText(root, '.chip-btn', /Expiring ≤ 30 days/));
    click(byText(root, 'button.sort', /Customer/));
    expect(names(root)[0]).toBe('Umbrella Müller');
    expect(root.querySelector('[aria-sort="descending"]')?.textContent).toMatch(/Customer/);
  });

  it('renders a window of rows, not 5,000, and filters 5,000 quickly', () => {
    const { root } = renderList(generateContracts(5000));
    const rendered = root.querySelectorAll('.tbody .tr').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(root.querySelector('.table')?.getAttribute('aria-rowcount')).toBe('5001');
    const t0 = performance.now();
    type(root.querySelector('#list-search'), 'harbor bank');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(/^\d+ of 5,000 contracts$/);
    expect(names(root).every((n) => /Harbor/.test(n!) && /Bank/.test(n!))).toBe(true);
  });
});
