import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acmeRule, acmeWidgetsRule } from './rules-helpers';

const now = new Date('2026-11-21T09:00:00Z');
const later = new Date('2026-11-21T09:05:00Z');

async function freshStore() {
  vi.resetModules();
  return import('../../lib/rules/store');
}
const raw = async () => fakeBrowser.storage.local.get(null as unknown as string);

beforeEach(() => {
  fakeBrowser.reset();
});

describe('reading rules store (local:readingRules)', () => {
  it('starts empty at revision 0', async () => {
    const store = await freshStore();
    expect(await store.loadReadingRules()).toEqual({ rules: [], revision: 0, updatedAt: null });
  });

  it('writes a valid list with its version mark in one storage call', async () => {
    const store = await freshStore();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await store.replaceReadingRules([acmeRule], { now })).toEqual({ ok: true, revision: 1, rules: [acmeRule] });
    expect(set).toHaveBeenCalledTimes(1);
    expect(await raw()).toEqual({
      readingRules: { rules: [acmeRule], revision: 1, updatedAt: '2026-11-21T09:00:00.000Z' },
      readingRules$: { v: 1 },
    });
  });

  it('refuses an invalid list and writes nothing', async () => {
    const store = await freshStore();
    const bad = { ...acmeRule, fields: { priority: { selector: '#p', regex: '(a+)+' } } };
    const r = await store.replaceReadingRules([bad], { now });
    expect(r).toEqual({ ok: false, errors: [{ path: 'rules[0].fields.priority.regex', message: expect.stringMatching(/^must not nest repeats/) }] });
    expect(await raw()).toEqual({});
  });

  it('saves one rule by id (the picker), stamping updatedAt, and removes by id', async () => {
    const store = await freshStore();
    await store.saveReadingRule(acmeRule, { now });
    await store.saveReadingRule(acmeWidgetsRule, { now });
    const changed = { ...acmeRule, fields: { ...acmeRule.fields, priority: { selector: '[data-qa="prio"]' } } };
    const r = await store.saveReadingRule(changed, { now: later });
    expect(r.ok && r.rules.map((x) => [x.id, x.updatedAt])).toEqual([
      ['acme-desk', '2026-11-21T09:05:00.000Z'],
      ['acme-desk-2026', '2026-11-21T09:00:00.000Z'],
    ]);
    expect((await store.loadReadingRules()).rules[0]?.fields.priority).toEqual({ selector: '[data-qa="prio"]' });
    const removed = await store.removeReadingRule('acme-desk', { now: later });
    expect(removed.ok && removed.rules.map((x) => x.id)).toEqual(['acme-desk-2026']);
    expect((await store.loadReadingRules()).revision).toBe(4);
  });

  it('refuses a write based on an older revision', async () => {
    const store = await freshStore();
    await store.replaceReadingRules([acmeRule], { now });
    await store.replaceReadingRules([acmeRule, acmeWidgetsRule], { now, expectedRevision: 1 });
    const r = await store.replaceReadingRules([], { now, expectedRevision: 1 });
    expect(r).toMatchObject({ ok: false, conflict: true });
    expect((await store.loadReadingRules()).rules).toHaveLength(2);
  });

  it('drops stored entries that no longer validate (hand-edited storage) instead of failing', async () => {
    await fakeBrowser.storage.local.set({ readingRules: { rules: [acmeRule, { id: 'x', origin: 'javascript:alert(1)', fields: {} }], revision: 3, updatedAt: null } });
    const store = await freshStore();
    expect(await store.loadReadingRules()).toEqual({ rules: [acmeRule], revision: 3, updatedAt: null });
  });

  it('tells watchers at once, so saved rules apply without a reload', async () => {
    const store = await freshStore();
    const seen: number[] = [];
    const stop = store.watchReadingRules((v) => seen.push(v.rules.length));
    await store.saveReadingRule(acmeRule, { now });
    await vi.waitFor(() => expect(seen).toEqual([1]));
    stop();
  });
});
