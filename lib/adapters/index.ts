// The adapter registry: the content script asks `adapterFor(location)` which helpdesk it is on.
import type { HelpdeskAdapter } from './types';
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

/**
 * First match wins, so the order is deliberate: SaaS adapters that check their own host come first;
 * adapters that match any host by path shape come last, because a path alone is weaker evidence
 * (e.g. `secure.helpscout.net/conversation/1` is Help Scout even though FreeScout's path looks the same).
 * Jira also matches Data Center installs by path; its `/browse/KEY-1` and `/projects/KEY/queues/` shapes
 * do not overlap the self-hosted ones below.
 */
export const adapters: HelpdeskAdapter[] = [
  zendesk,
  freshdesk,
  jira,
  servicenow,
  hubspot,
  intercom,
  zohoDesk,
  helpScout,
  front,
  gorgias,
  // self-hosted, any host: matched by path shape
  requestTracker,
  osticket,
  zammad,
  freescout,
];

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
