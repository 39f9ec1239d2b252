// Reading rules: user-defined, data-only instructions for reading ticket fields from a helpdesk page.
// One Rule covers an origin (+ path pattern) and says, per TicketSnapshot field, where the value is.
// Rules are stored (local:readingRules), exported/imported, and later pushed by policy or feed; the same
// shape overrides single fields of a built-in adapter (`adapter: 'zendesk'`) or drives the generic one.
import type { SnapshotField } from '../adapters/types';

/** Fields a rule can read. statusHistory needs an API; it has no page rule. */
export const RULE_FIELDS = [
  'ticketId', 'subject', 'requesterName', 'requesterEmail', 'organization', 'organizationId',
  'priority', 'status', 'createdAt', 'firstAgentReplyAt', 'lastAgentReplyAt',
] as const satisfies readonly SnapshotField[];
export type RuleField = (typeof RULE_FIELDS)[number];

export const DATE_FIELDS: ReadonlySet<RuleField> = new Set(['createdAt', 'firstAgentReplyAt', 'lastAgentReplyAt']);
export const isDateField = (f: RuleField): f is 'createdAt' | 'firstAgentReplyAt' | 'lastAgentReplyAt' => DATE_FIELDS.has(f);

/** One step into a nested document: a same-origin iframe's document or an open shadow root. */
export type Hop = { frame: string } | { shadow: string };

/** An element: `selector` queried inside the root reached by following `within` from the start root. */
export interface Locator {
  selector: string;
  within?: Hop[];
}

export interface DateSpec {
  /** A luxon format ("dd.MM.yyyy HH:mm"); absent = automatic (ISO 8601, epoch s/ms, RFC 2822, SQL). */
  format?: string;
  /** IANA zone for text without an offset; absent = the browser's zone. */
  zone?: string;
  /** Locale for month/weekday names in `format` ("de", "en-GB"). */
  locale?: string;
}

export interface FieldRule {
  /** Where the raw text comes from; default 'page' (an element found by `selector`). */
  from?: 'page' | 'url' | 'title';
  selector?: string;
  within?: Hop[];
  /** With several matches: the first (default) or last in document order (e.g. the latest reply). */
  which?: 'first' | 'last';
  /** text = collapsed textContent (form controls: their value); value = a control's value; attribute = `attribute`. */
  read?: 'text' | 'value' | 'attribute';
  attribute?: string;
  /** Applied to the raw text; the field is its one capture group. */
  regex?: string;
  /** Subset of "imsu". */
  flags?: string;
  /** Date fields only. */
  date?: DateSpec;
}

export interface Rule {
  /** Stable id; lists from policy, feed and local storage merge by it. */
  id: string;
  label?: string;
  /** "https://desk.acme.example" (http/https, no path). */
  origin: string;
  /** Glob on the URL path: `*` = one path segment part (no "/"), `**` = anything. Default "/**". */
  path?: string;
  /** A built-in adapter id whose fields this rule overrides; absent = whichever adapter reads the page (generic if none). */
  adapter?: string;
  /** The active ticket's container; fields are read inside it, and the page is no ticket while it is missing. */
  scope?: Locator;
  /** Where the overlay goes (inside the scope when there is one). */
  anchor?: Locator;
  fields: Partial<Record<RuleField, FieldRule>>;
  disabled?: boolean;
  updatedAt?: string;
}

/** Where a merged rule came from; precedence managed > feed > local. */
export type RuleProvenance = 'managed' | 'feed' | 'local';

export const LIMITS = {
  rules: 200,
  hops: 6,
  selectorLength: 500,
  patternLength: 300,
  /** Characters of raw text a regex sees (JS has no regex time-out; see regex.ts). */
  regexInput: 1000,
  /** Longest string value kept for a field. */
  valueLength: 500,
} as const;
