// Editing a contract: the draft is a plain Contract-shaped object changed by path, cleaned of empty
// optional parts before validation (an empty TAM form is "no TAM", not "a TAM without a name"), and
// validation issues are mapped back to the field that shows them.
import type { Contract, Target } from '../../lib/contracts/model';
import type { Issue } from '../../lib/contracts/validate';

export type Path = readonly (string | number)[];

/** Same notation as the validator's issue paths: customer.domains[2], pausingStatuses["*"]. */
export function pathKey(path: Path): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(k)) s += (s ? '.' : '') + k;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s;
}

export function getAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Immutable set: copies each object/array along the path; `undefined` deletes an object key. */
export function setAt<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path as [string | number, ...(string | number)[]];
  const base = obj !== null && typeof obj === 'object' ? obj : typeof k === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string | number, unknown>;
  const next = setAt(copy[k], rest, value);
  if (next === undefined && !Array.isArray(copy)) delete copy[k];
  else copy[k] = next;
  return copy as T;
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * Drops what the form leaves empty: "" strings, empty lists and objects, and optional groups whose
 * every field is empty. Required top-level groups stay so validation names what is missing.
 */
export function cleanDraft(draft: Contract): Contract {
  const clean = (x: unknown): unknown => {
    if (typeof x === 'string') return x.trim() === '' ? undefined : x;
    if (Array.isArray(x)) {
      const a = x.map(clean).filter((v) => v !== undefined);
      return a.length ? a : undefined;
    }
    if (isObj(x)) {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) {
        const c = clean(v);
        if (c !== undefined) o[k] = c;
      }
      return Object.keys(o).length ? o : undefined;
    }
    return x;
  };
  const out = (clean(draft) ?? {}) as Record<string, unknown>;
  // Required groups: keep them (possibly empty) so the validator reports "is required" on the fields.
  for (const k of ['customer', 'term', 'calendar', 'targets'] as const) if (!out[k]) out[k] = {};
  if (!out.channels) out.channels = [];
  // Weekly intervals are pairs; a pair with an empty side must reach validation as it is.
  const weekly = getAt(draft, ['calendar', 'weekly']);
  if (isObj(weekly) && isObj(out.calendar)) {
    const w: Record<string, unknown> = {};
    for (const [day, list] of Object.entries(weekly)) if (Array.isArray(list) && list.length) w[day] = list;
    out.calendar = { ...out.calendar, weekly: w };
  }
  // Escalation levels keep their severity and contact lists even when empty ("must list at least one").
  const levels = getAt(draft, ['escalation']);
  if (Array.isArray(levels) && Array.isArray(out.escalation)) {
    out.escalation = (out.escalation as Record<string, unknown>[]).map((l, i) => ({
      ...l,
      severities: l.severities ?? [],
      contacts: l.contacts ?? [],
      trigger: l.trigger ?? (levels[i] as Record<string, unknown>)?.trigger,
    }));
  }
  return out as unknown as Contract;
}

/** Issues of the contract at `index` keyed by field path (without the `contracts[i].` prefix). */
export function issuesByField(issues: readonly Issue[], index: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const prefix = `contracts[${index}]`;
  for (const i of issues) {
    if (!i.path.startsWith(prefix)) continue;
    const key = i.path.slice(prefix.length).replace(/^\./, '');
    const list = out.get(key);
    if (list) list.push(i.message);
    else out.set(key, [i.message]);
  }
  return out;
}

/**
 * Messages for a field: its own path, and (for list and group fields) its items, labelled
 * "item 2: …" or "sat[1]: …" so the person sees which entry is wrong.
 */
export function messagesFor(errors: ReadonlyMap<string, string[]>, key: string, opts: { deep?: boolean } = {}): string[] {
  const out = [...(errors.get(key) ?? [])];
  if (opts.deep) {
    for (const [k, msgs] of errors) {
      if (k === key || !(k.startsWith(`${key}[`) || k.startsWith(`${key}.`))) continue;
      const rest = k.slice(key.length).replace(/^\./, '');
      const label = /^\[(\d+)\]$/.test(rest) ? `item ${Number(rest.slice(1, -1)) + 1}` : rest;
      for (const m of msgs) out.push(`${label}: ${m}`);
    }
  }
  return out;
}

export function slugify(s: string): string {
  const slug = s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'contract';
}

/** A free id based on `base`: "acme", then "acme-2", "acme-3"… */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const root = slugify(base);
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) if (!taken.has(`${root}-${n}`)) return `${root}-${n}`;
}

const WEEKDAY_HOURS: [string, string][] = [['09:00', '17:00']];

/** A sensible starting point for a new contract; `today` is YYYY-MM-DD, `zone` the admin's zone. */
export function newContract(opts: { name?: string; domain?: string; today: string; zone: string; taken: ReadonlySet<string> }): Contract {
  const name = opts.name?.trim() ?? '';
  const domain = opts.domain?.trim().toLowerCase() ?? '';
  const [y, m, d] = opts.today.split('-');
  const end = new Date(Date.UTC(Number(y) + 1, Number(m) - 1, Number(d) - 1)).toISOString().slice(0, 10);
  return {
    id: name || domain ? uniqueId(name || domain.split('.')[0] || domain, opts.taken) : '',
    customer: { name, ...(domain ? { domains: [domain] } : {}) },
    tier: 'Standard',
    term: { start: opts.today, end, renewal: 'auto' },
    calendar: {
      timezone: opts.zone,
      weekly: { mon: WEEKDAY_HOURS, tue: WEEKDAY_HOURS, wed: WEEKDAY_HOURS, thu: WEEKDAY_HOURS, fri: WEEKDAY_HOURS },
    },
    channels: ['email'],
    primaryChannel: 'email',
    targets: {
      sev1: { firstResponse: { minutes: 60, basis: '24x7' }, resolution: { minutes: 480, basis: '24x7' } },
      sev2: { firstResponse: { minutes: 240, basis: 'business' } },
      sev3: { firstResponse: { minutes: 480, basis: 'business' } },
      sev4: { firstResponse: { minutes: 960, basis: 'business' } },
    },
  };
}

/**
 * A copy to start a similar contract from: same terms, calendar, targets and rules; identity that must
 * stay unique (domains, contacts, external ids) and the people are left for the new customer.
 */
export function duplicateContract(c: Contract, taken: ReadonlySet<string>): Contract {
  const copy = JSON.parse(JSON.stringify(c)) as Contract;
  copy.id = uniqueId(`${c.id}-copy`, taken);
  copy.customer = { name: `${c.customer.name} (copy)` };
  if (copy.entitlements) {
    delete copy.entitlements.tam;
    delete copy.entitlements.dedicatedAgent;
  }
  delete copy.notes;
  return copy;
}

// ---- target units ----
export type TargetUnit = 'min' | 'h' | 'bd';

/** The unit a stored minute value reads best in: business days when whole, else hours when whole. */
export function bestUnit(t: Target | undefined, businessDay: number): TargetUnit {
  if (!t) return 'h';
  if (t.basis === 'business' && businessDay > 0 && t.minutes >= businessDay && t.minutes % businessDay === 0) return 'bd';
  return t.minutes % 60 === 0 ? 'h' : 'min';
}

export function toUnit(minutes: number, unit: TargetUnit, businessDay: number): number {
  const v = unit === 'h' ? minutes / 60 : unit === 'bd' ? minutes / (businessDay || 1440) : minutes;
  return Math.round(v * 1000) / 1000;
}

export function fromUnit(value: number, unit: TargetUnit, businessDay: number): number {
  const m = unit === 'h' ? value * 60 : unit === 'bd' ? value * (businessDay || 1440) : value;
  return Math.round(m * 1000) / 1000;
}

/**
 * Three-way merge for "Reload" after a change elsewhere: fields only this tab changed keep this tab's
 * value, fields only the other side changed take theirs, and fields both changed differently keep
 * this tab's value and are reported (as paths) so the person can check them.
 */
export function merge3<T>(base: T, mine: T, theirs: T, path = ''): { value: T; conflicts: string[] } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (same(mine, base)) return { value: theirs, conflicts: [] };
  if (same(theirs, base) || same(mine, theirs)) return { value: mine, conflicts: [] };
  if (isObj(base) && isObj(mine) && isObj(theirs)) {
    const out: Record<string, unknown> = {};
    const conflicts: string[] = [];
    for (const k of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
      const r = merge3(base[k], mine[k], theirs[k], path ? `${path}.${k}` : k);
      if (r.value !== undefined) out[k] = r.value;
      conflicts.push(...r.conflicts);
    }
    return { value: out as T, conflicts };
  }
  return { value: mine, conflicts: [path || '(all)'] };
}
