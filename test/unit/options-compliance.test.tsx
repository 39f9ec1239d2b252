// The Compliance tab on a seeded breach log (real storage item through fakeBrowser).
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CompliancePanel } from '../../components/options/CompliancePanel';
import { saveBreachLog, type BreachLogEntry } from '../../lib/breach-log';
import { COMPLIANCE_CSV_COLUMNS } from '../../lib/compliance';
import { byText, change, click, mount, settle, type } from './options-dom';
import { fakeServices } from './options-services';

const NOW = new Date('2026-11-25T10:00:00Z'); // Wednesday

let n = 0;
function entry(at: string, over: Partial<BreachLogEntry> = {}): BreachLogEntry {
  const id = String(4000 + n++);
  return {
    id: `zendesk:acme.zendesk.com:${id}|firstResponse|contractual|${at}`,
    ticketKey: `zendesk:acme.zendesk.com:${id}`,
    helpdesk: 'zendesk',
    ticketId: id,
    url: `https://acme.zendesk.com/agent/tickets/${id}`,
    subject: 'Checkout returns 502',
    customer: 'Northwind Traders',
    contractId: 'northwind',
    severity: 'sev1',
    kind: 'firstResponse',
    tier: 'contractual',
    basis: '24x7',
    targetMinutes: 60,
    startedAt: at,
    dueAt: at,
    stoppedAt: at,
    at,
    outcome: 'met',
    marginMinutes: 10,
    loggedAt: at,
    ...over,
  };
}
const globex = { customer: 'Globex', contractId: 'globex', severity: 'sev2' as const, kind: 'resolution' as const };

const LOG: BreachLogEntry[] = [
  entry('2026-11-24T09:00:00Z'),
  entry('2026-11-10T09:00:00Z', { outcome: 'missed', marginMinutes: -90 }),
  entry('2026-10-01T09:00:00Z'),
  entry('2026-11-20T09:00:00Z', { ...globex, outcome: 'missed', marginMinutes: -30, ticketId: '5001', url: 'http://rt.globex.example/Ticket/Display.html?id=5001' }),
  entry('2026-11-03T09:00:00Z', { ...globex, outcome: 'missed', marginMinutes: -200, lowerBound: true, ticketId: '5002', url: 'https://acme.zendesk.com/agent/tickets/5002' }),
  entry('2026-11-18T09:00:00Z', { ...globex }),
  entry('2026-06-01T09:00:00Z', { customer: 'Contoso', contractId: 'contoso' }),
  entry('2026-11-19T09:00:00Z', { ...globex, tier: 'internal', outcome: 'missed', marginMinutes: -999 }),
];

const rowsOf = (root: ParentNode, heading: string) => {
  const table = root.querySelector(`table[aria-labelledby="${byText(root, 'h3', new RegExp(`^${heading}`))!.id}"]`)!;
  return [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
};

describe('options: Compliance tab', () => {
  let unmount: (() => void) | undefined;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => unmount?.());

  async function open(log = LOG) {
    await saveBreachLog(log);
    const f = fakeServices({
      now: NOW,
      reply: (msg) => (msg.type === 'log:clear' ? saveBreachLog([]).then(() => ({ ok: true, removed: log.length })) : undefined),
    });
    const m = mount(<CompliancePanel services={f.services} hour12={false} />);
    unmount = m.unmount;
    await settle();
    return { ...m, ...f };
  }

  it('reports the last 12 weeks per customer (lowest met % first) and per target, contractual targets only', async () => {
    const { root } = await open();
    expect((root.querySelector('#cmp-from') as HTMLInputElement).value).toBe('2026-09-07'); // Monday, 11 weeks before this week's
    expect((root.querySelector('#cmp-to') as HTMLInputElement).value).toBe('2026-11-25');
    const customers = rowsOf(root, 'By customer');
    expect(customers.map((r) => r.slice(0, 4))).toEqual([
      ['Globexglobex', '3', '1', '2'],
      ['Northwind Tradersnorthwind', '3', '2', '1'],
    ]);
    expect(customers[0]![4]).toBe('33.3 %');
    expect(customers[1]![4]).toBe('66.7 %');
    // Worst misses: the largest first, a lower bound marked, https links only (the http RT ticket stays text).
    const misses = root.querySelectorAll('table.report:not(.compact) tbody tr')[0]!.querySelectorAll('.misses li');
    expect([...misses].map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^#5002 ≥ 3h 20m late Sev 2 resolution · due /),
      expect.stringMatching(/^#5001 30m late Sev 2 resolution/),
    ]);
    expect(misses[0]!.querySelector('a')?.getAttribute('href')).toBe('https://acme.zendesk.com/agent/tickets/5002');
    expect(misses[1]!.querySelector('a')).toBeNull();
    expect(rowsOf(root, 'By target').map((r) => [r[0], r[1], r[4]])).toEqual([
      ['Sev 1 · First response', '3', '66.7 %'],
      ['Sev 2 · Resolution', '3', '33.3 %'],
    ]);
    expect(root.querySelector('.summary-cards')?.textContent).toMatch(/Met50 %3 of 6 outcomesMissed3.*Worst miss≥ 3h 20m late/);
  });

  it('draws the weekly trend as an SVG with a title, a text summary and the same figures as a table', async () => {
    const { root } = await open();
    const svg = root.querySelector('svg.trend-svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    const [titleId, descId] = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(svg.querySelector(`#${titleId}`)?.textContent).toBe('Met % per week, all customers');
    expect(svg.querySelector(`#${descId}`)?.textContent).toMatch(/^12 weeks from the week of .*: lowest 0 % \(week of .*\), highest 100 %, latest 100 % .*; 7 weeks without outcomes\.$/);
    // Weeks with outcomes become points; the line breaks around empty weeks.
    expect(svg.querySelectorAll('circle.dot')).toHaveLength(5);
    expect(svg.querySelectorAll('circle.dot.missed')).toHaveLength(3);
    const weeks = root.querySelectorAll('details.trend-figures tbody tr');
    expect(weeks).toHaveLength(12);
    expect([...weeks].map((tr) => tr.querySelector('td')!.textContent).join(',')).toBe('0,0,0,1,0,0,0,0,1,1,2,1');
  });

  it('filters by date range and exports exactly the rows shown as CSV', async () => {
    const { root, download } = await open();
    type(root.querySelector('#cmp-from'), '2026-11-15');
    expect((root.querySelector('#cmp-preset') as HTMLSelectElement).value).toBe('custom');
    expect(rowsOf(root, 'By customer').map((r) => [r[0], r[1], r[4]])).toEqual([
      ['Globexglobex', '2', '50 %'],
      ['Northwind Tradersnorthwind', '1', '100 %'],
    ]);
    click(byText(root, 'button', 'Export CSV'));
    expect(download).toHaveBeenCalledTimes(1);
    const [name, mime, text] = download.mock.calls[0]!;
    expect(name).toBe('sla-lens-compliance-2026-11-15-to-2026-11-25.csv');
    expect(mime).toBe('text/csv');
    const csv = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
    expect(csv[0]).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    const col = (name: string) => COMPLIANCE_CSV_COLUMNS.indexOf(name as (typeof COMPLIANCE_CSV_COLUMNS)[number]);
    expect(csv.slice(1).map((r) => [r[col('at')], r[col('outcome')], r[col('margin_minutes')], r[col('customer')], r[col('tier')]])).toEqual([
      ['2026-11-18T09:00:00Z', 'met', '10', 'Globex', 'contractual'],
      ['2026-11-20T09:00:00Z', 'missed', '-30', 'Globex', 'contractual'],
      ['2026-11-24T09:00:00Z', 'met', '10', 'Northwind Traders', 'contractual'],
    ]);

    // Internal targets on request; the whole log with "Everything logged".
    change(root.querySelector('#cmp-tier'), 'internal');
    expect(rowsOf(root, 'By customer').map((r) => [r[0], r[1], r[3]])).toEqual([['Globexglobex', '1', '1']]);
    change(root.querySelector('#cmp-tier'), 'contractual');
    change(root.querySelector('#cmp-preset'), 'all');
    expect(rowsOf(root, 'By customer').map((r) => r[0])).toEqual(['Globexglobex', 'Northwind Tradersnorthwind', 'Contosocontoso']);
  });

  it('refuses a range that ends before it starts', async () => {
    const { root } = await open();
    type(root.querySelector('#cmp-from'), '2026-11-30');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('The start date is after the end date.');
    expect(root.querySelector('#cmp-from')?.getAttribute('aria-invalid')).toBe('true');
    expect((byText(root, 'button', 'Export CSV') as HTMLButtonElement).disabled).toBe(true);
    expect(root.querySelector('table.report')).toBeNull();
  });

  it('clears the log through the background after a confirmation, then shows the empty state', async () => {
    const { root, background } = await open();
    click(byText(root, 'button', 'Clear log…'));
    expect(background).not.toHaveBeenCalledWith({ type: 'log:clear' });
    expect(root.querySelector('[role="alertdialog"]')?.textContent).toMatch(/Delete all 8 logged outcomes/);
    click(byText(root, 'button', 'Delete all outcomes'));
    await settle();
    expect(background).toHaveBeenCalledWith({ type: 'log:clear' });
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Cleared the breach log (8 outcomes).');
    expect(root.querySelector('.empty-state')?.textContent).toMatch(/No outcomes logged yet/);
    expect((byText(root, 'button', 'Clear log…') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when the period has no outcomes', async () => {
    const { root } = await open([entry('2026-03-01T09:00:00Z')]);
    expect(root.querySelector('.empty-state')?.textContent).toMatch(/No outcomes in this period/);
    change(root.querySelector('#cmp-preset'), 'all');
    expect(rowsOf(root, 'By customer')).toHaveLength(1);
  });
});
