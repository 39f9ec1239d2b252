// Wires the popup to storage (contracts, settings, the active-ticket bridge), the background (watched
// tickets) and the tabs.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ask } from '../../lib/background/messages';
import { loadContracts, watchContracts } from '../../lib/contracts/store';
import type { Contract } from '../../lib/contracts/model';
import { loadEffectiveContracts, watchEffectiveContracts } from '../../lib/managed';
import { activeTicketFor, activeTicketsItem, type ActiveTicketEntry } from '../../lib/popup-bridge';
import { loadSettings, watchSettings, type Settings } from '../../lib/settings';
import { watchedItem } from '../../lib/watch/store';
import { PopupApp } from '../../components/popup/PopupApp';
import { openTicket } from '../../components/popup/open-ticket';
import type { WatchedState } from '../../components/popup/WatchedList';
import '../../components/options/options.css';
import '../../components/popup/popup.css';

function applyTheme(s: Pick<Settings, 'theme'>) {
  if (s.theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = s.theme;
}

const send = (m: unknown) => browser.runtime.sendMessage(m);

function Root() {
  const [local, setLocal] = useState<Contract[] | null>(null);
  const [effective, setEffective] = useState<Contract[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [active, setActive] = useState<ActiveTicketEntry | null>(null);
  const [watched, setWatched] = useState<WatchedState>(null);
  const [now, setNow] = useState(() => new Date());
  const readWatched = () => void ask(send, { type: 'watch:list' }).then(setWatched);
  useEffect(() => {
    void loadContracts().then((s) => setLocal(s.contracts));
    // Policy and feed contracts too, once the background has merged them.
    void loadEffectiveContracts().then((e) => setEffective(e?.contracts ?? null));
    void loadSettings().then((s) => (setSettings(s), applyTheme(s)));
    const offC = watchContracts((s) => setLocal(s.contracts));
    const offE = watchEffectiveContracts((e) => setEffective(e?.contracts ?? null));
    const offS = watchSettings((s) => (setSettings(s), applyTheme(s)));
    let tabId: number | undefined;
    const readActive = () => void activeTicketsItem.getValue().then((all) => setActive(activeTicketFor(all, tabId, new Date())));
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      tabId = tab?.id;
      readActive();
    });
    const offA = activeTicketsItem.watch(readActive);
    readWatched();
    const offW = watchedItem.watch(readWatched);
    // States move on with time (running → at risk → breached): ask again as the clock ticks.
    const tick = setInterval(() => (setNow(new Date()), readWatched()), 30_000);
    return () => (offC(), offE(), offS(), offA(), offW(), clearInterval(tick));
  }, []);
  return (
    <PopupApp
      contracts={effective ?? local}
      active={active}
      settings={settings}
      now={now}
      watched={watched}
      watchActions={{
        onOpen: (item) => void openTicket(browser, item.url).then((r) => r !== 'refused' && window.close()),
        onPin: (key, pinned) => void ask(send, { type: pinned ? 'watch:pin' : 'watch:unpin', key }).then(readWatched),
        onForget: (key) => void ask(send, { type: 'watch:forget', key }).then(readWatched),
      }}
      onCopy={(text) => navigator.clipboard.writeText(text)}
      onOpenOptions={(hash) => {
        void browser.tabs.create({ url: browser.runtime.getURL(`/options.html${hash}`) });
        window.close();
      }}
    />
  );
}

render(<Root />, document.getElementById('app')!);
