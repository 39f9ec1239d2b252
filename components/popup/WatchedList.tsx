// Watched tickets, most urgent first (the background's order, lib/watch/schedule urgencyList): the
// deciding clock's state, time left or overdue and due time, a link that focuses or opens the ticket,
// pin and stop watching. Times left are wall-clock time to the due instant.
import { useState } from 'preact/hooks';
import type { TargetKind } from '../../lib/contracts/model';
import { formatTimeLeft } from '../../lib/sla/format';
import type { Settings } from '../../lib/settings';
import type { BadgeState, Urgency, WatchListItem } from '../../lib/watch/schedule';
import { httpsHref } from './links';

export type WatchedState = { ok: true; items: WatchListItem[]; badge: BadgeState } | { ok: false; error: string } | null;

export interface WatchedActions {
  onOpen: (item: WatchListItem) => void;
  onPin: (key: string, pinned: boolean) => void;
  onForget: (key: string) => void;
}

const KIND: Record<TargetKind, string> = { firstResponse: 'First response', updateCadence: 'Customer update', resolution: 'Resolution' };
const URGENCY: Record<Urgency, { cls: string; text: string }> = {
  breached: { cls: 'bad', text: 'Breached' },
  atRisk: { cls: 'warn', text: 'At risk' },
  running: { cls: 'ok', text: 'Running' },
  paused: { cls: 'info', text: 'Paused' },
  closed: { cls: '', text: 'Closed' },
  none: { cls: '', text: 'No clock' },
};
/** Shown before "Show all": the urgent ones always fit. */
const FIRST = 8;

function dueText(iso: string | null, now: Date, hour12: Settings['hour12'] | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(undefined, {
    hour: '2-digit', minute: '2-digit', ...(sameDay ? {} : { weekday: 'short' as const }),
    ...(hour12 === true || hour12 === false ? { hour12 } : {}),
  }).format(d);
}

export function leftText(item: WatchListItem, now: Date): string {
  if (item.urgency === 'paused') return 'paused';
  if (!item.dueAt) return '';
  const due = Date.parse(item.dueAt);
  if (!Number.isFinite(due)) return '';
  return formatTimeLeft((due - now.getTime()) / 60_000);
}

export function WatchedList({ state, now, hour12, actions }: { state: WatchedState; now: Date; hour12: Settings['hour12'] | undefined; actions: WatchedActions }) {
  const [all, setAll] = useState(false);
  if (state === null) return null;
  if (!state.ok) {
    return (
      <section class="watched" aria-labelledby="watched-h">
        <h2 id="watched-h">Watched tickets</h2>
        <p class="muted small">Could not load them: {state.error}</p>
      </section>
    );
  }
  const open = state.items.filter((i) => i.urgency !== 'closed');
  const closed = state.items.length - open.length;
  const shown = all ? open : open.slice(0, FIRST);
  const b = state.badge;
  return (
    <section class="watched" aria-labelledby="watched-h">
      <h2 id="watched-h">
        Watched tickets
        {b.breached > 0 && <span class="badge bad">{b.breached} breached</span>}
        {b.atRisk > 0 && <span class="badge warn">{b.atRisk} at risk</span>}
      </h2>
      {open.length === 0 ? (
        <p class="muted small empty-watch">
          Nothing to watch right now. Tickets you open with a matched contract appear here, most urgent first, and the toolbar badge counts the ones at risk or breached.
          {closed > 0 && ` ${closed} closed ticket${closed === 1 ? ' is' : 's are'} kept for the compliance report.`}
        </p>
      ) : (
        <ol class="watch-list">
          {shown.map((item) => <WatchRow key={item.key} item={item} now={now} hour12={hour12} actions={actions} />)}
        </ol>
      )}
      {open.length > FIRST && (
        <button type="button" class="btn small ghost more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${open.length}`}
        </button>
      )}
    </section>
  );
}

function WatchRow({ item, now, hour12, actions }: { item: WatchListItem; now: Date; hour12: Settings['hour12'] | undefined; actions: WatchedActions }) {
  const u = URGENCY[item.urgency];
  const href = httpsHref(item.url);
  const title = `#${item.ticketId}${item.subject ? ` ${item.subject}` : ''}`;
  const open = (e: Event) => {
    e.preventDefault();
    actions.onOpen(item);
  };
  const left = leftText(item, now);
  const due = item.urgency === 'paused' ? '' : dueText(item.dueAt, now, hour12);
  return (
    <li class={`watch ${u.cls}`} data-key={item.key} data-urgency={item.urgency}>
      <div class="watch-main">
        {href ? (
          <a class="ticket" href={href} onClick={open} title="Go to the ticket">{title}</a>
        ) : (
          <button type="button" class="link ticket" onClick={open} title="Go to the ticket">{title}</button>
        )}
        <span class="watch-meta">
          {item.customer}
          {item.severity && <> · {item.severity.replace('sev', 'Sev ')}</>}
          <span class="muted"> · {item.helpdesk}</span>
        </span>
        <span class="watch-clock">
          <span class={`badge ${u.cls}`}>{u.text}</span>
          {item.kind && <span class="kind">{KIND[item.kind]}</span>}
          {left && <b class="left">{left}</b>}
          {due && <span class="muted">due {due}</span>}
        </span>
      </div>
      <div class="watch-actions">
        <button type="button" class={`icon-btn pin${item.pinned ? ' on' : ''}`} aria-pressed={item.pinned}
          aria-label={`${item.pinned ? 'Unpin' : 'Pin'} ticket #${item.ticketId}`}
          title={item.pinned ? 'Pinned: kept until you unpin it' : 'Pin: keep watching even when not opened for a while'}
          onClick={() => actions.onPin(item.key, !item.pinned)}>
          <PinIcon />
        </button>
        <button type="button" class="icon-btn" aria-label={`Stop watching ticket #${item.ticketId}`} title="Stop watching"
          onClick={() => actions.onForget(item.key)}>×</button>
      </div>
    </li>
  );
}

function PinIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M10.5 1.5 14.5 5.5 12.8 6.2 10.2 8.8 10.6 12.1 9.4 13.3 6.5 10.4 2.5 14.4 1.6 13.5 5.6 9.5 2.7 6.6 3.9 5.4 7.2 5.8 9.8 3.2Z" />
    </svg>
  );
}
