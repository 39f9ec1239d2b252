// Shared rules for the reading-rules tests: the "Acme Desk" fixtures in test/fixtures/_unknown/.
import type { Rule } from '../../lib/rules/model';

export const ACME = 'https://desk.acme-internal.example';

/** What a team lead would save for the classic Acme Desk ticket view (acme-desk.html). */
export const acmeRule: Rule = {
  id: 'acme-desk',
  label: 'Acme Desk',
  origin: ACME,
  path: '/desk/tickets/*',
  scope: { selector: 'main[data-view="ticket"]' },
  anchor: { selector: 'h1[data-field="subject"]' },
  fields: {
    ticketId: { from: 'url', regex: '^/desk/tickets/(\\d+)' },
    subject: { selector: 'h1[data-field="subject"]' },
    requesterName: { selector: 'dl > dd:nth-of-type(1) > span:nth-of-type(1)' },
    requesterEmail: { selector: 'dl > dd:nth-of-type(1)', regex: '<([^<>\\s]+@[^<>\\s]+)>' },
    organization: { selector: '[data-field="company"]' },
    priority: { selector: '#prio-box', regex: '^Priority:\\s*(\\w+)' },
    status: { selector: 'select[name="status"]', read: 'value' },
    createdAt: { selector: 'dl time', read: 'attribute', attribute: 'title', date: { format: 'dd.MM.yyyy HH:mm', zone: 'Europe/Berlin' } },
    firstAgentReplyAt: { selector: 'article[data-author-role="agent"]:not([data-internal]) time', read: 'attribute', attribute: 'datetime' },
    lastAgentReplyAt: { selector: 'article[data-author-role="agent"]:not([data-internal]) time', which: 'last', read: 'attribute', attribute: 'datetime' },
  },
};

/** The 2026 UI (acme-desk-widgets.html): requester card in a shadow root, details in an iframe. */
export const acmeWidgetsRule: Rule = {
  id: 'acme-desk-2026',
  origin: ACME,
  path: '/desk/**',
  scope: { selector: 'main[data-view="ticket"]' },
  fields: {
    subject: { selector: 'h1[data-field="subject"]' },
    requesterName: { within: [{ shadow: 'acme-requester-card' }], selector: '[part="name"]' },
    requesterEmail: { within: [{ shadow: 'acme-requester-card' }], selector: 'a[part="email"]', read: 'attribute', attribute: 'href' },
    organization: { within: [{ shadow: 'acme-requester-card' }], selector: '[part="org"]' },
    priority: { within: [{ frame: '#details-frame' }], selector: '[data-prop="priority"]' },
    status: { within: [{ frame: '#details-frame' }], selector: '[data-prop="status"]' },
    createdAt: { within: [{ frame: '#details-frame' }], selector: '[data-prop="opened"]', date: { format: 'dd.MM.yyyy HH:mm', zone: 'Europe/Berlin' } },
  },
};

/**
 * Builds declared shadow roots (<template shadowrootmode>) with DOM APIs, as a browser does when it
 * loads the page (DOMParser, like happy-dom's, leaves them as templates).
 */
export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const t of Array.from(root.querySelectorAll('template[shadowrootmode]')) as HTMLTemplateElement[]) {
    const host = t.parentElement;
    if (!host || host.shadowRoot) continue;
    const shadow = host.attachShadow({ mode: t.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open' });
    shadow.append(t.content.cloneNode(true));
    t.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}
