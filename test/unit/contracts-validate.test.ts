import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import { validateContractFile, validateContracts } from '../../lib/contracts/validate';

const sample = JSON.parse(readFileSync('test/demo/sample-contracts.json', 'utf8'));

/** A minimal valid contract; tests break one thing at a time. */
const base = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'acme',
  customer: { name: 'Acme', domains: ['acme.example'] },
  tier: 'Gold',
  term: { start: '2026-01-01', end: '2026-12-31' },
  calendar: { timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']] } },
  channels: ['email'],
  targets: { sev1: { firstResponse: { minutes: 60, basis: '24x7' } } },
  ...over,
});

function problems(list: unknown[]): string[] {
  const r = validateContracts(list);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validateContracts', () => {
  it('accepts the sample contracts and leaves already-normal data unchanged', () => {
    const r = validateContractFile(sample);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.file).toEqual(sample);
  });

  it('normalises domains, emails, text and lists on the way in', () => {
    const r = validateContracts([
      base({
        id: ' acme ',
        customer: {
          name: '  Acme  ',
          aliases: [' Acme Corp ', 'Acme Corp'],
          domains: ['@WWW.Acme.Example', 'https://www.acme-eu.example/support', 'acme.example.'],
          contacts: [' Jane.Doe@Acme.Example '],
          country: 'de',
        },
        calendar: { timezone: ' Europe/Berlin ', weekly: { mon: [['09:00', '17:00']], tue: [] }, holidays: ['2026-12-26', '2026-12-25', '2026-12-26'] },
        channels: ['email', 'email', 'phone'],
        notes: '   ',
        entitlements: { tam: { name: 'Pat', email: ' PAT@Vendor.Example ', role: '' } },
      }),
    ]);
    expect(r.ok ? [] : r.errors).toEqual([]);
    const c = (r as { contracts: Contract[] }).contracts[0]!;
    expect(c.id).toBe('acme');
    expect(c.customer).toEqual({
      name: 'Acme',
      aliases: ['Acme Corp'],
      domains: ['acme.example', 'acme-eu.example'],
      contacts: ['jane.doe@acme.example'],
      country: 'DE',
    });
    expect(c.calendar).toEqual({ timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']] }, holidays: ['2026-12-25', '2026-12-26'] });
    expect(c.channels).toEqual(['email', 'phone']);
    expect('notes' in c).toBe(false);
    expect(c.entitlements?.tam).toEqual({ name: 'Pat', email: 'pat@vendor.example' });
  });

  it('reports every structural problem with a readable path', () => {
    const bad = base({
      id: 'broken',
      tiers: 'Gold',
      tier: undefined,
      customer: { name: '', contacts: ['mailto:x@acme.example'], domains: ['not a domain'] },
      term: { start: '2026-02-30', end: '26-12-31', renewal: 'sometimes' },
      channels: ['email', 'fax'],
      targets: { sev1: { firstResponse: { minutes: -5, basis: '24x7' }, resolution: { minutes: 60, basis: 'weekdays' } }, sev5: {} },
      warnPercent: 100,
      severityMap: { zendesk: { urgent: 'sev0' }, '*': { '1 - Critical': 'critical' } },
      entitlements: {
        tam: { name: 'Pat', chat: 'javascript:alert(1)', phone: 'call me', email: 'pat at vendor' },
        dedicatedAgent: { name: 'Sam', chat: 'http://chat.vendor.example/sam' },
      },
      escalation: [
        { name: 'Tier 1', severities: [], trigger: { type: 'percent', percent: 0 }, contacts: [] },
        { name: 'Tier 2', severities: ['sev1'], trigger: { type: 'later' }, contacts: [{ role: 'lead' }] },
      ],
    });
    delete bad.tier;
    expect(problems([base(), bad])).toEqual([
      'contracts[1].customer.name: must not be empty',
      'contracts[1].customer.domains[0]: must be a domain like example.com',
      'contracts[1].customer.contacts[0]: must be an email address',
      'contracts[1].tier: is required',
      'contracts[1].term.start: must be a real date written YYYY-MM-DD',
      'contracts[1].term.end: must be a real date written YYYY-MM-DD',
      'contracts[1].term.renewal: must be "auto", "manual" or "none"',
      'contracts[1].channels[1]: must be one of email, phone, chat, portal, slack, teams, onsite',
      'contracts[1].targets.sev1.firstResponse.minutes: must be a positive number of minutes',
      'contracts[1].targets.sev1.resolution.basis: must be "business" or "24x7"',
      'contracts[1].targets.sev5: is not a known field',
      'contracts[1].severityMap.zendesk.urgent: must be one of sev1, sev2, sev3, sev4',
      'contracts[1].severityMap["*"]["1 - Critical"]: must be one of sev1, sev2, sev3, sev4',
      'contracts[1].warnPercent: must be a whole percentage from 1 to 99',
      'contracts[1].entitlements.tam.email: must be an email address',
      'contracts[1].entitlements.tam.phone: must be a phone number like +49 30 1234567',
      'contracts[1].entitlements.tam.chat: must be an https:// link',
      'contracts[1].entitlements.dedicatedAgent.chat: must be an https:// link',
      'contracts[1].escalation[0].severities: must list at least one severity',
      'contracts[1].escalation[0].trigger.percent: must be a whole percentage from 1 to 1000',
      'contracts[1].escalation[0].contacts: must list at least one contact',
      'contracts[1].escalation[1].trigger.type: must be one of "percent", "minutes", "breach"',
      'contracts[1].escalation[1].contacts[0].name: is required',
      'contracts[1].tiers: is not a known field',
    ]);
  });

  it('checks rules across fields', () => {
    expect(
      problems([
        base({
          term: { start: '2026-06-01', end: '2026-05-31' },
          onboarding: { start: '2025-01-01', end: '2027-03-01' },
          channels: ['email'],
          primaryChannel: 'phone',
          targets: {
            sev1: { firstResponse: { minutes: 30, basis: '24x7' }, resolution: { minutes: 240, basis: '24x7' } },
            sev2: { firstResponse: { minutes: 120, basis: 'business' } },
          },
          internalTargets: {
            sev1: { firstResponse: { minutes: 45, basis: '24x7' }, resolution: { minutes: 200, basis: 'business' } },
            sev2: { firstResponse: { minutes: 60, basis: '24x7' } },
            sev3: { firstResponse: { minutes: 60, basis: 'business' } },
          },
        }),
      ]),
    ).toEqual([
      'contracts[0].term.end: must not be before term.start (2026-06-01)',
      'contracts[0].onboarding.end: onboarding must not last more than a year',
      'contracts[0].onboarding.start: must not be more than 90 days before term.start (2026-06-01)',
      'contracts[0].onboarding.end: must not be after term.end (2026-05-31)',
      'contracts[0].internalTargets.sev1.firstResponse.minutes: must not exceed the contractual sev1 firstResponse target (30 minutes)',
      'contracts[0].internalTargets.sev1.resolution.basis: must be "24x7" like the contractual sev1 resolution target',
      'contracts[0].primaryChannel: must be one of the contract\'s channels (email)',
    ]);
    expect(problems([base({ onboarding: { start: '2026-03-01', end: '2026-02-01' } })])).toEqual([
      'contracts[0].onboarding.end: must not be before onboarding.start (2026-03-01)',
    ]);
  });

  it('prefixes calendar problems from business-time validation with the contract path', () => {
    const errs = problems([
      base({ calendar: { timezone: 'Mars/Olympus', weekly: { mon: [['18:00', '09:00']], tue: [['09:00', '12:00'], ['11:00', '13:00']] }, holidays: ['2026-13-01'] } }),
    ]);
    expect(errs.map((e) => e.split(': ')[0])).toEqual([
      'contracts[0].calendar.timezone',
      'contracts[0].calendar.weekly.mon[0]',
      'contracts[0].calendar.weekly.tue[1]',
      'contracts[0].calendar.holidays[0]',
    ]);
    expect(errs[0]).toContain('Mars/Olympus');
    expect(problems([base({ calendar: { timezone: 'UTC', weekly: {}, hours: 'x' } })])).toEqual([
      'contracts[0].calendar.hours: is not a known field',
    ]);
  });

  it('refuses ids, domains and external ids that belong to two contracts, naming both', () => {
    const errs = problems([
      base({ customer: { name: 'Acme', domains: ['acme.example'], externalIds: ['zendesk:1'] } }),
      base({ id: 'other', customer: { name: 'Other', domains: ['other.example'] } }),
      base({ customer: { name: 'Acme EU', domains: ['www.ACME.example', 'acme.example'], externalIds: ['ZENDESK:1'] } }),
    ]);
    expect(errs).toEqual([
      'contracts[2].id: "acme" is already the id of "Acme" (contracts[0])',
      'contracts[2].customer.domains[0]: "acme.example" is listed by both "Acme" (contracts[0]) and "Acme EU" (contracts[2])',
      'contracts[2].customer.externalIds[0]: "ZENDESK:1" is listed by both "Acme" (contracts[0]) and "Acme EU" (contracts[2])',
    ]);
  });

  it('never throws and always answers with paths and messages, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.constant(base()), fc.jsonValue())), (list) => {
        const r = validateContracts(list);
        if (!r.ok) for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
        else expect(r.contracts).toHaveLength(list.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateContractFile', () => {
  it('reads a bare array or {contracts} as version 1 and returns the full form', () => {
    for (const input of [[base()], { contracts: [base()] }]) {
      const r = validateContractFile(input);
      expect(r.ok && { format: r.file.format, version: r.file.version, n: r.file.contracts.length }).toEqual({
        format: 'sla-lens/contracts',
        version: 1,
        n: 1,
      });
    }
  });

  it('refuses newer versions, other formats and non-files, together with contract problems', () => {
    const r = validateContractFile({ format: 'other', version: 2, extra: true, contracts: [base({ tier: '' })] });
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'extra: is not a known field',
      'format: must be "sla-lens/contracts"',
      'version: 2 is newer than this version of SLA Lens reads (1); update the extension',
      'contracts[0].tier: must not be empty',
    ]);
    for (const input of ['text', 42, null, { contracts: 'x' }, {}]) expect(validateContractFile(input).ok).toBe(false);
  });
});
