// Ticket lists (views, queues, search results): what a row reader returns for each ticket row it
// recognises. Readers are pure functions of a Document and the page URL; see ./index.ts.

/** The helpdesks with a list reader (ids as in lib/adapters). */
export type ListHelpdesk = 'zendesk' | 'freshdesk' | 'jira' | 'request-tracker';

export interface ListRow {
  /** The helpdesk's own row element (a table row, a card, an RT two-row tbody). */
  rowEl: Element;
  /** Where our badge host is appended: a cell or block inside the row, never a node we replace. */
  slot: Element;
  ticketId: string;
  requesterEmail?: string;
  /** Lists often show only the requester's name; matching uses it as the last resort. */
  requesterName?: string;
  organization?: string;
  /** The helpdesk's own labels. */
  priority?: string;
  status?: string;
  createdAt?: Date;
}

export interface ListReader {
  id: ListHelpdesk;
  /** URL-level only: a list page of this helpdesk (the rows are verified in readRows). */
  matches(url: URL): boolean;
  /** Never throws; [] when the page holds no list of this helpdesk (yet). */
  readRows(doc: Document, url: URL): ListRow[];
}
