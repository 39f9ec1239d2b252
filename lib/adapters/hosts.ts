/**
 * Static match patterns for the SaaS helpdesks. Used by wxt.config.ts (host_permissions) and by the
 * content script's `matches`. Self-hosted helpdesks (Request Tracker, osTicket, Zammad, FreeScout,
 * Jira Data Center, custom Freshdesk domains) are added at runtime through optional host permissions.
 */
export const SAAS_MATCHES = [
  'https://*.zendesk.com/*',
  'https://*.freshdesk.com/*',
  'https://*.atlassian.net/*',
  'https://*.service-now.com/*',
  'https://app.hubspot.com/*',
  'https://app-eu1.hubspot.com/*',
  'https://app.intercom.com/*',
  'https://app.eu.intercom.com/*',
  'https://app.au.intercom.com/*',
  'https://secure.helpscout.net/*',
  'https://app.helpscout.com/*',
  'https://app.frontapp.com/*',
  'https://desk.zoho.com/*',
  'https://desk.zoho.eu/*',
  'https://desk.zoho.in/*',
  'https://desk.zoho.com.au/*',
  'https://desk.zoho.jp/*',
  'https://*.gorgias.com/*',
];
