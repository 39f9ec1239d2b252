// Freshdesk ticket list (`/a/tickets`, `/a/tickets/filters/…`, `/a/tickets/view/…`): card view and
// table view (the agent switches between them; both are Ember components).
// ✔ Cards: one `div.tickets__list` per ticket holding `.__module-tickets__tickets-list__tickets-table__ticket-item`,
//   `[data-test-ticket-content="<id>"]`, `span[data-test-ticket-id]` ("#123"), `.ticket-title-row`,
//   `.ticket-info` (contact link `.user-link`, then "(Company)"), `.list-content--info` with the
//   `.list-filter__priority` / `.list-filter__status` dropdowns (public userscripts for the 2024–2025 UI).
// ✔ Table: `tr[data-test-id="ticket-row-<id>"]`, header test ids `ticket-table-view-header-<field>` (company,
//   status), status label `[data-test-id="statusTranslatedLabel_test_label"]`, state cell `td.lt-cell-ticket-states`.
// ? `[data-test-ticket-timestamp]` holds the times line (seen in a time tracker's rules); it is relative
//   text ("created 2 days ago") unless a `datetime` / absolute `title` is there, so most rows have no
//   created time and take their clocks from the watch store.
// ? Header test ids other than company/status (priority, requester, created) are assumed by analogy.
import { all, attr, first, textOf } from '../adapters/dom';
import { cellText, columnIndex, dateIn, inHiddenPane, norm, person, real, value } from './dom';
import type { ListReader, ListRow } from './types';
import { freshdeskList } from './urls';

const SEL = {
  card: [
    '[data-test-ticket-content]', // card body; the attribute holds the ticket id
    '.__module-tickets__tickets-list__tickets-table__ticket-item', // card item (older builds without the test attribute)
  ],
  cardId: [
    'span[data-test-ticket-id]', // "#123" next to the subject
  ],
  cardCheckbox: ['input[data-test-checkbox^="ticket-"]'], // "ticket-123"
  cardSlot: [
    '.ticket-title-row', // subject + id line: the badge sits at its end
    '[data-test-ticket-content]',
  ],
  cardRequester: ['.ticket-info .user-link', '.ticket-info a[href*="/contacts/"]'],
  cardInfo: ['.ticket-info'],
  cardPriority: [
    '.list-filter__priority .ember-power-select-selected-item', // ember-power-select's selected value
    '.list-filter__priority',
  ],
  cardStatus: ['.list-filter__status .ember-power-select-selected-item', '.list-filter__status'],
  cardCreated: ['[data-test-ticket-timestamp]'],
  tableRow: ['tr[data-test-id^="ticket-row-"]'],
  headerCells: [':scope > thead th', 'thead th'],
  statusLabel: ['[data-test-id="statusTranslatedLabel_test_label"]'],
  tableSlot: [
    'td.lt-cell-ticket-states', // "New / Overdue" tags cell
    'td:has(a[data-test-id^="ticket-subject-link"])', // subject cell
  ],
  subjectLink: ['a[data-test-id^="ticket-subject-link"]', 'a[href*="/a/tickets/"]'],
} as const;

/** Table headers: the test id suffix first (locale-free), else English labels. */
const HEADERS = {
  company: ['company'],
  contact: ['contact', 'requester'],
  priority: ['priority'],
  status: ['status'],
  created: ['created', 'created date', 'created on'],
};
const headerKey = (th: Element) =>
  th.querySelector('[data-test-id^="ticket-table-view-header-"]')?.getAttribute('data-test-id')?.slice('ticket-table-view-header-'.length) ?? textOf(th);

const numericId = (s: string | null | undefined) => /^#?\s*(\d{1,15})$/.exec((s ?? '').trim())?.[1];

function cardId(card: Element): string | undefined {
  return (
    numericId(card.getAttribute('data-test-ticket-content')) ??
    numericId(textOf(first(card, SEL.cardId))) ??
    /^ticket-(\d{1,15})$/.exec(attr(card, SEL.cardCheckbox, 'data-test-checkbox') ?? '')?.[1]
  );
}

/** "(Northwind Traders)" right after the contact link in the info line. */
function companyIn(info: Element | null): string | undefined {
  const m = /\(([^()]{1,200})\)/.exec(textOf(info) ?? '');
  return real(m?.[1]?.trim());
}

function readCards(doc: Document): ListRow[] {
  const out: ListRow[] = [];
  const seen = new Set<Element>();
  for (const content of all(doc, SEL.card)) {
    const card = content.closest('.tickets__list') ?? content;
    if (seen.has(card) || inHiddenPane(card)) continue;
    seen.add(card);
    const ticketId = cardId(content) ?? cardId(card);
    const slot = first(card, SEL.cardSlot);
    if (!ticketId || !slot) continue;
    const r: ListRow = { rowEl: card, slot, ticketId, ...person(textOf(first(card, SEL.cardRequester))) };
    const organization = companyIn(first(card, SEL.cardInfo));
    const priority = value(card, SEL.cardPriority);
    const status = value(card, SEL.cardStatus);
    const createdAt = dateIn(first(card, SEL.cardCreated));
    if (organization) r.organization = organization;
    if (priority) r.priority = priority;
    if (status) r.status = status;
    if (createdAt) r.createdAt = createdAt;
    out.push(r);
  }
  return out;
}

function readTable(doc: Document): ListRow[] {
  const out: ListRow[] = [];
  const columns = new Map<Element | null, ReturnType<typeof columnIndex<keyof typeof HEADERS>>>();
  for (const row of all(doc, SEL.tableRow)) {
    if (inHiddenPane(row)) continue;
    const ticketId = /^ticket-row-(\d{1,15})$/.exec(row.getAttribute('data-test-id') ?? '')?.[1];
    const slot = first(row, SEL.tableSlot) ?? first(row, SEL.subjectLink)?.closest('td');
    if (!ticketId || !slot) continue;
    const table = row.closest('table');
    let cols = columns.get(table);
    if (!cols) {
      // Ember light table may render its header in a table of its own: fall back to the page's header row.
      const headers = all(table, SEL.headerCells);
      cols = columnIndex(headers.length ? headers : all(doc, ['thead th']), HEADERS, (th) => norm(headerKey(th)));
      columns.set(table, cols);
    }
    const cells = Array.from(row.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
    const cell = (i: number | undefined) => (i === undefined ? undefined : cells[i]);
    const r: ListRow = { rowEl: row, slot, ticketId, ...person(cellText(cell(cols.contact))) };
    const organization = real(cellText(cell(cols.company)));
    const priority = real(cellText(cell(cols.priority)));
    const status = real(textOf(first(row, SEL.statusLabel)) ?? cellText(cell(cols.status)));
    const createdAt = dateIn(cell(cols.created));
    if (organization) r.organization = organization;
    if (priority) r.priority = priority;
    if (status) r.status = status;
    if (createdAt) r.createdAt = createdAt;
    out.push(r);
  }
  return out;
}

export function readRows(doc: Document, _url: URL): ListRow[] {
  const cards = readCards(doc);
  return cards.length ? cards : readTable(doc);
}

export const freshdesk: ListReader = {
  id: 'freshdesk',
  // The list routes; a ticket (`/a/tickets/123`) is not a list.
  matches: freshdeskList,
  readRows,
};
