// The background's `watch:list` reply, read defensively (a message crosses a process boundary) into
// a map by watch key. Only the fields list badges use are kept.
import { SEVERITIES, TARGET_KINDS } from '../contracts/model';
import type { Urgency, WatchListItem } from '../watch/schedule';

const URGENCIES = new Set<Urgency>(['breached', 'atRisk', 'running', 'paused', 'closed', 'none']);
const KINDS = new Set<string>(TARGET_KINDS);
const SEVS = new Set<string>(SEVERITIES);

const str = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

export function watchMapFromReply(reply: unknown): Map<string, WatchListItem> {
  const out = new Map<string, WatchListItem>();
  const r = reply as { ok?: unknown; items?: unknown } | null | undefined;
  if (!r || r.ok !== true || !Array.isArray(r.items)) return out;
  for (const raw of r.items.slice(0, 2000) as Record<string, unknown>[]) {
    if (!raw || typeof raw !== 'object') continue;
    const key = str(raw.key, 300);
    const urgency = raw.urgency as Urgency;
    const contractId = str(raw.contractId, 64);
    if (!key || !URGENCIES.has(urgency) || !contractId) continue;
    const dueAt = str(raw.dueAt, 40);
    out.set(key, {
      key,
      urgency,
      kind: typeof raw.kind === 'string' && KINDS.has(raw.kind) ? (raw.kind as WatchListItem['kind']) : null,
      dueAt: dueAt && Number.isFinite(Date.parse(dueAt)) ? dueAt : null,
      closed: raw.closed === true,
      helpdesk: str(raw.helpdesk, 40) ?? '',
      ticketId: str(raw.ticketId, 100) ?? '',
      url: str(raw.url, 2000) ?? '',
      customer: str(raw.customer, 200) ?? '',
      contractId,
      severity: typeof raw.severity === 'string' && SEVS.has(raw.severity) ? (raw.severity as WatchListItem['severity']) : null,
      pinned: raw.pinned === true,
      lastSeenAt: str(raw.lastSeenAt, 40) ?? '',
    });
  }
  return out;
}
