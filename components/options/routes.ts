// Hash routes of the options page. `#new?domain=acme.com&name=Acme` is the overlay's "Add contract" link.
export type Route =
  | { page: 'list' }
  | { page: 'edit'; id: string }
  | { page: 'new'; name?: string; domain?: string }
  | { page: 'import' }
  | { page: 'domains' }
  | { page: 'compliance' }
  | { page: 'team' }
  | { page: 'settings' };

const SIMPLE = ['import', 'domains', 'compliance', 'team', 'settings'] as const;

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const head = q < 0 ? h : h.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  if (head === 'new') {
    const name = params.get('name')?.trim();
    const domain = params.get('domain')?.trim();
    return { page: 'new', ...(name ? { name } : {}), ...(domain ? { domain } : {}) };
  }
  if (head.startsWith('edit/')) {
    let id = head.slice(5);
    try {
      id = decodeURIComponent(id);
    } catch {
      /* keep the raw id */
    }
    return id ? { page: 'edit', id } : { page: 'list' };
  }
  const simple = SIMPLE.find((p) => p === head);
  if (simple) return { page: simple };
  return { page: 'list' };
}

export function routeHash(r: Route): string {
  switch (r.page) {
    case 'edit':
      return `#edit/${encodeURIComponent(r.id)}`;
    case 'new': {
      const p = new URLSearchParams();
      if (r.name) p.set('name', r.name);
      if (r.domain) p.set('domain', r.domain);
      const s = p.toString();
      return s ? `#new?${s}` : '#new';
    }
    case 'list':
      return '#';
    default:
      return `#${r.page}`;
  }
}
