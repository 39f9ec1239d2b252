// Agent quick lookup: typo-tolerant customer search with keyboard navigation, the contract card, the
// ticket in the current tab (when the overlay has read one), the watched tickets most urgent first,
// and the uptime calculator.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Contract } from '../../lib/contracts/model';
import type { ActiveTicketEntry } from '../../lib/popup-bridge';
import { buildSearchIndex, searchContracts, type SearchHit } from '../../lib/search';
import type { Settings } from '../../lib/settings';
import { ActiveTicket } from './ActiveTicket';
import { ResultCard, termBadge } from './ResultCard';
import { UptimeCalculator } from './UptimeCalculator';
import { WatchedList, type WatchedActions, type WatchedState } from './WatchedList';

export interface PopupProps {
  contracts: readonly Contract[] | null;
  active: ActiveTicketEntry | null;
  settings: Pick<Settings, 'hour12'> | null;
  now: Date;
  onCopy: (text: string) => Promise<void>;
  onOpenOptions: (hash: string) => void;
  /** The background's `watch:list` reply (null while loading). */
  watched?: WatchedState;
  watchActions?: WatchedActions;
}

const FIELD_LABEL: Record<SearchHit['field'], string> = { name: '', alias: 'alias', domain: 'domain', contact: 'contact', externalId: 'id' };

export function PopupApp(props: PopupProps) {
  const contracts = props.contracts ?? [];
  const index = useMemo(() => buildSearchIndex(contracts), [contracts]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const hits = useMemo(() => searchContracts(index, query, { limit: 8 }), [index, query]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => input.current?.focus(), []);

  const byId = useMemo(() => new Map(contracts.map((c) => [c.id, c])), [contracts]);
  const ticketContract = props.active?.contractId ? byId.get(props.active.contractId) ?? null : null;
  const shown = selected ? byId.get(selected) ?? null : null;
  const listOpen = query.trim() !== '' && !shown;

  const choose = (id: string) => {
    setSelected(id);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      if (shown) setSelected(null);
      setActive((a) => (a + 1) % hits.length);
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      if (shown) setSelected(null);
      setActive((a) => (a - 1 + hits.length) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const h = hits[active];
      if (h && listOpen) choose(h.contract.id);
    } else if (e.key === 'Escape' && (query || shown)) {
      e.preventDefault();
      setQuery('');
      setSelected(null);
    }
  };
  const copy = (text: string, what: string) =>
    void props.onCopy(text).then(
      () => setNote(`${what} copied`),
      () => setNote('Copy failed: select the text instead'),
    );
  useEffect(() => {
    if (!note) return;
    const t = setTimeout(() => setNote(null), 2000);
    return () => clearTimeout(t);
  }, [note]);

  return (
    <main class="popup">
      <h1 class="sr-only">SLA Lens customer lookup</h1>
      <header class="popup-head">
        <div class="combo">
          <label for="q" class="sr-only">Find a customer by name, domain or email</label>
          <input
            id="q"
            ref={input}
            type="search"
            role="combobox"
            list={undefined}
            autoComplete="off"
            spellcheck={false}
            placeholder="Customer, domain or email…"
            aria-expanded={listOpen}
            aria-controls="results"
            aria-autocomplete="list"
            aria-activedescendant={listOpen && hits[active] ? `opt-${active}` : undefined}
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setSelected(null);
            }}
            onKeyDown={onKey}
          />
        </div>
        <button type="button" class="icon-btn gear" aria-label="Open the contracts console" title="Contracts console" onClick={() => props.onOpenOptions('')}>⚙</button>
      </header>

      {props.contracts === null ? (
        <p class="muted pad">Loading…</p>
      ) : listOpen ? (
        hits.length ? (
          <ul id="results" role="listbox" aria-label="Matching customers" class="results">
            {hits.map((h, i) => {
              const b = termBadge(h.contract, props.now);
              return (
                <li key={h.contract.id} id={`opt-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''}
                  onMouseMove={() => setActive(i)} onClick={() => choose(h.contract.id)}>
                  <span class="name">{h.contract.customer.name}</span>
                  <span class="meta">
                    {h.field !== 'name' && <span class="why">{FIELD_LABEL[h.field]}: {h.matched}</span>}
                    <span class="badge tier">{h.contract.tier}</span>
                    {b.cls !== 'ok' && <span class={`badge ${b.cls}`}>{b.text}</span>}
                  </span>
                </li>
              );
            })}
          </ul>
        ) : (
          <p id="results" class="muted pad" role="status">No customer matches “{query}”.</p>
        )
      ) : shown ? (
        <>
          <button type="button" class="btn small ghost back" onClick={() => (setSelected(null), input.current?.focus())}>← Results</button>
          <ResultCard contract={shown} now={props.now} onCopy={copy} onEdit={(id) => props.onOpenOptions(`#edit/${encodeURIComponent(id)}`)} />
        </>
      ) : (
        <>
          {props.active && (
            <ActiveTicket entry={props.active} contract={ticketContract} settings={props.settings} onShowContract={(id) => setSelected(id)} />
          )}
          {props.watchActions && (
            <WatchedList state={props.watched ?? null} now={props.now} hour12={props.settings?.hour12} actions={props.watchActions} />
          )}
          {contracts.length === 0 ? (
            <div class="pad">
              <p>No contracts yet.</p>
              <button type="button" class="btn small" onClick={() => props.onOpenOptions('#import')}>Import or add contracts</button>
            </div>
          ) : (
            !props.active && <p class="muted pad small">Search {contracts.length.toLocaleString()} contracts. Typos are fine; ↑ ↓ to move, Enter to open.</p>
          )}
          <details class="tool">
            <summary>Uptime calculator</summary>
            <UptimeCalculator />
          </details>
        </>
      )}
      {note && <div class="popup-toast" role="status">{note}</div>}
    </main>
  );
}
