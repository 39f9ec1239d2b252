/**
 * Front (`app.frontapp.com`): `/open/cnv_…`, `/conversations/cnv_…`, and in-app
 * `/inboxes/…/{n}` where the conversation id is `cnv_` + n in base 36.
 *
 * ✔ URL forms from public code; the styled-components class names (conversationTopbar__…,
 *   conversationSubjectWrapper__…, messageViewerRecipient__…) from an extension (2023). Their build hashes
 *   change, so only the readable prefix is matched.
 * ? best effort: everything in the DOM (hashed classes can be renamed at any release); the first
 *   message's sender as the requester. No session API known.
 */
import type { FieldSource, HelpdeskAdapter, SnapshotField, TicketSnapshot } from './types';
import { first, text } from './dom';
import { front, frontConversationId as conversationId } from './urls';

export { conversationId };

const SEL = {
  topbar: [
    '[class*="conversationTopbar__StyledConversationTopbar"]', // ✔ conversation top bar (C 2023)
  ],
  subject: [
    '[class*="conversationSubjectWrapper__StyledSubjectContainerDiv"] > div > span', // ✔ (C 2023)
    '[class*="conversationSubjectWrapper__"]', // ? same block, other inner markup
  ],
  requester: [
    '[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] div', // ? first message's contact (C 2023)
  ],
  anchor: [
    '[class*="conversationTopbar__StyledContentDiv"]', // ✔ content row of the top bar (C 2023)
    '[class*="conversationTopbar__StyledConversationTopbar"]', // ✔ the bar itself
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

function readTicket(doc: Document, url: URL): TicketSnapshot | null {
  try {
    const id = conversationId(url);
    if (!id || !first(doc, SEL.topbar)) return null;
    const s: TicketSnapshot = { helpdesk: 'front', ticketId: id, sources: { ticketId: 'url' } };
    const put = writer(s);
    put('subject', 'dom', () => text(doc, SEL.subject));
    put('requesterName', 'dom', () => text(doc, SEL.requester));
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
  id: 'front',
  label: 'Front',
  matches: front,
  readTicket,
  anchor,
};
