// Which URLs are ticket lists, per helpdesk: the one definition, used by the readers (./<helpdesk>.ts,
// in the list kit) and by the content script to decide whether the list kit is worth loading at all.
// Imports only the URL table (../adapters/urls, already in the content script).
import { freshdesk, jiraIsCloud, zendesk } from '../adapters/urls';

export const zendeskList = (url: URL): boolean => zendesk(url) && /^\/agent\/filters\/\d{1,20}\/?$/.test(url.pathname);

export const freshdeskList = (url: URL): boolean =>
  freshdesk(url) && /^\/a\/tickets(?:\/(?:filters|view)\/[^/]+)?\/?$/.test(url.pathname);

export const jiraList = (url: URL): boolean =>
  jiraIsCloud(url)
    ? /^\/jira\/servicedesk\/projects\/[A-Z][A-Z0-9_]{0,30}\/queues\//.test(url.pathname)
    : /\/projects\/[A-Z][A-Z0-9_]{0,30}\/queues\//.test(url.pathname);

export const requestTrackerList = (url: URL): boolean => /\/Search\/Results\.html$/.test(url.pathname);

const LIST_URLS = [zendeskList, freshdeskList, jiraList, requestTrackerList];

/** Whether any list reader covers this URL (never throws). */
export function isListUrl(url: URL): boolean {
  return LIST_URLS.some((m) => {
    try {
      return m(url);
    } catch {
      return false;
    }
  });
}
