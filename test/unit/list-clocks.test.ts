// Plans and views of list badges (lib/list/clocks.ts) on the Zendesk view fixture with the E2E contracts,
// against values worked out by hand. Northwind: Mon–Fri 08:00–18:00 Europe/Berlin (UTC+1 in November);
// sev1 24x7 FR 30 / resolution 480; sev2 business FR 60 / resolution 1440. Wingtip: Mon–Fri 08:00–17:00
// America/Los_Angeles (UTC−8), sev3 FR 480 business. 2026-11-23 is a Monday.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../lib/contracts/model';
import { labelFor, planRow, rowSlaClocks, viewAt, type PlanContext, type RowPlan } from '../../lib/list/clocks';
import { computeSla } from '../../lib/sla';
import { listReaderFor } from '../../lib/list/index';
import type { ListRow } from '../../lib/list/types';
import { watchMapFromReply } from '../../lib/list/watch';
import type { WatchListItem } from '../../lib/watch/schedule';
import { loadFixture } from './adapters/fixtures';
import { engines, fixtureContracts, watchItem, watchReply } from './list-fixtures';

const contracts = fixtureContracts();
const index = engines.buildIndex(contracts);
const NOW = new Date('2026-11-23T09:00:00Z'); // Mon 10:00 Berlin
const at = (iso: string) => Date.parse(iso);
const BERLIN = { hour12: false, timeZone: 'Europe/Berlin' } as const;

const fixture = loadFixture('zendesk', 'not-ticket-list');
const rows = listReaderFor(fixture.url)!.readRows(fixture.doc, fixture.url);
const row = (id: string): ListRow => rows.find((r) => r.ticketId === id)!;

function ctx(watch: WatchListItem[] = [], now = NOW): PlanContext {
  return {
    helpdesk: 'zendesk', index, contractsById: new Map(contracts.map((c) => [c.id, c])), watch: watchMapFromReply(watchReply(watch)),
    host: 'acme.zendesk.com', warnPercent: 75, engines, now,
  };
}
const plan = (id: string, watch: WatchListItem[] = []) => planRow(row(id), ctx(watch));
const view = (p: RowPlan | null, iso = NOW.toISOString()) => {
  const v = viewAt(p!, at(iso))!;
  return { state: v.state, text: v.text, kind: v.clock.kind };
};

describe('rowSlaClocks', () => {
  const DAY = 86_400_000;
  const northwind = contracts.find((c) => c.id === 'northwind-enterprise')!;
  const odd: Contract[] = [
    { ...northwind, id: 'bad-calendar', calendar: { timezone: 'Mars/Olympus', weekly: { mon: [['09:00', '17:00']] } } },
    { ...northwind, id: 'bad-target', targets: { sev2: { resolution: { minutes: -5, basis: 'business' }, firstResponse: { minutes: 60, basis: 'fortnightly' as 'business' } } } },
    { ...northwind, id: 'own-maps', severityMap: { zendesk: { normal: 'sev2' } }, pausingStatuses: { '*': ['open'] }, warnPercent: 50 },
  ];

  it("equals computeSla's first-response and resolution clocks for what a row shows (no replies, no history)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...contracts, ...odd),
        fc.constantFrom('zendesk', 'freshdesk', 'jira', 'request-tracker'),
        fc.constantFrom('Urgent', 'High', 'Normal', 'Low', 'Highest', 'P2', 'whatever', undefined),
        fc.constantFrom('Open', 'New', 'new', 'Pending', 'On-hold', 'stalled', 'Waiting for customer', 'Solved', 'Closed', 'resolved', undefined),
        fc.integer({ min: 0, max: 21 * DAY }),
        fc.integer({ min: -10 * DAY, max: DAY }),
        fc.integer({ min: 1, max: 99 }),
        (contract, helpdesk, priority, status, nowOffset, createdOffset, warn) => {
          const now = new Date(Date.parse('2026-11-09T00:00:00Z') + nowOffset);
          const snapshot = { helpdesk, ticketId: '1', priority, status, createdAt: new Date(now.getTime() + createdOffset) };
          const expected = computeSla(snapshot, contract, now, { warnPercent: warn })
            .clocks.filter((c) => c.kind !== 'updateCadence')
            .map((c) => ({ kind: c.kind, contractual: c.contractual, paused: c.paused }));
          expect(rowSlaClocks(snapshot, contract, now, warn / 100)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('from the row itself', () => {
  it('sev2 business resolution: due Tue 13:00 Berlin (Fri 540 + Mon 600 + Tue 300 minutes)', () => {
    const p = plan('4711');
    expect(p?.customer).toBe('Northwind Traders');
    // Open (not new): no first-response clock from a row that cannot know about replies.
    expect(p?.clocks.map((c) => [c.kind, c.dueAt && new Date(c.dueAt).toISOString(), c.from])).toEqual([
      ['resolution', '2026-11-24T12:00:00.000Z', 'row'],
    ]);
    const v = viewAt(p!, NOW.getTime())!;
    expect([v.state, v.text]).toEqual(['running', '13h 00m']);
    expect(labelFor(p!, v, NOW.getTime(), BERLIN)).toBe('Northwind Traders · Resolution: running, 13h 00m left, due Tue 13:00');
  });

  it('moves on with business time: at risk at 75 %, frozen overnight, overdue after the due instant', () => {
    const p = plan('4711');
    expect(view(p, '2026-11-23T15:59:00Z')).toEqual({ state: 'running', text: '6h 01m', kind: 'resolution' });
    // 360 minutes left = 75 % used.
    expect(view(p, '2026-11-23T16:00:30Z')).toEqual({ state: 'atRisk', text: '6h 00m', kind: 'resolution' });
    expect(view(p, '2026-11-23T17:30:00Z')).toEqual({ state: 'atRisk', text: '5h 00m', kind: 'resolution' });
    expect(view(p, '2026-11-24T06:59:00Z')).toEqual({ state: 'atRisk', text: '5h 00m', kind: 'resolution' });
    expect(view(p, '2026-11-24T12:00:30Z')).toEqual({ state: 'breached', text: 'overdue 1m', kind: 'resolution' });
    expect(view(p, '2026-11-24T17:30:00Z')).toEqual({ state: 'breached', text: 'overdue 5h 00m', kind: 'resolution' });
  });

  it('says when the view changes next: the next shown minute, the at-risk threshold, the next opening', () => {
    const p = plan('4711')!;
    // 13h 00m left exactly: "12h 59m" once a whole business minute has passed (a partial minute shows as whole).
    expect(viewAt(p, NOW.getTime())!.nextAt).toBe(at('2026-11-23T09:01:00.100Z'));
    expect(viewAt(p, at('2026-11-23T09:00:20Z'))!.nextAt).toBe(at('2026-11-23T09:01:00.100Z'));
    // After closing: nothing moves until Tuesday's opening (plus the minute to show).
    expect(viewAt(p, at('2026-11-23T17:30:00Z'))!.nextAt).toBe(at('2026-11-24T07:01:00.100Z'));
    // Overdue by exactly 5h at closing: the count goes on at the next opening.
    expect(viewAt(p, at('2026-11-24T17:30:00Z'))!.nextAt).toBe(at('2026-11-25T07:00:00.100Z'));
  });

  it('sev1 24x7 while new: first response and resolution both overdue; the earlier due shows', () => {
    const p = plan('4712')!;
    expect(p.clocks.map((c) => [c.kind, new Date(c.dueAt!).toISOString()])).toEqual([
      ['firstResponse', '2026-11-21T23:00:00.000Z'],
      ['resolution', '2026-11-22T06:30:00.000Z'],
    ]);
    const v = viewAt(p, NOW.getTime())!;
    expect([v.state, v.text, v.clock.kind]).toEqual(['breached', 'overdue 34h 00m', 'firstResponse']);
    expect(labelFor(p, v, NOW.getTime(), { hour12: false, timeZone: 'UTC' })).toBe('Northwind Traders · First response: overdue by 34h 00m, was due Sat 23:00');
  });

  it('pending pauses resolution; solved stops it (met: resolved now, before the due)', () => {
    expect(view(plan('4713'))).toEqual({ state: 'paused', text: 'paused', kind: 'resolution' });
    expect(viewAt(plan('4713')!, NOW.getTime())!.nextAt).toBe(Infinity);
    expect(view(plan('4714'))).toEqual({ state: 'met', text: 'met', kind: 'resolution' });
  });

  it('no badge without a contract, a priority, or a clock the row can tell', () => {
    expect(plan('4715')).toBeNull(); // Wingtip (alias) sev3 has only a first-response target, and the ticket is not new
    expect(plan('4716')).toBeNull(); // Fabrikam: no contract
    expect(plan('4717')).toBeNull(); // no priority
  });

  it('uses a contract that expired, and says so', () => {
    const expired = contracts.map((c) => (c.id === 'northwind-enterprise' ? { ...c, term: { ...c.term, end: '2026-10-31' } } : c));
    const p = planRow(row('4711'), { ...ctx(), index: engines.buildIndex(expired) })!;
    expect(p.note).toBe('contract expired');
    expect(labelFor(p, viewAt(p, NOW.getTime())!, NOW.getTime(), BERLIN)).toMatch(/ · contract expired$/);
  });

  it('an ambiguous match shows nothing rather than a guess', () => {
    const twin = { ...contracts[0]!, id: 'northwind-twin' };
    expect(planRow(row('4711'), { ...ctx(), index: engines.buildIndex([...contracts, twin]) })).toBeNull();
  });
});

describe('from the watch store', () => {
  const key = (id: string) => `zendesk:acme.zendesk.com:${id}`;

  it('a row the page cannot compute: the watched clock, counted on its contract calendar', () => {
    const w = watchItem({
      key: key('4715'), urgency: 'running', kind: 'firstResponse', dueAt: '2026-11-23T20:00:00.000Z',
      contractId: 'wingtip-standard', severity: 'sev3', customer: 'Wingtip Toys',
    });
    const p = plan('4715', [w])!;
    // Mon 01:00 in Los Angeles: 240 business minutes (08:00–12:00) to the due.
    const v = viewAt(p, NOW.getTime())!;
    expect([v.state, v.text]).toEqual(['running', '4h 00m']);
    expect(v.nextAt).toBe(at('2026-11-23T16:01:00.100Z'));
    expect(labelFor(p, v, NOW.getTime(), BERLIN)).toBe('Wingtip Toys · First response: running, 4h 00m left, due 21:00 (as of the last time the ticket was open)');
    // 120 left = 75 % of 480 used.
    expect(view(p, '2026-11-23T18:00:30Z')).toEqual({ state: 'atRisk', text: '2h 00m', kind: 'firstResponse' });
  });

  it('knows replies the row cannot: its first-response clock joins the row\'s resolution and wins as the most urgent', () => {
    const w = watchItem({
      key: key('4711'), urgency: 'breached', kind: 'firstResponse', dueAt: '2026-11-20T09:00:00.000Z',
      contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders',
    });
    const p = plan('4711', [w])!;
    expect(p.clocks.map((c) => [c.kind, c.from])).toEqual([['firstResponse', 'watch'], ['resolution', 'row']]);
    // Fri 10:00–18:00 + Mon 08:00–10:00 Berlin.
    expect(view(p)).toEqual({ state: 'breached', text: 'overdue 10h 00m', kind: 'firstResponse' });
  });

  it('wins over the row for its own kind (it knows past pauses)', () => {
    const w = watchItem({
      key: key('4711'), urgency: 'running', kind: 'resolution', dueAt: '2026-11-24T15:00:00.000Z',
      contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders',
    });
    const p = plan('4711', [w])!;
    expect(p.clocks.map((c) => [c.kind, c.from])).toEqual([['resolution', 'watch']]);
    expect(view(p)).toEqual({ state: 'running', text: '16h 00m', kind: 'resolution' });
  });

  it('loses to a row that shows the ticket resolved since; a stale "closed" loses to a row that shows it open', () => {
    const live = watchItem({ key: key('4714'), urgency: 'breached', kind: 'updateCadence', dueAt: '2026-11-20T16:00:00.000Z', contractId: 'northwind-enterprise', severity: 'sev2' });
    expect(view(plan('4714', [live]))).toEqual({ state: 'met', text: 'met', kind: 'resolution' });
    const closed = watchItem({ key: key('4717'), urgency: 'closed', contractId: 'northwind-enterprise' });
    expect(plan('4717', [closed])).toBeNull();
    expect(plan('4716', [watchItem({ key: key('4716'), urgency: 'closed', contractId: 'contoso-premium' })])).toBeNull();
  });

  it('paused and closed entries show as such; entries of another host or helpdesk do not apply', () => {
    const paused = watchItem({ key: key('4717'), urgency: 'paused', kind: 'resolution', contractId: 'northwind-enterprise', severity: 'sev2', customer: 'Northwind Traders' });
    expect(view(plan('4717', [paused]))).toEqual({ state: 'paused', text: 'paused', kind: 'resolution' });
    const closedRow: ListRow = { ...row('4716'), status: undefined };
    const closed = watchItem({ key: key('4716'), urgency: 'closed', contractId: 'contoso-premium', customer: 'Contoso Ltd' });
    expect(view(planRow(closedRow, ctx([closed])))).toEqual({ state: 'closed', text: 'closed', kind: null });
    const elsewhere = { ...paused, key: 'zendesk:other.zendesk.com:4717' };
    const otherDesk = { ...paused, key: 'freshdesk:acme.zendesk.com:4717' };
    expect(plan('4717', [elsewhere, otherDesk])).toBeNull();
  });

  it('keeps only well-formed entries of the reply', () => {
    const good = watchItem({ key: key('1'), urgency: 'running', kind: 'resolution', dueAt: '2026-11-24T12:00:00.000Z', contractId: 'c' });
    const map = watchMapFromReply({
      ok: true,
      items: [good, { ...good, key: key('2'), urgency: 'exploded' }, { ...good, key: key('3'), dueAt: 'soon' }, null, 7, { ...good, key: '' }],
    });
    expect([...map.keys()]).toEqual([key('1'), key('3')]);
    expect(map.get(key('3'))?.dueAt).toBeNull();
    expect(watchMapFromReply({ ok: false, error: 'x' }).size).toBe(0);
    expect(watchMapFromReply(undefined).size).toBe(0);
  });
});
