import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../lib/background';
import { notifyPrefsFrom } from '../../lib/background/notify';
import { replaceContracts } from '../../lib/contracts/store';
import { normalizeSettings } from '../../lib/settings';
import {
  loadEffectiveContracts,
  MANAGED_KEYS,
  mergeContractSources,
  mergeManagedSettings,
  parseManaged,
  readManaged,
  readOnlyContracts,
  type EffectiveContracts,
} from '../../lib/managed';
import { sampleContracts } from './watch-fixtures';

const now = new Date('2026-11-20T10:00:00Z');
const [northwind, contoso, globex] = sampleContracts as [(typeof sampleContracts)[0], (typeof sampleContracts)[0], (typeof sampleContracts)[0]];
const file = (contracts: unknown[]) => ({ format: 'sla-lens/contracts', version: 1, contracts });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('parseManaged', () => {
  it('reads contracts given as JSON text (Chrome, Edge) or as the object itself (Firefox policies.json)', () => {
    expect(parseManaged({ contracts: JSON.stringify(file([northwind])) }).contracts.map((c) => c.id)).toEqual(['northwind-enterprise']);
    expect(parseManaged({ contracts: file([contoso, globex]) }).contracts.map((c) => c.id)).toEqual(['contoso-premium', 'globex-standard']);
    expect(parseManaged({ contracts: [globex] }).contracts.map((c) => c.id)).toEqual(['globex-standard']);
  });

  it('refuses the whole managed set when one contract is invalid, and says why', () => {
    const m = parseManaged({ contracts: file([northwind, { ...contoso, term: { start: '2026-01-01', end: '2025-01-01' } }]) });
    expect(m.contracts).toEqual([]);
    expect(m.contractErrors[0]?.path).toBe('contracts[1].term.end');
    expect(m.problems[0]).toMatch(/^contracts: refused, 1 problem \(first: contracts\[1\]\.term\.end: must not be before/);
    const syntax = parseManaged({ contracts: '{"contracts": [' });
    expect(syntax.problems[0]).toMatch(/JSON syntax error at line 1/);
  });

  it('reads settings, feed and rules, reporting malformed values and ignoring unknown keys', () => {
    const m = parseManaged({
      settings: '{"warnPercent": 60}',
      feedUrl: 'https://feeds.example.com/c.json',
      feedRefreshMinutes: 30,
      rules: '[{"helpdesk": "zendesk"}]',
      somethingNewer: true,
    });
    expect(m).toMatchObject({ settings: { warnPercent: 60 }, feedUrl: 'https://feeds.example.com/c.json', feedRefreshMinutes: 30, rules: [{ helpdesk: 'zendesk' }], problems: [] });
    const bad = parseManaged({ settings: 7, feedUrl: 'http://feeds.example.com/c.json', feedRefreshMinutes: -1, rules: '{"a":1}' });
    expect(bad.problems).toEqual(['settings: must be an object.', 'feedUrl: must be an https:// address.', 'feedRefreshMinutes: must be a positive number of minutes.', 'rules: must be a list.']);
    expect(bad).toMatchObject({ settings: null, feedUrl: null, feedRefreshMinutes: null, rules: null });
  });

  it('treats a missing or throwing managed area as "not available"', async () => {
    expect(await readManaged(undefined)).toMatchObject({ available: false, contracts: [] });
    expect(await readManaged({ get: () => { throw new Error('Managed storage manifest not found'); } })).toMatchObject({ available: false });
    expect(await readManaged({ get: () => Promise.reject(new Error('nope')) })).toMatchObject({ available: false });
    expect(await readManaged({ get: async () => ({ feedUrl: 'https://f.example.com/x.json' }) })).toMatchObject({ available: true, feedUrl: 'https://f.example.com/x.json' });
  });
});

describe('merging contract sources', () => {
  it('lets policy beat feed beat local on ids, domains and external ids, and reports each decision', () => {
    const localNorthwind = { ...northwind, tier: 'Local edit' };
    const feedClaimsDomain = { ...globex, customer: { ...globex.customer, domains: ['globex.example', 'northwind.example'], externalIds: ['zendesk:360001234567', 'zendesk:42'] } };
    const m = mergeContractSources({ managed: [northwind], feed: [feedClaimsDomain], local: [localNorthwind, contoso] });
    expect(m.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'globex-standard', 'contoso-premium']);
    expect(m.sources).toEqual(['managed', 'feed', 'local']);
    expect(m.contracts[0]!.tier).toBe(northwind.tier);
    expect(m.contracts[1]!.customer.domains).toEqual(['globex.example']);
    expect(m.contracts[1]!.customer.externalIds).toEqual(['zendesk:42']);
    expect(m.conflicts).toEqual([
      { kind: 'domain', value: 'northwind.example', kept: { source: 'managed', id: 'northwind-enterprise' }, dropped: { source: 'feed', id: 'globex-standard' } },
      { kind: 'externalId', value: 'zendesk:360001234567', kept: { source: 'managed', id: 'northwind-enterprise' }, dropped: { source: 'feed', id: 'globex-standard' } },
      { kind: 'id', value: 'northwind-enterprise', kept: { source: 'managed', id: 'northwind-enterprise' }, dropped: { source: 'local', id: 'northwind-enterprise' } },
    ]);
    const ro = readOnlyContracts({ ...m, updatedAt: null });
    expect([...ro]).toEqual([['northwind-enterprise', 'managed'], ['globex-standard', 'feed']]);
  });
});

describe('managed settings', () => {
  it('puts the administrator’s values over the agent’s and lists them as locked', () => {
    const user = { warnPercent: 80, theme: 'dark', notifications: { enabled: true, atRisk: true } };
    const managed = JSON.parse('{"warnPercent": 60, "notifications": {"atRisk": false, "quietHours": {"enabled": true, "start": "19:00", "end": "07:00"}}, "__proto__": {"polluted": 1}}');
    const r = mergeManagedSettings(user, managed);
    expect(normalizeSettings(r.settings)).toMatchObject({ warnPercent: 60, theme: 'dark', notifications: { enabled: true, atRisk: false } });
    expect(notifyPrefsFrom(r.settings).quietHours).toEqual({ enabled: true, start: '19:00', end: '07:00' });
    expect(r.locked.sort()).toEqual(['notifications.atRisk', 'notifications.quietHours.enabled', 'notifications.quietHours.end', 'notifications.quietHours.start', 'warnPercent']);
    expect(r.settings.polluted).toBeUndefined();
    expect(mergeManagedSettings(user, null)).toEqual({ settings: user, locked: [] });
  });
});

describe('the managed schema (public/managed_schema.json)', () => {
  const schema = JSON.parse(readFileSync('public/managed_schema.json', 'utf8'));

  it('follows Chrome’s rules: object at the top, no additionalProperties there, exactly one type everywhere', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBeUndefined();
    const walk = (s: Record<string, unknown>, path: string): string[] => {
      const bad = typeof s.type === 'string' || typeof s.$ref === 'string' ? [] : [path];
      const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
      return [...bad, ...Object.entries(props).flatMap(([k, v]) => walk(v, `${path}.${k}`)), ...(s.items ? walk(s.items as Record<string, unknown>, `${path}[]`) : [])];
    };
    expect(walk(schema, '$')).toEqual([]);
  });

  it('declares exactly the policy names the extension reads, and the settings the background uses', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_KEYS].sort());
    const n = schema.properties.settings.properties.notifications.properties;
    expect(Object.keys(n).sort()).toEqual(['atRisk', 'enabled', 'quietHours']);
    expect(Object.keys(n.quietHours.properties).sort()).toEqual(['enabled', 'end', 'start']);
  });
});

describe('managed storage in the background', () => {
  const load = async () => (await loadEffectiveContracts()) as EffectiveContracts;

  it('merges policy contracts read-only with local ones and follows policy changes', async () => {
    await replaceContracts([{ ...northwind, tier: 'Local' }, contoso], { now });
    await fakeBrowser.storage.managed.set({ contracts: JSON.stringify(file([northwind])), feedUrl: 'https://feeds.example.com/c.json' });
    const fetch = vi.fn(async () => new Response('{}', { status: 500 }));
    const bg = startBackground(fakeBrowser, { now: () => now, fetch, timeZone: 'UTC' });
    await bg.ready;

    let eff = await load();
    expect(eff.contracts.map((c) => [c.id, c.tier])).toEqual([['northwind-enterprise', northwind.tier], ['contoso-premium', contoso.tier]]);
    expect(eff.sources).toEqual(['managed', 'local']);
    const status = await bg.handle({ type: 'managed:status' }, {});
    expect(status).toMatchObject({ ok: true, managed: { available: true, feedUrl: 'https://feeds.example.com/c.json' }, conflicts: [{ kind: 'id', value: 'northwind-enterprise' }] });

    // The feed address is the administrator's: agents cannot change it, and it was fetched at start.
    const page = { url: fakeBrowser.runtime.getURL('/options.html') };
    expect(await bg.handle({ type: 'feed:configure', url: 'https://mine.example.com/f.json' }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/administrator/) });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledWith('https://feeds.example.com/c.json', expect.anything()));

    // A policy update (Chrome fires storage.onChanged for the managed area) is applied at once.
    await fakeBrowser.storage.managed.set({ contracts: JSON.stringify(file([globex])) });
    await vi.waitFor(async () => expect((await load()).contracts.map((c) => c.id)).toEqual(['globex-standard', 'northwind-enterprise', 'contoso-premium']));
    eff = await load();
    expect(eff.sources).toEqual(['managed', 'local', 'local']);
    expect(eff.contracts[1]!.tier).toBe('Local');

    // A local edit is merged too.
    await replaceContracts([contoso], { now });
    await vi.waitFor(async () => expect((await load()).contracts.map((c) => c.id)).toEqual(['globex-standard', 'contoso-premium']));
    bg.stop();
  });

  it('works with local contracts alone where managed storage throws', async () => {
    await replaceContracts([contoso], { now });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(() => {
      throw new Error('Managed storage manifest not found');
    });
    const bg = startBackground(fakeBrowser, { now: () => now, timeZone: 'UTC' });
    await bg.ready;
    expect((await load()).contracts.map((c) => c.id)).toEqual(['contoso-premium']);
    expect(await bg.handle({ type: 'managed:status' }, {})).toMatchObject({ ok: true, managed: { available: false } });
    bg.stop();
  });
});
