import { describe, expect, it } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import {
  buildMatchIndex,
  contractTermStatus,
  isFreeMailDomain,
  matchTicket,
  normalizeOrgName,
  requesterDomain,
  type MatchInput,
  type MatchResult,
} from '../../lib/match';

const NOW = new Date('2025-06-10T12:00:00Z');

function contract(id: string, customer: Partial<Contract['customer']>, extra: Partial<Contract> = {}): Contract {
  return {
    id,
    customer: { name: `Customer ${id}`, ...customer },
    tier: 'Enterprise',
    term: { start: '2025-01-01', end: '2025-12-31' },
    calendar: { timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '18:00']] } },
    channels: ['email'],
    targets: {},
    ...extra,
  };
}

function match(contracts: Contract[], t: Partial<MatchInput>, now = NOW): MatchResult {
  return matchTicket(buildMatchIndex(contracts), { helpdesk: 'zendesk', ...t }, now);
}

function matchedId(r: MatchResult): string | undefined {
  return r.kind === 'matched' ? r.contract.id : undefined;
}

describe('normalizeOrgName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Corporation', 'acme'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Société Générale S.A.', 'societe generale'],
    ['Ørsted A/S', 'ørsted'],
    ['The Widget Company Ltd', 'widget'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme Pty. Limited', 'acme'],
    ['Nordic Oy', 'nordic'],
    ['Dutch Things B.V.', 'dutch things'],
    ['Dutch Things BV', 'dutch things'],
    ['O’Reilly Media, LLC', 'oreilly media'],
    ['Grupo Bimbo, S.A. de C.V.', 'grupo bimbo'],
    ['Tokyo Widgets K.K.', 'tokyo widgets'],
    ['Straße Werke AG', 'strasse werke'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrgName(input)).toBe(expected);
  });

  it('never strips a name down to nothing', () => {
    expect(normalizeOrgName('AG')).toBe('ag');
    expect(normalizeOrgName('Co. Ltd')).toBe('co');
    expect(normalizeOrgName('  ...  ')).toBe('');
  });

  it('equates names differing only by accents, case, punctuation and suffix', () => {
    expect(normalizeOrgName('Café-Crème SARL')).toBe(normalizeOrgName('cafe creme'));
  });
});

describe('requesterDomain / isFreeMailDomain', () => {
  it('extracts the lower-cased domain from plain and display-name addresses', () => {
    expect(requesterDomain('jane@EU.Acme.com')).toBe('eu.acme.com');
    expect(requesterDomain('Jane Doe <jane@acme.com>')).toBe('acme.com');
    expect(requesterDomain('mailto:ops@acme.io')).toBe('acme.io');
  });

  it('rejects non-addresses', () => {
    for (const bad of ['', 'jane', '@acme.com', 'jane@', 'jane@localhost', 'jane doe@acme.com']) {
      expect(requesterDomain(bad), bad).toBeUndefined();
    }
    expect(requesterDomain(undefined)).toBeUndefined();
  });

  it('recognises free-mail providers including country variants and subdomains', () => {
    for (const d of ['gmail.com', 'googlemail.com', 'yahoo.co.uk', 'yahoo.fr', 'gmx.de', 'gmx.at', 'web.de', 'yandex.kz', 'qq.com', '163.com', 'proton.me', 'hotmail.co.jp', 'x.mail.ru']) {
      expect(isFreeMailDomain(d), d).toBe(true);
    }
    for (const d of ['acme.com', 'yahooligans-corp.com', 'mail.acme.com', 'gmx-consulting.de', 'live-events.io']) {
      expect(isFreeMailDomain(d), d).toBe(false);
    }
  });
});

describe('matchTicket rules', () => {
  const acme = contract('acme', { name: 'Acme Corp', domains: ['acme.com'], contacts: ['CTO@acme.com'], externalIds: ['zendesk:360001', '777'], aliases: ['Acme Holdings'] });
  const beta = contract('beta', { name: 'Beta GmbH', domains: ['beta.de'] });
  const all = [acme, beta];

  it('matches by qualified helpdesk organisation id', () => {
    const r = match(all, { organizationId: '360001' });
    expect(r).toMatchObject({ kind: 'matched', by: 'externalId', key: 'zendesk:360001', term: 'active' });
    expect(matchedId(r)).toBe('acme');
  });

  it('does not apply an id qualified for another helpdesk', () => {
    expect(match(all, { helpdesk: 'freshdesk', organizationId: '360001' }).kind).toBe('none');
  });

  it('matches a bare id on any helpdesk', () => {
    expect(match(all, { helpdesk: 'freshdesk', organizationId: '777' })).toMatchObject({ kind: 'matched', by: 'externalId', key: '777' });
  });

  it('matches by exact requester email, case-insensitively', () => {
    expect(match(all, { requesterEmail: 'Cto@ACME.com' })).toMatchObject({ kind: 'matched', by: 'email', key: 'cto@acme.com' });
  });

  it('matches by domain and by subdomain', () => {
    expect(match(all, { requesterEmail: 'a@acme.com' })).toMatchObject({ kind: 'matched', by: 'domain', key: 'acme.com' });
    const sub = match(all, { requesterEmail: 'a@eu.support.acme.com' });
    expect(sub).toMatchObject({ kind: 'matched', by: 'domain', key: 'acme.com' });
    expect(matchedId(sub)).toBe('acme');
  });

  it('does not match a domain that merely ends with the same letters', () => {
    expect(match(all, { requesterEmail: 'a@notacme.com' })).toEqual({ kind: 'none', domain: 'notacme.com' });
  });

  it('prefers the longest listed domain', () => {
    const eu = contract('acme-eu', { name: 'Acme Europe', domains: ['eu.acme.com'] });
    expect(matchedId(match([acme, eu], { requesterEmail: 'a@eu.acme.com' }))).toBe('acme-eu');
    expect(matchedId(match([acme, eu], { requesterEmail: 'a@us.acme.com' }))).toBe('acme');
  });

  it('matches by normalised organisation name and by alias', () => {
    expect(match(all, { organization: 'ACME corp.' })).toMatchObject({ kind: 'matched', by: 'name', key: 'ACME corp.' });
    expect(match(all, { organization: 'acme holdings inc' })).toMatchObject({ kind: 'matched', by: 'alias' });
    expect(matchedId(match(all, { organization: 'Beta' }))).toBe('beta');
  });

  it('falls back to the requester name when it is the company', () => {
    expect(match(all, { requesterName: 'Beta GmbH' })).toMatchObject({ kind: 'matched', by: 'name' });
    expect(match(all, { requesterName: 'Jane Doe' }).kind).toBe('none');
  });

  it('returns none with the requester domain', () => {
    expect(match(all, { requesterEmail: 'x@unknown.org', organization: 'Unknown' })).toEqual({ kind: 'none', domain: 'unknown.org' });
    expect(match(all, {})).toEqual({ kind: 'none' });
  });
});

describe('precedence', () => {
  const byId = contract('by-id', { name: 'Id Co', externalIds: ['zendesk:1'] });
  const byBareId = contract('by-bare', { name: 'Bare Co', externalIds: ['1'] });
  const byEmail = contract('by-email', { name: 'Email Co', contacts: ['a@acme.com'] });
  const byDomain = contract('by-domain', { name: 'Domain Co', domains: ['acme.com'] });
  const byName = contract('by-name', { name: 'Acme' });
  const all = [byName, byDomain, byEmail, byBareId, byId];
  const ticket = { organizationId: '1', requesterEmail: 'a@acme.com', organization: 'Acme' };

  it('id > email > domain > name, whatever the contract order', () => {
    expect(matchedId(match(all, ticket))).toBe('by-id');
    expect(matchedId(match(all.filter((c) => c !== byId), ticket))).toBe('by-bare');
    expect(matchedId(match([byName, byDomain, byEmail], ticket))).toBe('by-email');
    expect(matchedId(match([byName, byDomain], ticket))).toBe('by-domain');
    expect(matchedId(match([byName], ticket))).toBe('by-name');
  });

  it('a more specific single hit beats a less specific ambiguity', () => {
    const dom2 = contract('dom2', { name: 'Dom2', domains: ['acme.com'] });
    expect(matchedId(match([byDomain, dom2, byEmail], ticket))).toBe('by-email');
  });
});

describe('ambiguity is reported, never resolved silently', () => {
  const cases: [string, Partial<Contract['customer']>, Partial<MatchInput>, string][] = [
    ['externalId', { externalIds: ['zendesk:9'] }, { organizationId: '9' }, 'zendesk:9'],
    ['email', { contacts: ['a@x.com'] }, { requesterEmail: 'a@x.com' }, 'a@x.com'],
    ['domain', { domains: ['x.com'] }, { requesterEmail: 'b@sub.x.com' }, 'x.com'],
    ['name', { name: 'Same Name Ltd' }, { organization: 'same name' }, 'same name'],
  ];
  it.each(cases)('at %s level', (by, customer, t, key) => {
    const r = match([contract('one', customer), contract('two', customer), contract('other', { name: 'Other' })], t);
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.by).toBe(by);
    expect(r.key).toBe(key);
    expect(r.candidates.map((c) => c.id).sort()).toEqual(['one', 'two']);
  });

  it('between a name and another contract’s alias', () => {
    const r = match([contract('n', { name: 'Globex' }), contract('a', { name: 'Globex Europe', aliases: ['Globex'] })], { organization: 'Globex' });
    expect(r).toMatchObject({ kind: 'ambiguous', by: 'name' });
  });

  it('but one contract listing the same key twice is not ambiguous', () => {
    const c = contract('dup', { name: 'Dup', domains: ['dup.com', 'DUP.com', '@dup.com'], aliases: ['Dup Inc'] });
    expect(match([c], { requesterEmail: 'a@dup.com' }).kind).toBe('matched');
    expect(match([c], { organization: 'dup' }).kind).toBe('matched');
  });
});

describe('free mail never matches by domain', () => {
  it('ignores free-mail domains on both sides but still matches the exact address', () => {
    const c = contract('g', { name: 'Gee', domains: ['gmail.com'], contacts: ['boss@gmail.com'] });
    expect(match([c], { requesterEmail: 'someone@gmail.com' })).toEqual({ kind: 'none', domain: 'gmail.com' });
    expect(match([c], { requesterEmail: 'boss@gmail.com' })).toMatchObject({ kind: 'matched', by: 'email' });
  });

  it('falls through to the organisation name for a free-mail requester', () => {
    const c = contract('acme', { name: 'Acme', domains: ['acme.com'] });
    expect(match([c], { requesterEmail: 'x@yahoo.co.uk', organization: 'Acme Ltd' })).toMatchObject({ kind: 'matched', by: 'name' });
  });
});

describe('term status', () => {
  const c = contract('t', { domains: ['t.com'] }, { term: { start: '2025-03-01', end: '2025-05-31' }, calendar: { timezone: 'Pacific/Auckland', weekly: {} } });

  it('still matches expired and not-yet-active contracts and says so', () => {
    expect(match([c], { requesterEmail: 'a@t.com' }, new Date('2025-07-01T00:00:00Z'))).toMatchObject({ kind: 'matched', term: 'expired' });
    expect(match([c], { requesterEmail: 'a@t.com' }, new Date('2025-02-01T00:00:00Z'))).toMatchObject({ kind: 'matched', term: 'notStarted' });
  });

  it('counts the end date inclusively in the contract zone', () => {
    // 2025-05-31T11:00Z is 23:00 on 31 May in Auckland: last day, still active.
    expect(contractTermStatus(c, new Date('2025-05-31T11:00:00Z'))).toBe('active');
    // 2025-05-31T12:30Z is already 1 June 00:30 in Auckland.
    expect(contractTermStatus(c, new Date('2025-05-31T12:30:00Z'))).toBe('expired');
    // 2025-02-28T11:30Z is 1 March 00:30 in Auckland: the first day.
    expect(contractTermStatus(c, new Date('2025-02-28T11:30:00Z'))).toBe('active');
    expect(contractTermStatus(c, new Date('2025-02-28T10:30:00Z'))).toBe('notStarted');
  });
});

describe('hostile strings', () => {
  const names = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

  it('treats prototype names as ordinary keys everywhere', () => {
    const contracts = names.map((n) =>
      contract(n, { name: n, aliases: [`${n} alias`], domains: [`${n}.com`], contacts: [`${n}@x.io`], externalIds: [n, `zendesk:${n}`] }),
    );
    const ix = buildMatchIndex(contracts);
    for (const n of names) {
      const t = { helpdesk: 'zendesk' };
      expect(matchedId(matchTicket(ix, { ...t, organizationId: n }, NOW)), n).toBe(n);
      expect(matchedId(matchTicket(ix, { ...t, helpdesk: 'rt', organizationId: n }, NOW)), n).toBe(n);
      expect(matchedId(matchTicket(ix, { ...t, requesterEmail: `${n}@x.io` }, NOW)), n).toBe(n);
      expect(matchedId(matchTicket(ix, { ...t, requesterEmail: `a@${n}.com` }, NOW)), n).toBe(n);
      expect(matchedId(matchTicket(ix, { ...t, organization: n }, NOW)), n).toBe(n);
    }
    expect(matchTicket(ix, { helpdesk: 'zendesk', organization: 'valueOf' }, NOW).kind).toBe('none');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives malformed contracts and inputs without throwing', () => {
    const broken = { id: 'b', customer: { name: 42, domains: [null, 'ok.com', 7], contacts: 'x' } } as unknown as Contract;
    const ix = buildMatchIndex([broken]);
    expect(ix.size).toBe(1);
    expect(matchTicket(ix, { helpdesk: 'zendesk', requesterEmail: 'a@ok.com' }, NOW)).toMatchObject({ kind: 'matched', term: 'active' });
    expect(matchTicket(ix, { helpdesk: 'zendesk', requesterEmail: '<<>>@@', organization: '\u0000\u202e' }, NOW).kind).toBe('none');
  });

  it('handles very long names in bounded time (no regex blow-up)', () => {
    const huge = `Acme${' co'.repeat(20_000)}`;
    const t0 = performance.now();
    expect(normalizeOrgName(huge).startsWith('acme co co')).toBe(true);
    expect(normalizeOrgName(`Acme${' gmbh'.repeat(20)}`)).toBe('acme');
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it('rejects a foreign index object', () => {
    expect(() => matchTicket({ size: 0 }, { helpdesk: 'zendesk' }, NOW)).toThrow(TypeError);
  });
});
