import { describe, expect, it } from 'vitest';
import { buildSearchIndex, damerauLevenshtein, searchContracts } from '../../lib/search';
import { generateContracts, makeContract } from './options-fixtures';

const contracts = [
  makeContract({ id: 'acme', customer: { name: 'Acme Corporation', aliases: ['ACME Intl'], domains: ['acme.com'], contacts: ['jane.doe@acme.com'], externalIds: ['zendesk:360001'] } }),
  makeContract({ id: 'globex', customer: { name: 'Globex GmbH', domains: ['globex.de'], contacts: ['it@globex.de'] } }),
  makeContract({ id: 'initech', customer: { name: 'Initech', aliases: ['Initrode'], domains: ['initech.io'] } }),
  makeContract({ id: 'muller', customer: { name: 'Müller & Söhne', domains: ['mueller.example'] } }),
  makeContract({ id: 'acme-labs', customer: { name: 'Acme Labs', domains: ['acmelabs.net'] } }),
];
const ix = buildSearchIndex(contracts);
const ids = (q: string) => searchContracts(ix, q).map((h) => h.contract.id);

describe('damerauLevenshtein', () => {
  it.each([
    ['acme', 'acme', 0],
    ['acme', 'amce', 1], // transposition counts once
    ['acme', 'acne', 1],
    ['globex', 'glbx', 2],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s ↔ %s = %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
    expect(damerauLevenshtein(b, a)).toBe(d);
  });
  it('stops early past the bound', () => {
    expect(damerauLevenshtein('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });
});

describe('searchContracts', () => {
  it('finds by name prefix, alias, domain, contact email and external id', () => {
    expect(ids('glob')[0]).toBe('globex');
    expect(ids('initrode')[0]).toBe('initech');
    expect(ids('initech.io')[0]).toBe('initech');
    expect(searchContracts(ix, 'jane.doe@acme.com')[0]).toMatchObject({ field: 'contact', contract: { id: 'acme' } });
    expect(ids('zendesk:360001')[0]).toBe('acme');
  });

  it('tolerates typos and transpositions', () => {
    expect(ids('Glboex')[0]).toBe('globex');
    expect(ids('acem corporation')[0]).toBe('acme');
    expect(ids('inittech')[0]).toBe('initech');
  });

  it('ignores case and accents', () => {
    expect(ids('MULLER')[0]).toBe('muller');
    expect(ids('müller & söhne')[0]).toBe('muller');
  });

  it('finds the contract of an unknown sender by the email domain, subdomains included', () => {
    expect(searchContracts(ix, 'bob@eu.globex.de')[0]).toMatchObject({ field: 'domain', contract: { id: 'globex' } });
  });

  it('ranks an exact name above a longer one with the same prefix', () => {
    const r = ids('acme labs');
    expect(r[0]).toBe('acme-labs');
    expect(ids('acme')).toEqual(expect.arrayContaining(['acme', 'acme-labs']));
  });

  it('does not fuzz short tokens into unrelated customers', () => {
    expect(ids('xyz')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('@')).toEqual([]);
  });

  it('answers in a few milliseconds over 5,000 contracts', () => {
    const big = buildSearchIndex(generateContracts(5000));
    const queries = ['nort', 'quantm harbr', 'ops@cedaratlas', 'zephyr', 'vertexnimbus1234.example'];
    for (let i = 0; i < 3; i++) for (const q of queries) searchContracts(big, q); // JIT warm-up
    const times = queries.map((q) => {
      const t0 = performance.now();
      searchContracts(big, q);
      return performance.now() - t0;
    });
    // ~5 ms each on a 2-core VM; the bound leaves room for a busy CI machine.
    expect(times.sort((a, b) => a - b)[2]).toBeLessThan(50);
    expect(searchContracts(big, 'Quantm Harbr Systms 103')[0]?.contract.customer.name).toBe('Quantum Harbor Systems 103');
  });
});
