/**
 * Help Scout (`secure.helpscout.net` and `app.helpscout.com`): `/conversation/{id}[/{number}]`.
 *
 * ✔ seen in public extension / userscript code: the URL (id, then the number users see), the title
 *   "#{number} {subject} - {customer}", `[aria-label="Conversation Subject"]`, `[data-cy="ConversationHeader.Actions"]`,
 *   the header containers `.Actionscss__ActionsUI-…` / `.StatusAssigneecss__ContainerUI-…`, `#js-wrap`, `#tkContent`,
 *   and the legacy theme's `#subjectLine` / `.actions__wrapper`.
 * ? not found anywhere public: status, customer email, organisation, thread times, a session API. The
 *   snapshot is thin (id, subject, customer name); the rest comes from the user's manual mapping.
 */
import type { FieldSource, HelpdeskAdapter, SnapshotField, TicketSnapshot } from './types';
import { first, text } from './dom';
import { helpScout, helpScoutIds as parse } from './urls';

const SEL = {
  app: [
    '[data-cy="ConversationHeader.Actions"]', // ✔ conversation header actions (T 2024-09)
    '[aria-label="Conversation Subject"]', // ✔ subject (C 2026-03)
    '#tkContent', // ✔ thread container (userscript 2024-01)
    '#subjectLine', // ✔ legacy theme subject (C)
  ],
  subject: [
    '[aria-label="Conversation Subject"]', // ✔ current UI (C 2026-03)
    '#subjectLine', // ✔ legacy theme (C)
  ],
  anchor: [
    '[data-cy="ConversationHeader.Actions"]', // ✔ (T)
    '[class*="Actionscss__ActionsUI"]', // ✔ styled-components class, hash varies by build (C)
    '.actions__wrapper', // ✔ legacy theme (C)
  ],
} as const;


type Put = <K extends SnapshotField>(k: K, src: FieldSource, read: () => TicketSnapshot[K] | undefined) => void;

function writer(s: Partial<TicketSnapshot>): Put {
  return (k, src, read) => {
    try {
      const v = read();
      if (v === undefined || v === '') return;
      (s as Record<string, unknown>)[k] = v;
      (s.sources ??= {})[k] = src;
    } catch {
      /* one odd node must not lose the other fields */
    }
  };
}

/** "#19839 Subject - Customer" → parts; the number must be this conversation's (SPA titles lag behind). */
function fromTitle(title: string, number: string | undefined) {
  const m = /^#(\d+) (.+)$/.exec(title.replace(/\s+/g, ' ').trim());
  if (!m || (number && m[1] !== number)) return undefined;
  const cut = m[2]!.lastIndexOf(' - ');
  return cut > 0 ? { number: m[1]!, subject: m[2]!.slice(0, cut), customer: m[2]!.slice(cut + 3) } : { number: m[1]!, subject: m[2]! };
}

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const u = parse(url);
    if (!u || !first(doc, SEL.app)) return null;
    const s: TicketSnapshot = { helpdesk: 'help-scout', ticketId: u.id, sources: { ticketId: 'url' } };
    const put = writer(s);
    const title = fromTitle(doc.title ?? '', u.number);
    put('subject', 'dom', () => text(doc, SEL.subject));
    if (!s.subject) put('subject', 'title', () => title?.subject);
    put('requesterName', 'title', () => title?.customer);
    return s;
  } catch {
    return null;
  }
}

function anchor(doc: Document): Element | null {
  try {
    return first(doc, SEL.anchor);
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: 'help-scout',
  label: 'Help Scout',
  matches: helpScout,
  readTicket,
  anchor,
};
