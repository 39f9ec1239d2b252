import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAUSING_STATUSES, isPausingStatus, severityFor } from '../../lib/contracts/defaults';
import type { Contract } from '../../lib/contracts/model';
import { termStatus } from '../../lib/contracts/status';

const sample: Contract[] = JSON.parse(readFileSync('test/demo/sample-contracts.json', 'utf8')).contracts;
const byId = (id: string) => sample.find((c) => c.id === id)!;
const demoDay = new Date('2026-11-21T09:00:00Z');

describe('termStatus', () => {
  it('places the sample contracts on the demo day', () => {
    expect(sample.map((c) => [c.id, termStatus(c, demoDay)])).toEqual([
      ['northwind-enterprise', { state: 'active', daysLeft: 771, onboarding: false, today: '2026-11-21' }],
      ['contoso-premium', { state: 'active', daysLeft: 221, onboarding: false, today: '2026-11-21' }],
      ['globex-standard', { state: 'active', daysLeft: 99, onboarding: false, today: '2026-11-21' }],
      ['initech-jp', { state: 'active', daysLeft: 1044, onboarding: true, today: '2026-11-21' }],
      ['tailspin-standard', { state: 'expiring', daysLeft: 24, onboarding: false, today: '2026-11-21' }],
    ]);
  });

  it('keeps the Tokyo contract in onboarding until the end of June 2027 and the Sydney one ending mid-December', () => {
    const initech = byId('initech-jp');
    expect(termStatus(initech, new Date('2027-06-30T14:59:00Z')).onboarding).toBe(true); // 23:59 in Tokyo
    expect(termStatus(initech, new Date('2027-06-30T15:00:00Z')).onboarding).toBe(false); // 1 July in Tokyo
    const tailspin = byId('tailspin-standard');
    // Sydney is on daylight time (UTC+11) in December.
    expect(termStatus(tailspin, new Date('2026-12-15T12:59:00Z'))).toMatchObject({ state: 'expiring', daysLeft: 0 });
    expect(termStatus(tailspin, new Date('2026-12-15T13:00:00Z'))).toMatchObject({ state: 'expired', daysLeft: -1 });
  });

  it('judges the day in the contract zone, not the agent zone', () => {
    const c = (timezone: string): Contract => ({ ...byId('tailspin-standard'), calendar: { ...byId('tailspin-standard').calendar, timezone } });
    const at = new Date('2026-12-15T15:30:00Z'); // 16 Dec 00:30 in Tokyo, 15 Dec 16:30 in Berlin
    expect(termStatus(c('Asia/Tokyo'), at)).toMatchObject({ state: 'expired', daysLeft: -1, today: '2026-12-16' });
    expect(termStatus(c('Europe/Berlin'), at)).toMatchObject({ state: 'expiring', daysLeft: 0, today: '2026-12-15' });
  });

  it('reports contracts that have not started, and honours the expiring window', () => {
    const c = { ...byId('globex-standard'), term: { start: '2026-12-01', end: '2027-11-30' } };
    expect(termStatus(c, demoDay)).toEqual({ state: 'notStarted', daysLeft: 374, daysToStart: 10, onboarding: false, today: '2026-11-21' });
    expect(termStatus(byId('tailspin-standard'), demoDay, 20).state).toBe('active');
    expect(termStatus(byId('tailspin-standard'), demoDay, 24).state).toBe('expiring');
  });
});

describe('severityFor', () => {
  it('maps common helpdesk priority labels by default', () => {
    const cases: [string, string, string | null][] = [
      ['zendesk', 'Urgent', 'sev1'],
      ['zendesk', 'normal', 'sev3'],
      ['freshdesk', ' Medium ', 'sev3'],
      ['jira', 'Highest', 'sev1'],
      ['jira', 'Lowest', 'sev4'],
      ['servicenow', '1 - Critical', 'sev1'],
      ['servicenow', '3  -  Moderate', 'sev3'],
      ['servicenow', '5', 'sev4'],
      ['request-tracker', 'High', 'sev2'],
      ['hubspot', 'URGENT', 'sev1'],
      ['zammad', '3 high', 'sev2'],
      ['osticket', 'Emergency', 'sev1'],
      ['front', 'P2', 'sev2'],
      ['intercom', 'Sev 3', 'sev3'],
      ['gorgias', 'severity-4', 'sev4'],
      ['zendesk', 'whenever', null],
      ['zendesk', '   ', null],
      ['zendesk', '5', null],
    ];
    for (const [hd, label, want] of cases) expect(severityFor(null, hd, label)?.severity ?? null, `${hd} ${label}`).toBe(want);
    expect(severityFor(null, 'zendesk', 'urgent')?.source).toBe('default');
  });

  it('lets a contract override the defaults, the helpdesk map before its "*" map', () => {
    const initech = byId('initech-jp');
    expect(severityFor(initech, 'servicenow', '4 - low')).toEqual({ severity: 'sev3', source: 'contract' });
    expect(severityFor(initech, 'zendesk', 'SEV 2')).toEqual({ severity: 'sev2', source: 'contract' });
    expect(severityFor(initech, 'zendesk', 'Low')).toEqual({ severity: 'sev4', source: 'default' });
    const c = { severityMap: { '*': { high: 'sev1' as const }, jira: { high: 'sev3' as const } } };
    expect(severityFor(c, 'jira', 'High')?.severity).toBe('sev3');
    expect(severityFor(c, 'zendesk', 'High')?.severity).toBe('sev1');
  });
});

describe('isPausingStatus', () => {
  it('knows the waiting statuses of each helpdesk', () => {
    const yes: [string, string][] = [
      ['zendesk', 'Pending'], ['zendesk', 'On-hold'], ['freshdesk', 'Waiting on Third Party'], ['jira', 'Waiting for customer'],
      ['servicenow', 'Awaiting Caller'], ['servicenow', 'On Hold'], ['request-tracker', 'stalled'], ['zammad', 'pending reminder'],
      ['freescout', 'Pending'], ['help-scout', 'pending'], ['hubspot', 'Waiting on contact'], ['some-new-desk', 'On hold'],
    ];
    const no: [string, string][] = [['zendesk', 'Open'], ['zendesk', 'Solved'], ['request-tracker', 'pending'], ['jira', 'Waiting for support'], ['servicenow', 'In Progress'], ['zendesk', '']];
    for (const [hd, s] of yes) expect(isPausingStatus(null, hd, s), `${hd} ${s}`).toBe(true);
    for (const [hd, s] of no) expect(isPausingStatus(null, hd, s), `${hd} ${s}`).toBe(false);
  });

  it('replaces the defaults with the contract list for that helpdesk', () => {
    const northwind = byId('northwind-enterprise');
    expect(isPausingStatus(northwind, 'jira', 'waiting for partner')).toBe(true);
    const c = { pausingStatuses: { zendesk: ['pending'], '*': ['parked'] } };
    expect(isPausingStatus(c, 'zendesk', 'on-hold')).toBe(false);
    expect(isPausingStatus(c, 'zendesk', 'Pending')).toBe(true);
    expect(isPausingStatus(c, 'freshdesk', 'Pending')).toBe(false);
    expect(isPausingStatus(c, 'freshdesk', 'Parked')).toBe(true);
    expect(DEFAULT_PAUSING_STATUSES.freshdesk).toContain('waiting on customer');
  });
});
