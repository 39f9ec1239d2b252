// The adapter registry with every adapter loaded (tests, tools, external checks). The content script
// does not import this: it routes with `adapterIdFor` (./urls) and loads one adapter script on demand.
import type { HelpdeskAdapter } from './types';
import { URL_TABLE, type AdapterId } from './urls';
import { adapter as zendesk } from './zendesk';
import { adapter as freshdesk } from './freshdesk';
import { adapter as jira } from './jira';
import { adapter as servicenow } from './servicenow';
import { adapter as hubspot } from './hubspot';
import { adapter as intercom } from './intercom';
import { adapter as zohoDesk } from './zoho-desk';
import { adapter as helpScout } from './help-scout';
import { adapter as front } from './front';
import { adapter as gorgias } from './gorgias';
import { adapter as requestTracker } from './request-tracker';
import { adapter as osticket } from './osticket';
import { adapter as zammad } from './zammad';
import { adapter as freescout } from './freescout';

const byId: Record<AdapterId, HelpdeskAdapter> = {
  zendesk,
  freshdesk,
  jira,
  servicenow,
  hubspot,
  intercom,
  'zoho-desk': zohoDesk,
  'help-scout': helpScout,
  front,
  gorgias,
  'request-tracker': requestTracker,
  osticket,
  zammad,
  freescout,
};

/** In the URL table's order (first match wins; see the order's reasons in ./urls). */
export const adapters: HelpdeskAdapter[] = URL_TABLE.map((e) => byId[e.id]);

/** The adapter for this page, or undefined. Never throws: one broken `matches` must not hide the others. */
export function adapterFor(url: URL): HelpdeskAdapter | undefined {
  for (const a of adapters) {
    try {
      if (a.matches(url)) return a;
    } catch {
      /* try the next adapter */
    }
  }
  return undefined;
}
