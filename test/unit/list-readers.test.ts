// Row readers of ticket lists (lib/list/<helpdesk>.ts) on the list fixtures, URL tables both ways,
// decoys (group rows, hidden panes, filter panels), and the markup variants the fixtures do not carry.
import { describe, expect, it } from 'vitest';
import { LIST_READERS, listReaderFor } from '../../lib/list/index';
import type { ListRow } from '../../lib/list/types';
import { listDate } from '../../lib/list/dom';
import { loadFixture, parseHtml } from './adapters/fixtures';

/** The row without its elements, plus what identifies the slot. */
const plain = ({ rowEl: _r, slot, ...rest }: ListRow) => ({ ...rest, slot: slot.getAttribute('data-test-id') || slot.className || slot.tagName });

const read = (helpdesk: string, name = 'not-ticket-list') => {
  const f = loadFixture(helpdesk, name);
  const reader = listReaderFor(f.url);
  expect(reader?.id).toBe(helpdesk);
  return { rows: reader!.readRows(f.doc, f.url), f };
};

describe('URLs', () => {
  const LISTS: [string, string][] = [
    ['https://acme.zendesk.com/agent/filters/360012345', 'zendesk'],
    ['https://acme.zendesk.com/agent/filters/1/', 'zendesk'],
    ['https://northwind.freshdesk.com/a/tickets', 'freshdesk'],
    ['https://northwind.freshdesk.com/a/tickets/filters/all_tickets', 'freshdesk'],
    ['https://northwind.freshdesk.com/a/tickets/view/1000044125', 'freshdesk'],
    ['https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1', 'jira'],
    ['https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1/SUP-42', 'jira'],
    ['https://jira.northwind.example/servicedesk/projects/SUP/queues/custom/7', 'jira'],
    ["https://rt.northwind.example/rt/Search/Results.html?Query=Queue%3D'Support'", 'request-tracker'],
    ['http://127.0.0.1:8080/Search/Results.html', 'request-tracker'],
  ];
  it.each(LISTS)('%s is a %s list', (u, id) => expect(listReaderFor(new URL(u))?.id).toBe(id));

  const NOT_LISTS = [
    'https://acme.zendesk.com/agent/tickets/4711',
    'https://acme.zendesk.com/agent/dashboard',
    'https://acme.example.com/agent/filters/1', // not a Zendesk host
    'https://northwind.freshdesk.com/a/tickets/5101',
    'https://northwind.freshdesk.com/a/dashboard/default',
    'https://northwind.atlassian.net/browse/SUP-42',
    'https://northwind.atlassian.net/jira/software/projects/SUP/boards/1',
    'https://rt.northwind.example/rt/Ticket/Display.html?id=4',
    'https://rt.northwind.example/rt/Search/Build.html',
    'https://www.example.com/',
  ];
  it.each(NOT_LISTS)('%s is no list', (u) => expect(listReaderFor(new URL(u))).toBeUndefined());

  it('never throws for a broken matcher', () => {
    const saved = LIST_READERS[0]!.matches;
    (LIST_READERS[0] as { matches: (u: URL) => boolean }).matches = () => {
      throw new Error('boom');
    };
    try {
      expect(listReaderFor(new URL('https://northwind.freshdesk.com/a/tickets'))?.id).toBe('freshdesk');
    } finally {
      (LIST_READERS[0] as { matches: (u: URL) => boolean }).matches = saved;
    }
  });
});

describe('zendesk view', () => {
  it('reads every ticket row of the shown table: not group rows, not the view kept mounted behind', () => {
    const { rows } = read('zendesk');
    const slot = 'generic-table-cells-id';
    const base = { organization: 'Northwind Traders', slot };
    expect(rows.map(plain)).toEqual([
      { ...base, ticketId: '4711', requesterName: 'Jane Doe', priority: 'High', status: 'Open', createdAt: new Date('2026-11-20T08:00:00Z') },
      { ...base, ticketId: '4712', requesterName: 'Max Mustermann', priority: 'Urgent', status: 'New', createdAt: new Date('2026-11-21T22:30:00Z') },
      // The badge's category (pending), not the custom status name the cell shows.
      { ...base, ticketId: '4713', requesterName: 'Jane Doe', priority: 'High', status: 'Pending', createdAt: new Date('2026-11-19T10:00:00Z') },
      { ...base, ticketId: '4714', requesterName: 'Lena Berg', priority: 'High', status: 'Solved', createdAt: new Date('2026-11-20T12:00:00Z') },
      { slot, ticketId: '4715', requesterName: 'Olivia Chen', priority: 'Normal', status: 'Open', createdAt: new Date('2026-11-21T17:00:00Z') },
      { slot, ticketId: '4716', requesterName: 'Sam Smith', organization: 'Fabrikam', priority: 'Normal', status: 'Open', createdAt: new Date('2026-11-21T09:00:00Z') },
      // "-" in the priority cell is a placeholder, "In escalation (vendor)" is an on-hold custom status.
      { ...base, ticketId: '4717', requesterName: 'Ken Ito', status: 'On-hold', createdAt: new Date('2026-11-18T08:30:00Z') },
    ]);
    for (const r of rows) expect(r.rowEl.getAttribute('data-test-id')).toBe('generic-table-row');
  });

  it('finds columns by header, wherever the view puts them', () => {
    const { f } = read('zendesk');
    const table = f.doc.querySelector('main table')!;
    // Move the Priority column to the front (header and cells alike).
    const headRow = table.querySelector('thead tr')!;
    headRow.prepend(headRow.children[10]!);
    for (const tr of table.querySelectorAll('tbody tr[data-test-id="generic-table-row"]')) tr.prepend(tr.children[10]!);
    const rows = listReaderFor(f.url)!.readRows(f.doc, f.url);
    expect(rows.map((r) => r.priority)).toEqual(['High', 'Urgent', 'High', 'High', 'Normal', 'Normal', undefined]);
  });

  it('takes the ticket id from the subject link when the id column is hidden', () => {
    const { f } = read('zendesk');
    for (const td of f.doc.querySelectorAll('[data-test-id="generic-table-cells-id"]')) td.remove();
    const rows = listReaderFor(f.url)!.readRows(f.doc, f.url);
    expect(rows.map((r) => r.ticketId)).toEqual(['4711', '4712', '4713', '4714', '4715', '4716', '4717']);
    expect(rows[0]!.slot.getAttribute('data-test-id')).toBe('ticket-table-cells-subject');
  });
});

describe('freshdesk list', () => {
  it('reads the cards: contact, company from the info line, priority and status from the dropdowns', () => {
    const { rows } = read('freshdesk');
    const slot = 'ticket-title-row';
    expect(rows.map(plain)).toEqual([
      { slot, ticketId: '5101', requesterName: 'Ravi Patel', organization: 'Contoso Ltd', priority: 'High', status: 'Open' },
      { slot, ticketId: '5102', requesterName: 'Jane Doe', organization: 'Northwind Traders', priority: 'Urgent', status: 'Open' },
      { slot, ticketId: '5103', requesterName: 'Olivia Chen', organization: 'Wingtip Toys', priority: 'Low', status: 'Pending' },
      { slot, ticketId: '5104', requesterName: 'Sam Smith', organization: 'Fabrikam', priority: 'Medium', status: 'Open' },
    ]);
    // Relative "Created: 2 days ago" is no created time.
    expect(rows.every((r) => r.createdAt === undefined)).toBe(true);
    for (const r of rows) expect(r.rowEl.className).toBe('tickets__list');
  });

  it('reads the table view by header test ids', () => {
    const doc = parseHtml(`<table><thead><tr>
        <th></th><th><span data-test-id="ticket-table-view-header-subject">Subject</span></th>
        <th><span data-test-id="ticket-table-view-header-contact">Kontakt</span></th>
        <th><span data-test-id="ticket-table-view-header-company">Firma</span></th>
        <th><span data-test-id="ticket-table-view-header-priority">Priorität</span></th>
        <th><span data-test-id="ticket-table-view-header-status">Status</span></th>
        <th>State</th></tr></thead>
      <tbody><tr data-test-id="ticket-row-5101" class="lt-row">
        <td><input type="checkbox"></td>
        <td><a data-test-id="ticket-subject-link-5101" href="/a/tickets/5101">SSO login loops</a></td>
        <td>Ravi Patel</td><td>Contoso Ltd</td><td>Hoch</td>
        <td><span data-test-id="statusTranslatedLabel_test_label">Offen</span></td>
        <td class="lt-cell-ticket-states"><div class="status-tag-wrap"><span>Neu</span></div></td>
      </tr></tbody></table>`);
    const url = new URL('https://northwind.freshdesk.com/a/tickets');
    expect(listReaderFor(url)!.readRows(doc, url).map(plain)).toEqual([
      { slot: 'lt-cell-ticket-states', ticketId: '5101', requesterName: 'Ravi Patel', organization: 'Contoso Ltd', priority: 'Hoch', status: 'Offen' },
    ]);
  });

  it('reads an absolute created time when the timestamp carries one', () => {
    const { f } = read('freshdesk');
    const ts = f.doc.querySelector('[data-test-ticket-content="5101"] [data-test-ticket-timestamp]')!;
    const time = f.doc.createElement('time');
    time.setAttribute('datetime', '2026-11-20T14:00:00Z');
    time.textContent = '2 days ago';
    ts.append(time);
    expect(listReaderFor(f.url)!.readRows(f.doc, f.url)[0]!.createdAt).toEqual(new Date('2026-11-20T14:00:00Z'));
  });
});

describe('jira queue', () => {
  it('reads the native issue table by header labels (not the hidden sort buttons)', () => {
    const { rows } = read('jira');
    const slot = 'TH';
    expect(rows.map(plain)).toEqual([
      // Created is local text in the browser's zone.
      { slot, ticketId: 'SUP-42', requesterName: 'Jane Doe', organization: 'Northwind Traders', priority: 'High', status: 'Waiting for support', createdAt: new Date(2026, 10, 20, 11, 0) },
      { slot, ticketId: 'SUP-43', requesterName: 'Max Mustermann', organization: 'Northwind Traders', priority: 'Highest', status: 'Waiting for customer', createdAt: new Date(2026, 10, 21, 23, 30) },
      { slot, ticketId: 'SUP-44', requesterName: 'Ravi Patel', organization: 'Contoso Ltd', priority: 'Medium', status: 'In progress', createdAt: new Date(2026, 10, 19, 15, 0) },
      { slot, ticketId: 'SUP-45', requesterName: 'Olivia Chen', priority: 'Low', status: 'Waiting for support' },
    ]);
  });

  it('reads the older virtual table from its cell test ids', () => {
    const P = 'common.components.virtual-table.table.content.rows.common.cell-wrapper-row';
    const doc = parseHtml(`<div data-testid="servicedesk-queues-agent-view.layout.table.container">
      <div role="row"><div data-testid="${P}SUP-7-issuekey"><a href="/browse/SUP-7">SUP-7</a></div>
        <div data-testid="${P}SUP-7-reporter"><div><div><div>Jane Doe</div></div></div></div>
        <div data-testid="${P}SUP-7-priority"><img alt="High" src="/p.svg"></div>
        <div data-testid="${P}SUP-7-status"><span>Waiting for support</span></div>
        <div data-testid="${P}SUP-7-created"><time datetime="2026-11-20T08:00:00.000Z">20/Nov/26 9:00 AM</time></div>
        <div data-testid="${P}SUP-7-organizations">Northwind Traders</div></div></div>`);
    const url = new URL('https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/2');
    const rows = listReaderFor(url)!.readRows(doc, url);
    expect(rows.map(({ rowEl, slot, ...r }) => ({ ...r, row: rowEl.getAttribute('role'), slot: slot.getAttribute('data-testid') }))).toEqual([
      {
        ticketId: 'SUP-7', requesterName: 'Jane Doe', organization: 'Northwind Traders', priority: 'High', status: 'Waiting for support',
        createdAt: new Date('2026-11-20T08:00:00Z'), row: 'row', slot: `${P}SUP-7-issuekey`,
      },
    ]);
  });
});

describe('request tracker search results', () => {
  const expected = [
    { ticketId: '1', requesterEmail: 'alice@acme.example', requesterName: 'Alice Anderson', priority: 'High', status: 'open' },
    { ticketId: '2', requesterEmail: 'bob@globex.example', requesterName: 'Bob Brown', priority: 'Medium', status: 'new' },
    { ticketId: '3', requesterEmail: 'carol@acme.example', requesterName: 'Carol Chen', priority: 'Low', status: 'stalled' },
    { ticketId: '4', requesterEmail: 'jane@northwind.example', requesterName: 'Jane Doe', priority: 'High', status: 'open' },
  ];
  const slot = 'collection-as-table';

  it('reads the real RT 5.0.3 page: shown values, not the hidden edit forms; relative dates give no created time', () => {
    const { rows } = read('request-tracker', 'not-ticket-search');
    expect(rows.map(plain)).toEqual(expected.map((e) => ({ ...e, slot })));
    for (const r of rows) expect(r.rowEl.tagName).toBe('TBODY');
  });

  it('reads the longer list fixture', () => {
    const { rows } = read('request-tracker');
    expect(rows.map(plain)).toEqual([
      ...expected,
      { ticketId: '5', requesterEmail: 'ken.ito@northwind.example', requesterName: 'Ken Ito', priority: 'Medium', status: 'stalled' },
      { ticketId: '6', requesterEmail: 'pat@freemail.example', requesterName: 'Pat Lee', priority: 'High', status: 'new' },
    ].map((e) => ({ ...e, slot })));
  });

  it('reads an absolute Created column (a format with __Created__) in the browser zone', () => {
    const { f } = read('request-tracker');
    const createdHeader = Array.from(f.doc.querySelectorAll('th')).find((th) => th.textContent?.trim() === 'Created')!;
    expect(createdHeader).toBeDefined();
    const cell = f.doc.querySelector('tbody[data-record-id="4"] > tr:nth-child(2) > td:nth-child(3)')!;
    cell.textContent = 'Fri Nov 20 09:00:00 2026';
    const row = listReaderFor(f.url)!.readRows(f.doc, f.url).find((r) => r.ticketId === '4')!;
    expect(row.createdAt).toEqual(new Date(2026, 10, 20, 9, 0, 0));
  });
});

describe('every reader', () => {
  const urls: Record<string, string> = {
    zendesk: 'https://acme.zendesk.com/agent/filters/1',
    freshdesk: 'https://northwind.freshdesk.com/a/tickets',
    jira: 'https://northwind.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1',
    'request-tracker': 'https://rt.example/Search/Results.html',
  };
  it.each(Object.entries(urls))("%s reads nothing from the other helpdesks' lists and ticket pages", (id, u) => {
    const reader = LIST_READERS.find((r) => r.id === id)!;
    for (const [other, name] of [
      ['zendesk', 'not-ticket-list'], ['freshdesk', 'not-ticket-list'], ['jira', 'not-ticket-list'], ['request-tracker', 'not-ticket-list'],
      ['zendesk', 'two-tabs'], ['freshdesk', 'details-full'], ['jira', 'cloud-queue-side-panel'], ['request-tracker', 'display-history'],
    ] as const) {
      if (other === id) continue;
      expect(reader.readRows(loadFixture(other, name).doc, new URL(u)), `${id} on ${other}/${name}`).toEqual([]);
    }
    expect(reader.readRows(parseHtml(''), new URL(u))).toEqual([]);
  });
});

describe('listDate', () => {
  it.each([
    ['2026-11-20T08:00:00Z', new Date('2026-11-20T08:00:00Z')],
    ['2026-11-20T09:00:00+01:00', new Date('2026-11-20T08:00:00Z')],
    ['Nov 20, 2026, 9:05 AM', new Date(2026, 10, 20, 9, 5)],
    ['Nov 20, 2026 at 12:30 PM', new Date(2026, 10, 20, 12, 30)],
    ['Nov 20, 2026, 12:30 AM', new Date(2026, 10, 20, 0, 30)],
    ['20/Nov/26 9:00 PM', new Date(2026, 10, 20, 21, 0)],
    ['Sat Nov 21 22:38:38 2026', new Date(2026, 10, 21, 22, 38, 38)],
  ])('%s', (s, d) => expect(listDate(s)).toEqual(d));

  it.each(['2 hours ago', 'Yesterday', 'Nov 20', '2026-11-20', 'Feb 30, 2026, 9:00 AM', 'Nov 20, 2026, 13:00 PM', '', '5'])('%s is no instant', (s) =>
    expect(listDate(s)).toBeUndefined(),
  );
});
