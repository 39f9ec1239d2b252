// Jira Service Management queues (`/jira/servicedesk/projects/P/queues/custom/N`, Data Center
// `/projects/P/queues/…`): the issue list beside an optional issue side panel.
// ✔ Native issue table (Cloud, 2024+): rows `tr[data-testid="native-issue-table.ui.issue-row"]`, key link
//   `a[data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell"]` (href /browse/KEY),
//   headers `…header.header-cell.header-cell-container-inline` whose first span is the label (a hidden
//   "<label> • Sort" button follows), priority `issue-field-priority-readview-full.ui.priority.wrapper`,
//   status lozenge `issue.fields.status.common.ui.status-lozenge.*--text` (public scrapers and test fixtures).
// ? Older virtual table: cell wrappers `common.components.virtual-table.table.content.rows.common.cell-wrapper-row<KEY>-<column>`
//   (one Selenium script); the column id (reporter, priority, created, status, organizations) comes from the test id.
// ? Created: `time[datetime]` when present, else local text ("Nov 20, 2026, 9:00 AM"; DC "20/Nov/26 9:00 AM")
//   read in the browser's zone; relative text gives no created time.
// Reporter shows as a name (matching by organisation, then name); Organizations is a JSM queue column.
import { all, first, textOf } from '../adapters/dom';
import { cellText, columnIndex, dateIn, inHiddenPane, person, real } from './dom';
import type { ListReader, ListRow } from './types';
import { jiraList } from './urls';

const ISSUE_KEY = /\b([A-Z][A-Z0-9_]{0,30}-\d{1,10})\b/;

const SEL = {
  row: ['tr[data-testid="native-issue-table.ui.issue-row"]'], // native issue table row
  keyLink: [
    'a[data-testid="native-issue-table.common.ui.issue-cells.issue-key.issue-key-cell"]', // native table key cell
    'a[href*="/browse/"]', // any issue link in the row
  ],
  headerCells: [':scope > thead > tr > th', ':scope > thead th'],
  headerLabel: [
    '[data-testid="native-issue-table.ui.issue-table.header.header-cell.header-cell-container-inline"] > span', // label without the sort button
  ],
  priority: ['[data-testid="issue-field-priority-readview-full.ui.priority.wrapper"] span'], // label text
  priorityIcon: [
    '[data-testid="issue-field-priority-readview-full.ui.priority.wrapper"] img[alt]', // icon only: its alt
    'img[alt]', // older queues: a bare priority icon
  ],
  status: ['[data-testid^="issue.fields.status.common.ui.status-lozenge"][data-testid$="--text"]'],
  virtualCell: ['[data-testid^="common.components.virtual-table.table.content.rows.common.cell-wrapper-row"]'],
} as const;

const HEADERS = {
  reporter: ['reporter', 'requester', 'customer'],
  organization: ['organizations', 'organization', 'organisations', 'organisation'],
  priority: ['priority'],
  status: ['status'],
  created: ['created'],
};
const headerLabel = (th: Element) => textOf(first(th, SEL.headerLabel)) ?? textOf(th);

const keyIn = (s: string | null | undefined) => ISSUE_KEY.exec(s ?? '')?.[1];
const priorityIn = (el: Element | undefined) => {
  const img = first(el, SEL.priorityIcon);
  return real(textOf(first(el, SEL.priority)) || img?.getAttribute('alt')?.trim() || cellText(el));
};

function readNative(doc: Document): ListRow[] {
  const out: ListRow[] = [];
  const columns = new Map<Element | null, Partial<Record<keyof typeof HEADERS, number>>>();
  for (const row of all(doc, SEL.row)) {
    if (inHiddenPane(row)) continue;
    const link = first(row, SEL.keyLink);
    const ticketId = keyIn(textOf(link)) ?? keyIn(link?.getAttribute('href'));
    const slot = link?.closest('td, th') ?? row.lastElementChild;
    if (!ticketId || !slot) continue;
    const table = row.closest('table');
    let cols = columns.get(table);
    if (!cols) columns.set(table, (cols = columnIndex(all(table, SEL.headerCells), HEADERS, headerLabel)));
    const cell = (i: number | undefined) => (i === undefined ? undefined : row.children[i]);
    const r: ListRow = { rowEl: row, slot, ticketId, ...person(cellText(cell(cols.reporter))) };
    const organization = real(cellText(cell(cols.organization)));
    const priority = priorityIn(cell(cols.priority));
    const status = real(textOf(first(cell(cols.status), SEL.status)) ?? cellText(cell(cols.status)));
    const createdAt = dateIn(cell(cols.created));
    if (organization) r.organization = organization;
    if (priority) r.priority = priority;
    if (status) r.status = status;
    if (createdAt) r.createdAt = createdAt;
    out.push(r);
  }
  return out;
}

const VIRTUAL_ID = /cell-wrapper-row([A-Z][A-Z0-9_]{0,30}-\d{1,10})-([\w.-]+)$/;

function readVirtual(doc: Document): ListRow[] {
  const byKey = new Map<string, Map<string, Element>>();
  for (const cell of all(doc, SEL.virtualCell)) {
    const m = VIRTUAL_ID.exec(cell.getAttribute('data-testid') ?? '');
    if (!m || inHiddenPane(cell)) continue;
    let cells = byKey.get(m[1]!);
    if (!cells) byKey.set(m[1]!, (cells = new Map()));
    cells.set(m[2]!.toLowerCase(), cell);
  }
  const out: ListRow[] = [];
  for (const [ticketId, cells] of byKey) {
    const slot = cells.get('issuekey') ?? cells.get('summary');
    const rowEl = slot?.closest('[role="row"]') ?? slot?.parentElement;
    if (!slot || !rowEl) continue;
    const r: ListRow = { rowEl, slot, ticketId, ...person(cellText(cells.get('reporter'))) };
    const organization = real(cellText(cells.get('organizations') ?? cells.get('organization')));
    const priority = priorityIn(cells.get('priority'));
    const status = real(cellText(cells.get('status')));
    const createdAt = dateIn(cells.get('created'));
    if (organization) r.organization = organization;
    if (priority) r.priority = priority;
    if (status) r.status = status;
    if (createdAt) r.createdAt = createdAt;
    out.push(r);
  }
  return out;
}

export function readRows(doc: Document, _url: URL): ListRow[] {
  const native = readNative(doc);
  return native.length ? native : readVirtual(doc);
}

export const jira: ListReader = {
  id: 'jira',
  matches: jiraList,
  readRows,
};
