// Pure model of the contract list: rows computed once per contract set (term status, search text),
// then filtered and sorted per query. Kept apart from the view so it is tested without rendering.
import type { Contract } from '../../lib/contracts/model';
import { termStatus, type TermStatus } from '../../lib/contracts/status';

export type SortKey = 'name' | 'tier' | 'termEnd';
export type StatusFilter = 'all' | 'exp30' | 'exp60' | 'exp90' | 'onboarding' | 'expired' | 'notStarted' | 'managed' | 'feed';

/** Where a listed contract comes from: managed (policy) and feed contracts are read-only here. */
export type RowSource = 'local' | 'managed' | 'feed';

export interface ListQuery {
  text: string;
  /** '' = all tiers. */
  tier: string;
  status: StatusFilter;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_QUERY: ListQuery = { text: '', tier: '', status: 'all', sort: 'name', desc: false };

export interface ListRow {
  contract: Contract;
  term: TermStatus;
  source: RowSource;
  /** Lower-cased, accent-free name, aliases, domains, contact emails and external ids. */
  haystack: string;
  sortName: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

/** `readOnly` maps the ids of policy and feed contracts to their source (lib/managed readOnlyContracts). */
export function buildRows(contracts: readonly Contract[], now: Date, readOnly: ReadonlyMap<string, Exclude<RowSource, 'local'>> = new Map()): ListRow[] {
  return contracts.map((contract) => {
    const cu = contract.customer;
    const parts = [cu.name, ...(cu.aliases ?? []), ...(cu.domains ?? []), ...(cu.contacts ?? []), ...(cu.externalIds ?? []), contract.id];
    return {
      contract,
      term: safeTerm(contract, now),
      source: readOnly.get(contract.id) ?? 'local',
      haystack: fold(parts.join('\n')),
      sortName: fold(cu.name),
    };
  });
}

/** A stored contract is valid, but the list must survive a hand-edited one with a broken date or zone. */
function safeTerm(c: Contract, now: Date): TermStatus {
  try {
    const t = termStatus(c, now, 90);
    if (Number.isFinite(t.daysLeft)) return t;
  } catch {
    /* fall through */
  }
  return { state: 'active', daysLeft: Number.POSITIVE_INFINITY, onboarding: false, today: '' };
}

const EXPIRING_DAYS: Partial<Record<StatusFilter, number>> = { exp30: 30, exp60: 60, exp90: 90 };

export function matchesStatus(row: ListRow, status: StatusFilter): boolean {
  const days = EXPIRING_DAYS[status];
  if (days !== undefined) return row.term.state !== 'notStarted' && row.term.daysLeft >= 0 && row.term.daysLeft <= days;
  switch (status) {
    case 'onboarding':
      return row.term.onboarding;
    case 'expired':
      return row.term.state === 'expired';
    case 'notStarted':
      return row.term.state === 'notStarted';
    case 'managed':
    case 'feed':
      return row.source === status;
    default:
      return true;
  }
}

/** Well-known tiers from highest to lowest; others sort after them alphabetically. */
const TIER_RANK = ['strategic', 'enterprise', 'premier', 'platinum', 'premium', 'gold', 'business', 'professional', 'silver', 'standard', 'basic', 'bronze', 'starter'];
function tierRank(tier: string): number {
  const i = TIER_RANK.indexOf(tier.trim().toLowerCase());
  return i < 0 ? TIER_RANK.length : i;
}

function compare(a: ListRow, b: ListRow, sort: SortKey): number {
  const byName = a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
  if (sort === 'tier') {
    const d = tierRank(a.contract.tier) - tierRank(b.contract.tier);
    if (d !== 0) return d;
    const at = a.contract.tier.trim().toLowerCase();
    const bt = b.contract.tier.trim().toLowerCase();
    return at < bt ? -1 : at > bt ? 1 : byName;
  }
  if (sort === 'termEnd') {
    const ae = a.contract.term.end;
    const be = b.contract.term.end;
    return ae < be ? -1 : ae > be ? 1 : byName;
  }
  return byName;
}

/** Every word of the text must occur in the row (name, alias, domain, email or external id). */
export function filterRows(rows: readonly ListRow[], q: ListQuery): ListRow[] {
  const words = fold(q.text).split(/\s+/).filter(Boolean);
  const tier = q.tier.trim().toLowerCase();
  const out = rows.filter(
    (r) =>
      (tier === '' || r.contract.tier.trim().toLowerCase() === tier) &&
      matchesStatus(r, q.status) &&
      words.every((w) => r.haystack.includes(w)),
  );
  out.sort((a, b) => compare(a, b, q.sort));
  if (q.desc) out.reverse();
  return out;
}

export interface ListCounts {
  total: number;
  tiers: { tier: string; count: number }[];
  status: Record<Exclude<StatusFilter, 'all'>, number>;
}

export function countRows(rows: readonly ListRow[]): ListCounts {
  const tiers = new Map<string, { tier: string; count: number }>();
  const status: ListCounts['status'] = { exp30: 0, exp60: 0, exp90: 0, onboarding: 0, expired: 0, notStarted: 0, managed: 0, feed: 0 };
  for (const r of rows) {
    const key = r.contract.tier.trim().toLowerCase();
    const t = tiers.get(key);
    if (t) t.count++;
    else tiers.set(key, { tier: r.contract.tier.trim(), count: 1 });
    for (const s of Object.keys(status) as (keyof typeof status)[]) if (matchesStatus(r, s)) status[s]++;
  }
  return {
    total: rows.length,
    tiers: [...tiers.values()].sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || a.tier.localeCompare(b.tier)),
    status,
  };
}
