// The contract list: search, sort, filters with counts, and a windowed body so 5,000 contracts
// render as ~30 rows at a time.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { countRows, filterRows, type ListQuery, type ListRow, type SortKey, type StatusFilter } from './list-model';

export const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 34;
const OVERSCAN = 8;

export interface ContractListProps {
  rows: readonly ListRow[];
  query: ListQuery;
  onQuery: (q: ListQuery) => void;
  onNew: () => void;
  /** Builds the link for a contract (hash route). */
  hrefFor: (id: string) => string;
  /** Shown above the filters (policy / feed conflicts). */
  notice?: ComponentChildren;
}

const STATUS_LABELS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'exp30', label: 'Expiring ≤ 30 days' },
  { value: 'exp60', label: 'Expiring ≤ 60 days' },
  { value: 'exp90', label: 'Expiring ≤ 90 days' },
  { value: 'onboarding', label: 'In onboarding' },
  { value: 'expired', label: 'Expired' },
  { value: 'notStarted', label: 'Not started' },
  { value: 'managed', label: 'Managed by policy' },
  { value: 'feed', label: 'From feed' },
];

export const SOURCE_BADGE = { managed: 'Managed by policy', feed: 'From feed' } as const;

export function ContractList({ rows, query, onQuery, onNew, hrefFor, notice }: ContractListProps) {
  const counts = useMemo(() => countRows(rows), [rows]);
  const visible = useMemo(() => filterRows(rows, query), [rows, query]);
  const set = (patch: Partial<ListQuery>) => onQuery({ ...query, ...patch });
  const sortBy = (sort: SortKey) => set(query.sort === sort ? { desc: !query.desc } : { sort, desc: false });
  const ariaSort = (k: SortKey) => (query.sort === k ? (query.desc ? 'descending' : 'ascending') : 'none');
  const filtered = query.text.trim() !== '' || query.tier !== '' || query.status !== 'all';

  return (
    <section class="list-view" aria-labelledby="list-h">
      <div class="list-head">
        <h2 id="list-h">Contracts</h2>
        <p class="muted" role="status" aria-live="polite">
          {filtered ? `${visible.length.toLocaleString()} of ${counts.total.toLocaleString()} contracts` : `${counts.total.toLocaleString()} contracts`}
        </p>
        <span class="spacer" />
        <button type="button" class="btn primary" onClick={onNew}>+ New contract</button>
      </div>
      {notice}
      <div class="filters" role="search">
        <label class="sr-only" for="list-search">Search contracts</label>
        <input id="list-search" type="search" class="search" placeholder="Search name, domain, email, alias…" value={query.text}
          onInput={(e) => set({ text: e.currentTarget.value })} />
        <label class="sr-only" for="list-tier">Tier</label>
        <select id="list-tier" value={query.tier} onChange={(e) => set({ tier: e.currentTarget.value })}>
          <option value="">All tiers ({counts.total})</option>
          {counts.tiers.map((t) => (
            <option key={t.tier} value={t.tier}>{t.tier} ({t.count})</option>
          ))}
        </select>
        <label class="sr-only" for="list-status">Status</label>
        <select id="list-status" value={query.status} onChange={(e) => set({ status: e.currentTarget.value as StatusFilter })}>
          {STATUS_LABELS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label} ({s.value === 'all' ? counts.total : counts.status[s.value]})
            </option>
          ))}
        </select>
        {filtered && (
          <button type="button" class="btn ghost small" onClick={() => onQuery({ ...query, text: '', tier: '', status: 'all' })}>Clear filters</button>
        )}
      </div>
      <div class="quick-filters" role="group" aria-label="Quick filters">
        {(['exp30', 'onboarding', 'expired', 'managed', 'feed'] as const).filter((s) => counts.status[s] > 0 || query.status === s || (s !== 'managed' && s !== 'feed')).map((s) => (
          <button key={s} type="button" class={`chip-btn${query.status === s ? ' on' : ''}`} aria-pressed={query.status === s}
            onClick={() => set({ status: query.status === s ? 'all' : s })}>
            {STATUS_LABELS.find((x) => x.value === s)!.label} <b>{counts.status[s]}</b>
          </button>
        ))}
      </div>

      <div class="table" role="table" aria-label="Contracts" aria-rowcount={visible.length + 1}>
        <Rows rows={visible} hrefFor={hrefFor}>
          <div class="tr th" role="row" aria-rowindex={1}>
            <span role="columnheader" aria-sort={ariaSort('name')} class="c-name">
              <button type="button" class="sort" onClick={() => sortBy('name')}>Customer{arrow(query, 'name')}</button>
            </span>
            <span role="columnheader" aria-sort={ariaSort('tier')} class="c-tier">
              <button type="button" class="sort" onClick={() => sortBy('tier')}>Tier{arrow(query, 'tier')}</button>
            </span>
            <span role="columnheader" aria-sort={ariaSort('termEnd')} class="c-term">
              <button type="button" class="sort" onClick={() => sortBy('termEnd')}>Term end{arrow(query, 'termEnd')}</button>
            </span>
            <span role="columnheader" class="c-status">Status</span>
          </div>
        </Rows>
        {visible.length === 0 && (
          <p class="empty">
            {counts.total === 0 ? 'No contracts yet. Add one or import a JSON/CSV file.' : 'No contract matches these filters.'}
          </p>
        )}
      </div>
    </section>
  );
}

function arrow(q: ListQuery, k: SortKey) {
  return q.sort === k ? <span aria-hidden="true">{q.desc ? ' ↓' : ' ↑'}</span> : null;
}

function Rows({ rows, hrefFor, children }: { rows: readonly ListRow[]; hrefFor: (id: string) => string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // happy-dom and hidden tabs report 0: fall back to a screenful.
    const measure = () => setHeight(Math.max(0, el.clientHeight - HEADER_HEIGHT) || 600);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // A new filter result starts at the top.
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div class="scroller" ref={ref} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div role="rowgroup" class="thead">{children}</div>
      <div role="rowgroup" class="tbody" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
        {rows.slice(first, last).map((r, i) => (
          <Row key={r.contract.id} row={r} index={first + i} href={hrefFor(r.contract.id)} />
        ))}
      </div>
    </div>
  );
}

function Row({ row, index, href }: { row: ListRow; index: number; href: string }) {
  const c = row.contract;
  const t = row.term;
  const status =
    t.state === 'expired' ? { cls: 'bad', text: `Expired ${-t.daysLeft} d ago` }
    : t.state === 'notStarted' ? { cls: 'info', text: `Starts in ${t.daysToStart} d` }
    : t.daysLeft <= 30 ? { cls: 'warn', text: `Expires in ${t.daysLeft} d` }
    : t.daysLeft <= 90 ? { cls: 'muted', text: `${t.daysLeft} d left` }
    : { cls: 'ok', text: 'Active' };
  return (
    <div class="tr" role="row" aria-rowindex={index + 2} style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}>
      <span role="cell" class="c-name">
        <a href={href}>{c.customer.name}</a>
        <span class="sub">{[...(c.customer.domains ?? [])].slice(0, 2).join(', ') || c.id}</span>
      </span>
      <span role="cell" class="c-tier">{c.tier}</span>
      <span role="cell" class="c-term">{c.term.end}</span>
      <span role="cell" class="c-status">
        <span class={`badge ${status.cls}`}>{status.text}</span>
        {t.onboarding && <span class="badge info">Onboarding</span>}
        {row.source !== 'local' && (
          <span class={`badge source ${row.source}`} title={row.source === 'managed' ? 'Set by your administrator: read-only here' : 'From the team feed: read-only here'}>
            {SOURCE_BADGE[row.source]}
          </span>
        )}
      </span>
    </div>
  );
}
