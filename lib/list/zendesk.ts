// Zendesk Agent Workspace views (`/agent/filters/{id}`): the Garden "generic-table".
// ✔ table / head / row / group-row identifiers (data-garden-id + data-test-id pairs), header cells in the
//   table's own THEAD, one direct cell per header, rows not virtualised on a page (public DOM recon ledger
//   of the current Agent Workspace, 2026; public userscripts use the same ids).
// ✔ `generic-table-cells-id` ("#123"), `ticket-table-cells-subject` (link "tickets/123"), the status badge
//   `[data-test-id^="status-badge-"]` whose suffix is the status category (open, pending, hold, …) while its
//   text may be a custom status name; Requested/Updated cells hold TIME with an ISO `datetime`.
// ✔ Requester, Organization, Priority are plain text cells (aria-label = text), found by header label.
//   Header labels are English only (other locales: those fields are not read; the watch store still works).
// ? `ticket-table-cells-requester` / `-organization` / `-priority` cell ids (seen in one scraper, not in
//   the ledger): used when present.
// The view shows the requester's name, not the email: matching uses organisation, then the name.
import { all, attr, first, textOf } from '../adapters/dom';
import { cellAt, cellText, columnIndex, dateIn, inHiddenPane, person, real } from './dom';
import type { ListReader, ListRow } from './types';
import { zendeskList } from './urls';

const SEL = {
  table: [
    'table[data-garden-id="tables.table"][data-test-id="generic-table"]', // Agent Workspace 2026 (ledger)
    'table[data-test-id="generic-table"]', // Garden id dropped: test id alone
  ],
  headerCell: [
    ':scope > thead [data-garden-id="tables.header_cell"]', // ledger: header cells in the table's own THEAD
    ':scope > thead th', // structural fallback
  ],
  row: [
    ':scope > tbody > tr[data-garden-id="tables.row"][data-test-id="generic-table-row"]', // ticket rows (group rows are tables.group_row)
    ':scope > tbody > tr[data-test-id="generic-table-row"]', // test id alone
  ],
  idCell: [
    '[data-test-id="generic-table-cells-id"]', // "#123" (ledger; several userscripts)
  ],
  subjectLink: [
    '[data-test-id="ticket-table-cells-subject"] a[href]', // relative href "tickets/123"
    'a[href*="tickets/"]', // any ticket link in the row
  ],
  statusBadge: [
    '[data-test-id^="status-badge-"]', // badge; suffix = status category, text = (custom) status name
  ],
  requester: ['[data-test-id="ticket-table-cells-requester"]'], // ? seen in one scraper's selector table
  organization: ['[data-test-id="ticket-table-cells-organization"]'], // ? by analogy; header lookup is the main path
  priority: ['[data-test-id="ticket-table-cells-priority"]'], // ? by analogy; header lookup is the main path
} as const;

/** Header labels of the standard columns (ledger: "Requested" is the created date; "Ticket status" with custom statuses). */
const HEADERS = {
  requester: ['requester'],
  organization: ['organization', 'organisation'],
  priority: ['priority'],
  created: ['requested', 'created'],
  status: ['ticket status', 'status'],
};

/** Status categories of the badge's test id, as Zendesk's standard labels (what pausing rules list). */
const CATEGORY: Record<string, string> = { new: 'New', open: 'Open', pending: 'Pending', hold: 'On-hold', solved: 'Solved', closed: 'Closed' };

function ticketIdOf(row: Element, idCell: Element | null): string | undefined {
  const id = /^#?\s*(\d{1,15})$/.exec(textOf(idCell) ?? '')?.[1];
  if (id) return id;
  return /(?:^|\/)tickets\/(\d{1,15})(?:[/?#]|$)/.exec(attr(row, SEL.subjectLink, 'href') ?? '')?.[1];
}

function statusOf(row: Element, cell: Element | undefined): string | undefined {
  const badge = first(row, SEL.statusBadge);
  const category = badge?.getAttribute('data-test-id')?.slice('status-badge-'.length).toLowerCase();
  if (category && CATEGORY[category]) return CATEGORY[category];
  return real(cellText(badge) ?? cellText(cell));
}

export function readRows(doc: Document, _url: URL): ListRow[] {
  const out: ListRow[] = [];
  for (const table of all(doc, SEL.table)) {
    if (inHiddenPane(table)) continue;
    const cols = columnIndex(all(table, SEL.headerCell), HEADERS);
    // A column found by its header is a direct child; the cell test ids are the fallback (a query per row).
    const cell = (row: Element, i: number | undefined, sel: readonly string[]) => (i === undefined ? first(row, sel) : cellAt(row, i));
    for (const row of all(table, SEL.row)) {
      const idCell = first(row, SEL.idCell);
      const ticketId = ticketIdOf(row, idCell);
      if (!ticketId) continue;
      const slot = idCell ?? first(row, SEL.subjectLink)?.closest('td') ?? row.lastElementChild;
      if (!slot) continue;
      const r: ListRow = { rowEl: row, slot, ticketId, ...person(cellText(cell(row, cols.requester, SEL.requester))) };
      const organization = real(cellText(cell(row, cols.organization, SEL.organization)));
      const priority = real(cellText(cell(row, cols.priority, SEL.priority)));
      const status = statusOf(row, cellAt(row, cols.status));
      const createdAt = dateIn(cellAt(row, cols.created));
      if (organization) r.organization = organization;
      if (priority) r.priority = priority;
      if (status) r.status = status;
      if (createdAt) r.createdAt = createdAt;
      out.push(r);
    }
  }
  return out;
}

export const zendesk: ListReader = {
  id: 'zendesk',
  matches: zendeskList,
  readRows,
};
