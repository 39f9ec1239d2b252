import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContractEditor } from '../../components/options/ContractEditor';
import {
  bestUnit, cleanDraft, duplicateContract, fromUnit, getAt, issuesByField, merge3, messagesFor, newContract, setAt, toUnit, uniqueId,
} from '../../components/options/draft';
import { parseRoute, routeHash } from '../../components/options/routes';
import type { Contract } from '../../lib/contracts/model';
import { byLabel, byText, click, mount, type } from './options-dom';
import { makeContract } from './options-fixtures';

describe('draft helpers', () => {
  it('set by path copies only along the path and deletes with undefined', () => {
    const c = makeContract();
    const next = setAt(c, ['customer', 'domains'], ['acme.com']);
    expect(getAt(next, ['customer', 'domains'])).toEqual(['acme.com']);
    expect(c.customer.domains).toBeUndefined();
    expect(next.targets).toBe(c.targets);
    expect('name' in setAt(next, ['customer', 'name'], undefined).customer).toBe(false);
    expect(setAt({}, ['escalation', 0, 'name'], 'Tier 1')).toEqual({ escalation: [{ name: 'Tier 1' }] });
  });

  it('cleans empty optional parts but keeps what validation must see', () => {
    const c = { ...makeContract(), notes: ' ', entitlements: { tam: { name: '', email: '' }, badges: [] }, onboarding: { start: '', end: '' } } as Contract;
    const withShift = setAt(c, ['calendar', 'weekly', 'sat'], [['10:00', '']]);
    const out = cleanDraft(withShift);
    expect(out.notes).toBeUndefined();
    expect(out.entitlements).toBeUndefined();
    expect(out.onboarding).toBeUndefined();
    expect(out.calendar.weekly.sat).toEqual([['10:00', '']]);
  });

  it('maps validator paths to fields and labels list items', () => {
    const errors = issuesByField(
      [
        { path: 'contracts[0].customer.domains[1]', message: 'must be a domain like example.com' },
        { path: 'contracts[0].customer.name', message: 'must not be empty' },
        { path: 'contracts[3].tier', message: 'other contract' },
      ],
      0,
    );
    expect([...errors.keys()]).toEqual(['customer.domains[1]', 'customer.name']);
    expect(messagesFor(errors, 'customer.domains', { deep: true })).toEqual(['item 2: must be a domain like example.com']);
    expect(messagesFor(errors, 'customer.domains')).toEqual([]);
  });

  it('prefills a new contract and duplicates without unique identity', () => {
    const taken = new Set(['acme']);
    const n = newContract({ name: 'Acme', domain: 'ACME.com', today: '2026-02-28', zone: 'Europe/Paris', taken });
    expect(n.id).toBe('acme-2');
    expect(n.customer).toEqual({ name: 'Acme', domains: ['acme.com'] });
    expect(n.term).toMatchObject({ start: '2026-02-28', end: '2027-02-27' });
    expect(n.calendar.timezone).toBe('Europe/Paris');
    const src = makeContract({ id: 'acme', customer: { name: 'Acme', domains: ['acme.com'], contacts: ['a@acme.com'] }, entitlements: { tam: { name: 'T' }, pod: 'P' } });
    const d = duplicateContract(src, taken);
    expect(d.id).toBe('acme-copy');
    expect(d.customer).toEqual({ name: 'Acme (copy)' });
    expect(d.entitlements).toEqual({ pod: 'P' });
    expect(d.targets).toEqual(src.targets);
    expect(uniqueId('Müller & Söhne', new Set())).toBe('muller-sohne');
  });

  it('merges this tab\'s edits onto a version changed elsewhere, reporting fields both changed', () => {
    const base = makeContract({ tier: 'Premium', customer: { name: 'Acme', domains: ['acme.com'] } });
    const mine = { ...base, tier: 'Enterprise', notes: 'mine' };
    const theirs = { ...base, tier: 'Gold', customer: { ...base.customer, domains: ['acme.com', 'acme.de'] } };
    const r = merge3(base, mine, theirs);
    expect(r.value).toMatchObject({ tier: 'Enterprise', notes: 'mine', customer: { domains: ['acme.com', 'acme.de'] } });
    expect(r.conflicts).toEqual(['tier']);
    expect(merge3(base, base, theirs).value).toBe(theirs);
  });

  it('converts target units (business days follow the calendar)', () => {
    expect(bestUnit({ minutes: 1080, basis: 'business' }, 540)).toBe('bd');
    expect(bestUnit({ minutes: 1080, basis: '24x7' }, 540)).toBe('h');
    expect(bestUnit({ minutes: 45, basis: 'business' }, 540)).toBe('min');
    expect(toUnit(1080, 'bd', 540)).toBe(2);
    expect(fromUnit(1.5, 'h', 540)).toBe(90);
  });

  it('reads the overlay\'s "Add contract" link', () => {
    expect(parseRoute('#new?domain=acme.com&name=Acme%20Inc')).toEqual({ page: 'new', domain: 'acme.com', name: 'Acme Inc' });
    expect(parseRoute('#edit/a%2Fb')).toEqual({ page: 'edit', id: 'a/b' });
    expect(parseRoute('#whatever')).toEqual({ page: 'list' });
    expect(routeHash({ page: 'new', name: 'A&B' })).toBe('#new?name=A%26B');
  });
});

describe('<ContractEditor>', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());
  function edit(initial: Contract, over: { isNew?: boolean; otherIds?: Set<string> } = {}) {
    const onSave = vi.fn();
    const onDirtyChange = vi.fn();
    const m = mount(
      <ContractEditor initial={initial} isNew={over.isNew ?? false} otherIds={over.otherIds ?? new Set()} onSave={onSave} onCancel={() => {}}
        onDuplicate={() => {}} onDirtyChange={onDirtyChange} />,
    );
    unmount = m.unmount;
    const save = () => byText(m.root, 'button', 'Save') as HTMLButtonElement;
    return { ...m, onSave, onDirtyChange, save };
  }

  it('shows the validator message next to the field and disables Save until fixed', () => {
    const { root, save, onSave, onDirtyChange } = edit(makeContract({ customer: { name: 'Acme', domains: ['acme.com'] } }));
    expect(save().disabled).toBe(true); // nothing changed yet
    const domains = byLabel(root, 'Email domains')!;
    type(domains, 'acme.com\nnot a domain');
    expect(domains.getAttribute('aria-invalid')).toBe('true');
    const errId = domains.getAttribute('aria-describedby')!.split(' ')[0]!;
    expect(root.querySelector(`#${errId}`)?.textContent).toBe('"not a domain" must be a domain like example.com');
    expect(save().disabled).toBe(true);
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    type(domains, 'acme.com, acme.de');
    expect(save().disabled).toBe(false);
    click(save());
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave.mock.calls[0]![0].customer.domains).toEqual(['acme.com', 'acme.de']);
  });

  it('flags an id that another contract already uses', () => {
    const { root, save } = edit(makeContract({ id: 'new-one' }), { isNew: true, otherIds: new Set(['acme']) });
    expect(save().disabled).toBe(false);
    type(byLabel(root, 'Contract id'), 'acme');
    expect(root.textContent).toMatch(/"acme" is already the id of another contract/);
    expect(save().disabled).toBe(true);
  });

  it('edits split shifts and reports an overlapping one on its weekday', () => {
    const { root, onSave, save } = edit(makeContract());
    click(root.querySelector('button[aria-label="Add a shift on Monday"]'));
    type(root.querySelector('input[aria-label="Monday shift 2 start"]'), '17:00');
    type(root.querySelector('input[aria-label="Monday shift 2 end"]'), '20:00');
    expect(root.querySelector('.week-grid')?.textContent).toMatch(/shift 2: 17:00–20:00 overlaps shift 1 09:00–18:00/);
    type(root.querySelector('input[aria-label="Monday shift 2 start"]'), '18:00');
    click(save());
    expect(onSave.mock.calls[0]![0].calendar.weekly.mon).toEqual([['09:00', '18:00'], ['18:00', '20:00']]);
  });

  it('edits the target matrix in hours and business days', () => {
    const { root, onSave, save } = edit(makeContract());
    const amount = root.querySelector('input[aria-label="Sev 3 resolution: amount"]')!;
    type(amount, '2');
    const unit = root.querySelector('select[aria-label="Sev 3 resolution: unit"]') as HTMLSelectElement;
    expect(unit.value).toBe('h');
    click(save());
    expect(onSave.mock.calls[0]![0].targets.sev3).toEqual({ resolution: { minutes: 120, basis: 'business' } });
  });
});
