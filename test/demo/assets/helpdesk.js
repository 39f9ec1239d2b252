// Demo helpdesk, browser side: behaves like the Zendesk agent workspace's single-page app. Ticket links
// and header tabs change the URL with history.pushState first, then load the pane (like the real app,
// the URL can run ahead of the DOM for a moment); opened tickets stay in the DOM as inactive panes with
// their header tab, so a content script must read the active pane only.
(() => {
  'use strict';
  const MAX_TICKET_TABS = 5;
  const LOAD_DELAY_MS = 120;
  const main = document.getElementById('main-panes');
  const tabs = document.querySelector('.header-tabs');
  const titles = new Map();

  const paneFor = (path) => Array.from(main.children).find((p) => p.dataset.pane === path) || null;
  const tabFor = (path) => Array.from(tabs.children).find((t) => t.getAttribute('href') === path) || null;

  function activate(path) {
    for (const pane of main.children) {
      const on = pane.dataset.pane === path;
      pane.dataset.isActive = String(on);
      pane.hidden = !on;
    }
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.getAttribute('href') === path));
    const title = titles.get(path);
    if (title) document.title = title;
    document.querySelectorAll('.nav-item').forEach((a) =>
      a.classList.toggle('active', a.getAttribute('aria-label') === (path.startsWith('/agent/filters/') ? 'Views' : 'Home')));
  }

  function trimTabs() {
    const ticketPanes = Array.from(main.querySelectorAll('.ticket-panes-grid-layout'));
    while (ticketPanes.length > MAX_TICKET_TABS) {
      const victim = ticketPanes.find((p) => p.dataset.isActive !== 'true');
      if (!victim) break;
      ticketPanes.splice(ticketPanes.indexOf(victim), 1);
      close(victim.dataset.pane, false);
    }
  }

  async function load(path) {
    const res = await fetch(path, { headers: { accept: 'text/html' } });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${path}`);
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const pane = doc.querySelector('#main-panes > [data-pane]');
    if (!pane) throw new Error(`no pane in ${path}`);
    titles.set(path, doc.title);
    main.append(document.adoptNode(pane));
    const tab = doc.querySelector('.header-tabs > [data-test-id="header-tab"]');
    if (tab && !tabFor(path)) tabs.append(document.adoptNode(tab));
    decorate(pane);
  }

  let seq = 0;
  async function navigate(path, push) {
    const mine = ++seq;
    if (push && path !== location.pathname + location.search) history.pushState({ path }, '', path);
    if (!paneFor(path)) {
      await new Promise((r) => setTimeout(r, LOAD_DELAY_MS));
      if (mine !== seq) return;
      try {
        await load(path);
      } catch {
        location.assign(path);
        return;
      }
      if (mine !== seq) return;
    }
    activate(path);
    trimTabs();
  }

  function close(path, navigateAway) {
    paneFor(path)?.remove();
    tabFor(path)?.remove();
    if (navigateAway) {
      const next = tabs.lastElementChild?.getAttribute('href') || document.querySelector('.logo').getAttribute('href');
      navigate(next, true);
    }
  }

  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element) || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const closeBtn = e.target.closest('[data-close-tab]');
    if (closeBtn) {
      e.preventDefault();
      const path = closeBtn.closest('[data-test-id="header-tab"]').getAttribute('href');
      close(path, path === location.pathname);
      return;
    }
    if (e.target.closest('[data-close-current]')) {
      close(location.pathname, true);
      return;
    }
    const a = e.target.closest('a[href]');
    if (!a) return;
    const href = a.getAttribute('href');
    if (href === '#') return e.preventDefault();
    if (!/^\/agent\/(tickets|filters)\//.test(href)) return;
    e.preventDefault();
    navigate(href, true);
  });

  window.addEventListener('popstate', () => navigate(location.pathname + location.search, false));

  // Times as the agent's browser shows them; the customer's local clock in the context panel.
  function decorate(root) {
    for (const t of root.querySelectorAll('time[datetime]')) {
      t.title = new Date(t.getAttribute('datetime')).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    for (const el of root.querySelectorAll('[data-local-time]')) {
      const zone = el.getAttribute('data-local-time');
      try {
        el.textContent = `${new Date().toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', weekday: 'short' })} (${zone})`;
      } catch {
        el.textContent = zone;
      }
    }
  }

  const first = main.querySelector('[data-pane]');
  if (first) {
    titles.set(first.dataset.pane, document.title);
    history.replaceState({ path: first.dataset.pane }, '', location.href);
    decorate(document);
  }
})();
