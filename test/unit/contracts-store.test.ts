import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContractV1 } from '../../lib/contracts/migrations';
import type { Contract } from '../../lib/contracts/model';
import { validateContracts } from '../../lib/contracts/validate';

const sample: Contract[] = JSON.parse(readFileSync('test/demo/sample-contracts.json', 'utf8')).contracts;
const now = new Date('2026-11-21T09:00:00Z');

/** The store runs its migrations when the module loads, so each test imports a fresh copy. */
async function freshStore() {
  vi.resetModules();
  return import('../../lib/contracts/store');
}
const raw = async () => fakeBrowser.storage.local.get(null as unknown as string);

beforeEach(() => {
  fakeBrowser.reset();
});

describe('contracts store', () => {
  it('starts empty at revision 0', async () => {
    const store = await freshStore();
    expect(await store.loadContracts()).toEqual({ contracts: [], revision: 0, updatedAt: null });
  });

  it('writes a valid set as the next revision in one storage call, keeping the previous set', async () => {
    const store = await freshStore();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const r = await store.replaceContracts(sample.slice(0, 2), { now, expectedRevision: 0 });
    expect(r.ok && r.revision).toBe(1);
    expect(set).toHaveBeenCalledTimes(1);
    const stored = await raw();
    expect(stored.contracts).toEqual({ contracts: sample.slice(0, 2), revision: 1, updatedAt: '2026-11-21T09:00:00.000Z' });
    expect(stored['contracts-previous']).toEqual({ contracts: [], revision: 0, updatedAt: null });
    expect(stored['contracts$']).toEqual({ v: 2 });
  });

  it('writes nothing when any contract is invalid, and returns every problem', async () => {
    const store = await freshStore();
    await store.replaceContracts(sample, { now });
    const before = await raw();
    const broken = structuredClone(sample);
    broken[1]!.tier = '';
    broken[3]!.customer.domains = ['northwind.example'];
    const r = await store.replaceContracts(broken, { now });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['contracts[1].tier', 'contracts[3].customer.domains[0]']);
    expect(await raw()).toEqual(before);
  });

  it('refuses a save based on a stale revision (two options tabs)', async () => {
    const store = await freshStore();
    const tabA = (await store.loadContracts()).revision;
    const tabB = (await store.loadContracts()).revision;
    expect((await store.replaceContracts(sample.slice(0, 1), { now, expectedRevision: tabA })).ok).toBe(true);
    const before = await raw();
    const r = await store.replaceContracts(sample.slice(1, 2), { now, expectedRevision: tabB });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.conflict).toBe(true);
    expect(!r.ok && r.errors[0]!.message).toMatch(/changed elsewhere.*revision 1 is saved.*based on revision 0/);
    expect(await raw()).toEqual(before);
  });

  it('undoes the last change as a new revision, and undoing again redoes it', async () => {
    const store = await freshStore();
    expect((await store.undoLastChange({ now })).ok).toBe(false);
    await store.replaceContracts(sample.slice(0, 2), { now });
    await store.replaceContracts(sample.slice(2), { now });
    const undo = await store.undoLastChange({ now, expectedRevision: 2 });
    expect(undo.ok && [undo.revision, undo.contracts.map((c) => c.id)]).toEqual([3, ['northwind-enterprise', 'contoso-premium']]);
    expect((await store.undoLastChange({ now, expectedRevision: 2 })).ok).toBe(false);
    const redo = await store.undoLastChange({ now });
    expect(redo.ok && [redo.revision, redo.contracts.map((c) => c.id)]).toEqual([4, ['globex-standard', 'initech-jp', 'tailspin-standard']]);
  });

  it('tells watchers about every saved change', async () => {
    const store = await freshStore();
    const seen: number[] = [];
    store.watchContracts((v) => seen.push(v.revision));
    await store.replaceContracts(sample.slice(0, 1), { now });
    await store.replaceContracts(sample.slice(0, 2), { now });
    expect(seen).toEqual([1, 2]);
  });

  it('upgrades version-1 data on load without losing anything', async () => {
    const v1: ContractV1[] = [
      {
        id: 'northwind-enterprise',
        hoursBasis: 'business',
        sev1AroundTheClock: true,
        targets: { sev1: { firstResponse: 15, resolution: 240 }, sev2: { firstResponse: 60 } },
        internalTargets: { sev1: { firstResponse: 10 } },
        customer: { name: 'Northwind Traders', domains: ['northwind.example'] },
        tier: 'Enterprise',
        term: { start: '2026-01-01', end: '2028-12-31' },
        calendar: { timezone: 'Europe/Berlin', weekly: { mon: [['08:00', '20:00']] } },
        channels: ['phone', 'email'],
        escalation: [{ name: 'Tier 1', severities: ['sev1'], trigger: { type: 'breach' }, contacts: [{ name: 'Duty lead' }] }],
      },
      {
        id: 'contoso',
        hoursBasis: '24x7',
        targets: { sev3: { resolution: 2880 } },
        customer: { name: 'Contoso' },
        tier: 'Premium',
        term: { start: '2025-07-01', end: '2027-06-30' },
        calendar: { timezone: 'Europe/London', weekly: { tue: [['08:00', '18:00']] } },
        channels: ['email'],
      },
    ];
    await fakeBrowser.storage.local.set({ contracts: v1, contracts$: { v: 1 } });
    const store = await freshStore();
    const loaded = await store.loadContracts();
    const { hoursBasis: _a, sev1AroundTheClock: _b, ...northwindRest } = v1[0]!;
    const { hoursBasis: _c, ...contosoRest } = v1[1]!;
    expect(loaded).toEqual({
      revision: 1,
      updatedAt: null,
      contracts: [
        {
          ...northwindRest,
          targets: {
            sev1: { firstResponse: { minutes: 15, basis: '24x7' }, resolution: { minutes: 240, basis: '24x7' } },
            sev2: { firstResponse: { minutes: 60, basis: 'business' } },
          },
          internalTargets: { sev1: { firstResponse: { minutes: 10, basis: '24x7' } } },
        },
        { ...contosoRest, targets: { sev3: { resolution: { minutes: 2880, basis: '24x7' } } } },
      ],
    });
    expect(validateContracts(loaded.contracts).ok).toBe(true);
    expect((await raw())['contracts$']).toEqual({ v: 2 });
    // The upgraded set is a normal revision: the next save continues from it.
    expect((await store.replaceContracts(loaded.contracts, { now, expectedRevision: 1 })).ok).toBe(true);
  });

  it('leaves current data alone on the next start', async () => {
    let store = await freshStore();
    await store.replaceContracts(sample, { now });
    const before = await raw();
    store = await freshStore();
    expect((await store.loadContracts()).contracts).toEqual(sample);
    expect(await raw()).toEqual(before);
  });
});
