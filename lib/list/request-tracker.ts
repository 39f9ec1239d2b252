// Request Tracker 5 search results (`…/Search/Results.html`), self-hosted on any host.
// ✔ `table.ticket-list`; each ticket is `tbody.list-item[data-record-id]` with one `tr` per format line;
//   the header rows (`tr.collection-as-table` of `th`) come first, line i of a ticket under header row i.
//   Editable cells hold a hidden edit form and the shown value in `div.value`. Requestors print as
//   "Name <email>". (A page saved from RT 5.0.3, research/request-tracker.md "List".)
// ✔ The default format shows creation only as relative text ("2 minutes ago"): no created time, so such
//   rows take their clocks from the watch store. A format with `__Created__` prints the local date
//   ("Fri Nov 20 09:00:00 2026", viewer's zone, no marker): read in the browser's zone like the adapter.
// ? RT has no organisations: a "Customer" custom field column or the requestor's "Organization" is used.
import { all, textOf } from '../adapters/dom';
import { columnIndex, dateIn, inHiddenPane, norm, person, real } from './dom';
import type { ListReader, ListRow } from './types';
import { requestTrackerList } from './urls';

const SEL = {
  table: [
    'table.ticket-list', // RT 5 search results (collection-as-table)
    'table.collection-as-table', // other collection tables of ticket records
  ],
  headerRow: [
    ':scope > tbody > tr.collection-as-table', // RT 5: header rows in the first tbody (rows of th)
    ':scope > thead > tr', // a themed table with a real thead
  ],
  record: [':scope > tbody.list-item[data-record-id]'], // one per ticket
} as const;

const HEADERS = {
  requestor: ['requestor', 'requestors'],
  organization: ['customer', 'organization', 'organisation', 'company'],
  priority: ['priority'],
  status: ['status'],
  created: ['created'],
};

/** The shown value of an RT cell: `div.value` of an editable cell (its form repeats every option). */
const shown = (cell: Element | undefined) => (cell ? textOf(cell.querySelector(':scope > .value') ?? cell) : undefined);

interface Column {
  line: number;
  index: number;
}

function columnsOf(table: Element): Partial<Record<keyof typeof HEADERS, Column>> {
  const out: Partial<Record<keyof typeof HEADERS, Column>> = {};
  all(table, SEL.headerRow)
    .filter((tr) => tr.querySelector(':scope > th'))
    .forEach((tr, line) => {
      const found = columnIndex(Array.from(tr.children), HEADERS, (th) => norm(textOf(th)));
      for (const [k, index] of Object.entries(found) as [keyof typeof HEADERS, number][]) out[k] ??= { line, index };
    });
  return out;
}

export function readRows(doc: Document, _url: URL): ListRow[] {
  const out: ListRow[] = [];
  for (const table of all(doc, SEL.table)) {
    if (inHiddenPane(table)) continue;
    const cols = columnsOf(table);
    for (const record of all(table, SEL.record)) {
      const ticketId = /^\d{1,12}$/.exec(record.getAttribute('data-record-id') ?? '')?.[0];
      const lines = Array.from(record.children).filter((c) => c.tagName === 'TR');
      const slot = lines[0]?.firstElementChild;
      if (!ticketId || !slot) continue;
      const cell = (c: Column | undefined) => (c ? (lines[c.line]?.children[c.index] ?? undefined) : undefined);
      const r: ListRow = { rowEl: record, slot, ticketId, ...person(shown(cell(cols.requestor))) };
      const organization = real(shown(cell(cols.organization)));
      const priority = real(shown(cell(cols.priority)));
      const status = real(shown(cell(cols.status)));
      const createdAt = dateIn(cell(cols.created));
      if (organization) r.organization = organization;
      if (priority) r.priority = priority;
      if (status) r.status = status;
      if (createdAt) r.createdAt = createdAt;
      out.push(r);
    }
  }
  return out;
}

export const requestTracker: ListReader = {
  id: 'request-tracker',
  matches: requestTrackerList,
  readRows,
};
