// Ticket-list readers by URL. Like lib/adapters/urls.ts, only URL checks run here; a reader's
// readRows verifies the page itself.
import { freshdesk } from './freshdesk';
import { jira } from './jira';
import { requestTracker } from './request-tracker';
import type { ListReader } from './types';
import { zendesk } from './zendesk';

export type { ListHelpdesk, ListReader, ListRow } from './types';

export const LIST_READERS: readonly ListReader[] = [zendesk, freshdesk, jira, requestTracker];

/** The list reader for a page URL, or undefined (never throws). */
export function listReaderFor(url: URL): ListReader | undefined {
  for (const r of LIST_READERS) {
    try {
      if (r.matches(url)) return r;
    } catch {
      /* next */
    }
  }
  return undefined;
}
