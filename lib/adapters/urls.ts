// Which helpdesk a URL belongs to: the one place that knows. Each adapter's `matches` is the function
// below (its file imports it), and the content script routes with `adapterIdFor` without loading any
// adapter: the adapters themselves are separate scripts injected on demand (entrypoints/adapter-*.ts).
// Keep this file small and dependency-free: all of it is in the content script, and each adapter script
// takes only its own matcher, so keep top-level code free of calls (they would defeat tree-shaking).

export const zendesk = (url: URL) => url.hostname.endsWith('.zendesk.com') && url.pathname.startsWith('/agent/');

export const freshdesk = (url: URL) => url.hostname.endsWith('.freshdesk.com') && /^\/(a|helpdesk)\//.test(url.pathname);

export const jiraIsCloud = (url: URL) => url.hostname.endsWith('.atlassian.net');

export function jira(url: URL): boolean {
  const p = url.pathname;
  if (/\/servicedesk\/customer\//.test(p)) return false; // customer portal, not the agent view
  if (jiraIsCloud(url)) return p.startsWith('/browse/') || p.startsWith('/jira/');
  // Data Center: self-hosted, any host and context path.
  return /\/browse\/[A-Z][A-Z0-9_]+-\d+$/.test(p) || /\/projects\/[A-Z][A-Z0-9_]+\/queues\//.test(p);
}

export const servicenow = (url: URL) =>
  url.hostname.endsWith('.service-now.com') && (url.pathname.endsWith('.do') || url.pathname.startsWith('/now/'));

export const hubspot = (url: URL) => /^app(-[a-z0-9]+)?\.hubspot\.com$/.test(url.hostname) && url.pathname.startsWith('/help-desk/');

export const intercom = (url: URL) => /^app(\.(eu|au))?\.intercom\.com$/.test(url.hostname) && url.pathname.startsWith('/a/');

const ZOHO_HOST = /^desk\.zoho\.(com|eu|in|com\.au|jp|com\.cn|ca|sa|uk)$/;
export const zohoDesk = (url: URL) => ZOHO_HOST.test(url.hostname) && url.pathname.startsWith('/agent/');

const HELP_SCOUT_HOSTS = new Set(['secure.helpscout.net', 'app.helpscout.com']);
const HELP_SCOUT_PATH = /^\/conversations?\/(\d{1,15})(?:\/(\d{1,12}))?\/?$/;
/** Help Scout's conversation id and, when the URL carries it, the conversation number. */
export function helpScoutIds(url: URL): { id: string; number: string | undefined } | undefined {
  if (!HELP_SCOUT_HOSTS.has(url.hostname)) return undefined;
  const m = HELP_SCOUT_PATH.exec(url.pathname);
  return m ? { id: m[1]!, number: m[2] } : undefined;
}
export const helpScout = (url: URL) => helpScoutIds(url) !== undefined;

const FRONT_CNV = /^\/(?:open|conversations)\/(cnv_[a-z0-9]{1,20})\/?$/;
// /inboxes/<kind>/<folder…>/<view>/<n>: numeric last, a word (open, all, unassigned…) before it.
const FRONT_INBOX = /^\/inboxes\/(?:[^/]+\/){2,}?([a-z_-]+)\/(\d{1,20})\/?$/i;
/** The conversation's API id (`cnv_…`) from either URL form. */
export function frontConversationId(url: URL): string | undefined {
  if (url.hostname !== 'app.frontapp.com') return undefined;
  const direct = FRONT_CNV.exec(url.pathname)?.[1];
  if (direct) return direct;
  const n = FRONT_INBOX.exec(url.pathname)?.[2];
  return n ? `cnv_${BigInt(n).toString(36)}` : undefined;
}
export const front = (url: URL) => frontConversationId(url) !== undefined;

const GORGIAS_PATH = /^\/app\/(?:views\/\d{1,15}|ticket)\/(\d{1,15})\/?$/;
export function gorgiasTicketId(url: URL): string | undefined {
  if (!/^[a-z0-9-]+\.gorgias\.com$/i.test(url.hostname)) return undefined;
  return GORGIAS_PATH.exec(url.pathname)?.[1];
}
export const gorgias = (url: URL) => gorgiasTicketId(url) !== undefined;

const RT_DISPLAY_PATH = /\/Ticket\/Display\.html$/;
export function requestTrackerTicketId(url: URL): string | undefined {
  if (!RT_DISPLAY_PATH.test(url.pathname)) return undefined;
  const id = url.searchParams.get('id')?.trim();
  return id && /^\d{1,12}$/.test(id) ? id : undefined;
}
export const requestTracker = (url: URL) => requestTrackerTicketId(url) !== undefined;

export function osticketTicketId(url: URL): string | undefined {
  if (!/\/scp\/tickets\.php$/.test(url.pathname)) return undefined;
  if (url.searchParams.get('a')) return undefined; // edit / print / open forms, not the ticket view
  const id = url.searchParams.get('id')?.trim();
  return id && /^\d{1,12}$/.test(id) ? id : undefined;
}
export const osticket = (url: URL) => osticketTicketId(url) !== undefined;

export const ZAMMAD_ROUTE = /^#\/?ticket\/zoom\/(\d{1,12})(?:[/?]|$)/;
export const zammad = (url: URL) => ZAMMAD_ROUTE.test(url.hash);

export const FREESCOUT_PATH = /(?:^|\/)conversation\/(\d{1,12})\/?$/;
export const freescout = (url: URL) => FREESCOUT_PATH.test(url.pathname);

/**
 * First match wins, so the order is deliberate: SaaS adapters that check their own host come first;
 * adapters that match any host by path shape come last, because a path alone is weaker evidence
 * (e.g. `secure.helpscout.net/conversation/1` is Help Scout even though FreeScout's path looks the same).
 * Jira also matches Data Center installs by path; its `/browse/KEY-1` and `/projects/KEY/queues/` shapes
 * do not overlap the self-hosted ones below. `lib/adapters/index.ts` lists the adapters in this order.
 */
export const URL_TABLE = [
  { id: 'zendesk', matches: zendesk },
  { id: 'freshdesk', matches: freshdesk },
  { id: 'jira', matches: jira },
  { id: 'servicenow', matches: servicenow },
  { id: 'hubspot', matches: hubspot },
  { id: 'intercom', matches: intercom },
  { id: 'zoho-desk', matches: zohoDesk },
  { id: 'help-scout', matches: helpScout },
  { id: 'front', matches: front },
  { id: 'gorgias', matches: gorgias },
  // self-hosted, any host: matched by path shape
  { id: 'request-tracker', matches: requestTracker },
  { id: 'osticket', matches: osticket },
  { id: 'zammad', matches: zammad },
  { id: 'freescout', matches: freescout },
] as const satisfies readonly { id: string; matches: (url: URL) => boolean }[];

export type AdapterId = (typeof URL_TABLE)[number]['id'];

export const isAdapterId = (v: unknown): v is AdapterId => URL_TABLE.some((e) => e.id === v);

/** The helpdesk a URL belongs to, or undefined. Never throws: one broken matcher must not hide the others. */
export function adapterIdFor(url: URL): AdapterId | undefined {
  for (const e of URL_TABLE) {
    try {
      if (e.matches(url)) return e.id;
    } catch {
      /* try the next one */
    }
  }
  return undefined;
}

/** The built script that registers one adapter (entrypoints/adapter-<id>.ts → adapter-<id>.js). */
export const adapterScript = (id: AdapterId) => `/adapter-${id}.js` as const;
