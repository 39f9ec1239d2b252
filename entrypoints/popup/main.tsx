// Wires the popup to storage (contracts, settings, the active-ticket bridge) and the current tab.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { loadContracts, watchContracts } from '../../lib/contracts/store';
import type { Contract } from '../../lib/contracts/model';
import { activeTicketFor, activeTicketsItem, type ActiveTicketEntry } from '../../lib/popup-bridge';
import { loadSettings, watchSettings, type Settings } from '../../lib/settings';
import { PopupApp } from '../../components/popup/PopupApp';
import '../../components/options/options.css';
import '../../components/popup/popup.css';

function applyTheme(s: Pick<Settings, 'theme'>) {
  if (s.theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = s.theme;
}

function Root() {
  const [contracts, setContracts] = useState<Contract[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [active, setActive] = useState<ActiveTicketEntry | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    void loadContracts().then((s) => setContracts(s.contracts));
    void loadSettings().then((s) => (setSettings(s), applyTheme(s)));
    const offC = watchContracts((s) => setContracts(s.contracts));
    const offS = watchSettings((s) => (setSettings(s), applyTheme(s)));
    let tabId: number | undefined;
    const readActive = () => void activeTicketsItem.getValue().then((all) => setActive(activeTicketFor(all, tabId, new Date())));
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      tabId = tab?.id;
      readActive();
    });
    const offA = activeTicketsItem.watch(readActive);
    const tick = setInterval(() => setNow(new Date()), 30_000);
    return () => (offC(), offS(), offA(), clearInterval(tick));
  }, []);
  return (
    <PopupApp
      contracts={contracts}
      active={active}
      settings={settings}
      now={now}
      onCopy={(text) => navigator.clipboard.writeText(text)}
      onOpenOptions={(hash) => {
        void browser.tabs.create({ url: browser.runtime.getURL(`/options.html${hash}`) });
        window.close();
      }}
    />
  );
}

render(<Root />, document.getElementById('app')!);
