import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { BreachLogEntry } from '../../lib/breach-log';
import { complianceCsv, complianceReport, filterLog, trendSegments } from '../../lib/compliance';

let n = 0;
const e = (atIso: string, over: Partial<BreachLogEntry> = {}): BreachLogEntry => ({
  id: `e${n++}`,
  ticketKey: 'zendesk:acme.zendesk.com:1',
  helpdesk: 'zendesk',
  ticketId: '1',
  url: 'https://acme.zendesk.com/agent/tickets/1',
  customer: 'Northwind Traders',
  contractId: 'northwind',
  severity: 'sev1',
  kind: 'firstResponse',
  tier: 'contractual',
  basis: '24x7',
  targetMinutes: 15,
  startedAt: atIso,
  dueAt: atIso,
  stoppedAt: atIso,
  at: atIso,
  outcome: 'met',
  marginMinutes: 5,
  loggedAt: atIso,
  ...over,
});

const missed = (atIso: string, margin: number, over: Partial<BreachLogEntry> = {}) => e(atIso, { outcome: 'missed', marginMinutes: margin, ...over });

// Weeks of 2026-11-09, 11-16, 11-23 (Mondays). 2026-11-22T23:30Z is Monday 00:30 in Berlin.
const log: BreachLogEntry[] = [
  e('2026-11-10T09:00:00Z'),
  missed('2026-11-11T09:00:00Z', -30),
  e('2026-11-17T09:00:00Z', { kind: 'resolution' }),
  e('2026-11-22T23:30:00Z'),
  missed('2026-11-24T09:00:00Z', -120, { kind: 'resolution' }),
  e('2026-11-12T09:00:00Z', { customer: 'Globex', contractId: 'globex', severity: 'sev2' }),
  missed('2026-11-25T09:00:00Z', -5, { customer: 'Globex', contractId: 'globex', severity: 'sev2' }),
  missed('2026-11-13T09:00:00Z', -999, { tier: 'internal' }),
];

describe('compliance report', () => {
  const r = complianceReport(log, {}, { timeZone: 'Europe/Berlin' });

  it('counts met % overall, leaving internal targets out by default', () => {
    expect(r.overall).toMatchObject({ total: 7, met: 4, missed: 3, metPercent: 57.1 });
    expect(r.overall.worstMisses.map((x) => x.marginMinutes)).toEqual([-120, -30, -5]);
    expect(complianceReport(log, { tier: 'all' }, { timeZone: 'UTC' }).overall.total).toBe(8);
    expect(complianceReport(log, { tier: 'internal' }, { timeZone: 'UTC' }).overall.worstMisses[0]!.marginMinutes).toBe(-999);
  });

  it('groups per customer, lowest met % first, and per severity and target', () => {
    expect(r.byCustomer.map((c) => [c.customer, c.total, c.metPercent])).toEqual([
      ['Globex', 2, 50],
      ['Northwind Traders', 5, 60],
    ]);
    expect(r.byTarget.map((t) => [t.severity, t.kind, t.met, t.missed])).toEqual([
      ['sev1', 'firstResponse', 2, 1],
      ['sev1', 'resolution', 1, 1],
      ['sev2', 'firstResponse', 1, 1],
    ]);
  });

  it('builds a weekly trend in the agent zone, empty weeks included', () => {
    expect(r.weeks).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(r.overall.trend.map((w) => [w.weekStart, w.met, w.missed])).toEqual([
      ['2026-11-09', 2, 1],
      ['2026-11-16', 1, 0],
      ['2026-11-23', 1, 2],
    ]);
    // In UTC the Sunday-night outcome belongs to the week before.
    const utc = complianceReport(log, {}, { timeZone: 'UTC' });
    expect(utc.overall.trend.map((w) => w.met)).toEqual([2, 2, 0]);
    const globex = r.byCustomer[0]!.trend;
    expect(globex.map((w) => w.metPercent)).toEqual([100, null, 0]);
  });

  it('filters by date range (from inclusive, to exclusive) and by contract', () => {
    const f = { from: new Date('2026-11-16T00:00:00+01:00'), to: new Date('2026-11-23T00:00:00+01:00') };
    expect(filterLog(log, f).map((x) => x.at)).toEqual(['2026-11-17T09:00:00Z']);
    const ranged = complianceReport(log, { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-17T00:00:00Z') }, { timeZone: 'Europe/Berlin' });
    expect(ranged.weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(ranged.overall.trend[0]!.metPercent).toBeNull();
    expect(complianceReport(log, { contractId: 'globex' }, { timeZone: 'UTC' }).overall.total).toBe(2);
  });

  it('draws the trend as polyline segments broken at empty weeks', () => {
    const segs = trendSegments(
      [
        { weekStart: 'a', total: 1, met: 1, missed: 0, metPercent: 100 },
        { weekStart: 'b', total: 2, met: 1, missed: 1, metPercent: 50 },
        { weekStart: 'c', total: 0, met: 0, missed: 0, metPercent: null },
        { weekStart: 'd', total: 1, met: 0, missed: 1, metPercent: 0 },
      ],
      300,
      100,
    );
    expect(segs).toEqual(['0,0 100,50', '300,100']);
  });
});

describe('compliance CSV', () => {
  it('writes one row per outcome, oldest first, numbers as numbers and formula-like text defused', () => {
    const csv = complianceCsv([missed('2026-11-24T09:00:00Z', -120.26, { subject: '=HYPERLINK("http://evil")', customer: '@Acme' }), e('2026-11-10T09:00:00Z')]);
    const rows = Papa.parse<string[]>(csv.trim()).data;
    const header = rows[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(rows).toHaveLength(3);
    expect(col(rows[1]!, 'at')).toBe('2026-11-10T09:00:00Z');
    expect(col(rows[2]!, 'outcome')).toBe('missed');
    expect(col(rows[2]!, 'margin_minutes')).toBe('-120.3');
    expect(col(rows[2]!, 'subject')).toBe(`'=HYPERLINK("http://evil")`);
    expect(col(rows[2]!, 'customer')).toBe(`'@Acme`);
    expect(col(rows[2]!, 'url')).toBe('https://acme.zendesk.com/agent/tickets/1');
  });
});
