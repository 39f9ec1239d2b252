/** What an adapter reads from a helpdesk ticket page (see ../shared/DESIGN.md "Adapters"). */
export interface TicketSnapshot {
  /** Adapter id (= file name in lib/adapters). */
  helpdesk: string;
  ticketId: string;
  subject?: string;
  requesterName?: string;
  requesterEmail?: string;
  /** Organisation / company name as the helpdesk shows it. */
  organization?: string;
  /** The helpdesk's own organisation / company id, when it exposes one. */
  organizationId?: string;
  /** The helpdesk's own labels. */
  priority?: string;
  status?: string;
  createdAt?: Date;
  firstAgentReplyAt?: Date;
  lastAgentReplyAt?: Date;
  statusHistory?: { status: string; at: Date }[];
  /** Where each field came from ('url' | 'dom' | 'api' | 'rule'), and why a source failed. Filled by the reader. */
  sources?: Partial<Record<SnapshotField, FieldSource>>;
  /** Notes on what could not be read (e.g. "api: HTTP 403, used the page"). */
  problems?: string[];
}

export type FieldSource = 'url' | 'dom' | 'api' | 'rule' | 'title';

export type SnapshotField = Exclude<keyof TicketSnapshot, 'helpdesk' | 'sources' | 'problems'>;

export type GetJson = (path: string, init?: { headers?: Record<string, string> }) => Promise<unknown>;

export interface HelpdeskAdapter {
  /** = file name in lib/adapters. */
  id: string;
  /** Human name, e.g. "Zendesk". */
  label: string;
  matches(url: URL): boolean;
  /** Pure; null = not a ticket page / not ready. Never throws on odd markup. */
  readTicket(doc: Document, url: URL): TicketSnapshot | null;
  /** Same-origin read-only API enrichment with the agent's session. */
  enrich?(s: TicketSnapshot, getJson: GetJson, doc?: Document): Promise<Partial<TicketSnapshot>>;
  /** Where the overlay goes; null = floating corner panel. */
  anchor(doc: Document): Element | null;
}
