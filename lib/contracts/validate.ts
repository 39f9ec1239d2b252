// Validation and normalisation of contracts and contract files. Structure is checked by a valibot
// schema (all issues, not the first); rules that span fields or contracts are plain code below.
import * as v from 'valibot';
import { validateCalendar } from '../business-time';
import { CHANNELS, SEVERITIES, TARGET_KINDS, type Contract, type ContractFile } from './model';
// A cycle (../rules/validate takes formatPath from here); neither module uses the other at load time.
import { validateRules } from '../rules/validate';
import type { Rule } from '../rules/model';

export interface Issue {
  /** Where, e.g. `contracts[3].targets.sev1.firstResponse.minutes`; '' for the whole input. */
  path: string;
  message: string;
  /** 1-based, for JSON syntax errors. */
  line?: number;
  column?: number;
}

export type Validated<T> = ({ ok: true } & T) | { ok: false; errors: Issue[] };

export const CONTRACT_FORMAT = 'sla-lens/contracts';
export const CONTRACT_FORMAT_VERSION = 1;

const YEAR_MINUTES = 525_600;

// ---- small predicates, also for forms and matching ----
export const isIsoDate = (s: unknown): s is string => {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const DOMAIN_RE = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EMAIL_RE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PHONE_RE = /^\+?[0-9 ()./-]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
export const isPhone = (s: string): boolean => {
  if (!PHONE_RE.test(s)) return false;
  const digits = s.replace(/(?:x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15;
};
export const isHttpsUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.includes('.') && !u.username && !u.password;
  } catch {
    return false;
  }
};
/** "@WWW.Acme.com", "https://www.acme.com/x" → "acme.com". */
export const normaliseDomain = (s: string): string =>
  s.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/^@/, '').replace(/^www\./, '').replace(/\.$/, '');

// ---- schema pieces ----
const obj = (x: unknown): Record<string, unknown> | undefined =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
const dedupe = <T>(a: T[]): T[] => [...new Set(a)];
const Text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));
/** Optional text; "" counts as absent. */
const OptText = v.optional(v.pipe(v.string(), v.trim(), v.transform((s) => s || undefined)));
const optFormatted = (pred: (s: string) => boolean, message: string, tidy = (s: string) => s) =>
  v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => tidy(s.trim())),
      v.check((s) => !s || pred(s), message),
      v.transform((s) => s || undefined),
    ),
  );
const optList = (item: v.GenericSchema<string, string>) =>
  v.optional(v.pipe(v.array(item), v.transform((a) => (a.length ? dedupe(a) : undefined))));

const DateStr = v.pipe(v.string(), v.trim(), v.check((s: string) => isIsoDate(s), 'must be a real date written YYYY-MM-DD'));
const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.check((s) => EMAIL_RE.test(s), 'must be an email address'));
const Domain = v.pipe(v.string(), v.transform(normaliseDomain), v.check((s) => DOMAIN_RE.test(s), 'must be a domain like example.com'));
const Severity = v.picklist(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`);
const Channel = v.picklist(CHANNELS, `must be one of ${CHANNELS.join(', ')}`);
const Minutes = v.pipe(
  v.number('must be a positive number of minutes'),
  v.check((n) => n > 0 && Number.isFinite(n), 'must be a positive number of minutes'),
  v.check((n) => !(n > YEAR_MINUTES), `must be at most ${YEAR_MINUTES} minutes (a year)`),
);
const percent = (lo: number, hi: number) =>
  v.pipe(v.number(), v.check((n) => Number.isInteger(n) && n >= lo && n <= hi, `must be a whole percentage from ${lo} to ${hi}`));

const Contact = v.strictObject({
  name: Text,
  role: OptText,
  email: optFormatted((s) => EMAIL_RE.test(s), 'must be an email address', (s) => s.toLowerCase()),
  phone: optFormatted(isPhone, 'must be a phone number like +49 30 1234567'),
  chat: optFormatted(isHttpsUrl, 'must be an https:// link'),
  side: v.optional(v.picklist(['internal', 'customer'], 'must be "internal" or "customer"')),
});

const Target = v.strictObject({
  minutes: Minutes,
  basis: v.picklist(['business', '24x7'], 'must be "business" or "24x7"'),
});
const SeverityTargets = v.strictObject(Object.fromEntries(TARGET_KINDS.map((k) => [k, v.optional(Target)])) as Record<(typeof TARGET_KINDS)[number], v.OptionalSchema<typeof Target, undefined>>);
const Matrix = v.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, v.optional(SeverityTargets)])) as Record<(typeof SEVERITIES)[number], v.OptionalSchema<typeof SeverityTargets, undefined>>);

// Calendar content is checked by validateCalendar (business-time.ts); the schema only fixes the
// object's keys and tidies a valid one (trimmed zone, sorted unique holidays, no empty days).
const Calendar = v.pipe(
  v.strictObject({ timezone: v.optional(v.unknown()), weekly: v.optional(v.unknown()), holidays: v.optional(v.unknown()) }),
  v.transform((c) => {
    const out = { ...c };
    if (typeof c.timezone === 'string') out.timezone = c.timezone.trim();
    const weekly = obj(c.weekly);
    if (weekly) out.weekly = Object.fromEntries(Object.entries(weekly).filter(([, l]) => !Array.isArray(l) || l.length));
    if (Array.isArray(c.holidays) && c.holidays.every((h) => typeof h === 'string'))
      out.holidays = c.holidays.length ? dedupe(c.holidays as string[]).sort() : undefined;
    return out;
  }),
);

const Trigger = v.variant(
  'type',
  [
    v.strictObject({ type: v.literal('percent'), percent: percent(1, 1000), target: v.optional(v.picklist(TARGET_KINDS, `must be one of ${TARGET_KINDS.join(', ')}`)) }),
    v.strictObject({ type: v.literal('minutes'), minutes: Minutes }),
    v.strictObject({ type: v.literal('breach') }),
  ],
);

const EscalationLevel = v.strictObject({
  name: Text,
  severities: v.pipe(v.array(Severity), v.minLength(1, 'must list at least one severity'), v.transform(dedupe)),
  trigger: Trigger,
  contacts: v.pipe(v.array(Contact), v.minLength(1, 'must list at least one contact')),
});

const HelpdeskKey = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.nonEmpty('must not be empty'));

const ContractSchema = v.strictObject({
  id: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short id of letters, digits, ".", "_" or "-"')),
  customer: v.strictObject({
    name: Text,
    aliases: optList(Text),
    domains: optList(Domain),
    contacts: optList(Email),
    externalIds: optList(Text),
    country: optFormatted((s) => /^[A-Z]{2}$/.test(s), 'must be a two-letter country code like DE', (s) => s.toUpperCase()),
  }),
  tier: Text,
  term: v.strictObject({
    start: DateStr,
    end: DateStr,
    renewal: v.optional(v.picklist(['auto', 'manual', 'none'], 'must be "auto", "manual" or "none"')),
    noticeDays: v.optional(v.pipe(v.number(), v.check((n) => Number.isInteger(n) && n >= 0 && n <= 3660, 'must be a whole number of days'))),
  }),
  onboarding: v.optional(v.strictObject({ start: DateStr, end: DateStr, note: OptText })),
  calendar: Calendar,
  channels: v.pipe(v.array(Channel), v.minLength(1, 'must list at least one channel'), v.transform(dedupe)),
  primaryChannel: v.optional(Channel),
  languages: optList(Text),
  targets: Matrix,
  internalTargets: v.optional(Matrix),
  pausingStatuses: v.optional(v.record(HelpdeskKey, v.pipe(v.array(Text), v.transform(dedupe)))),
  severityMap: v.optional(v.record(HelpdeskKey, v.record(Text, Severity))),
  warnPercent: v.optional(percent(1, 99)),
  entitlements: v.optional(
    v.strictObject({ tam: v.optional(Contact), dedicatedAgent: v.optional(Contact), pod: OptText, badges: optList(Text) }),
  ),
  escalation: v.optional(v.array(EscalationLevel)),
  serviceCredits: OptText,
  outOfScope: OptText,
  governance: v.optional(v.strictObject({ qbrCadence: OptText, nextReview: v.optional(DateStr) })),
  notes: OptText,
});

// ---- issue formatting ----
type PathKey = string | number;
export function formatPath(keys: readonly PathKey[]): string {
  let s = '';
  for (const k of keys) {
    if (typeof k === 'number') s += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(k)) s += (s ? '.' : '') + k;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s;
}

function humanMessage(issue: v.BaseIssue<unknown>): string {
  const { type, expected } = issue;
  const last = issue.path?.[issue.path.length - 1];
  if (last && 'origin' in last && last.origin === 'key') return expected === 'never' ? 'is not a known field' : 'is required';
  if (expected === 'Object') return 'must be an object';
  if (type === 'picklist' || type === 'variant' || type === 'literal')
    return `must be one of ${String(expected).replace(/^\(|\)$/g, '').split(' | ').join(', ')}`;
  const what: Record<string, string> = { string: 'text', number: 'a number', array: 'a list', strict_object: 'an object', record: 'an object', object: 'an object' };
  return what[type] ? `must be ${what[type]}` : issue.message;
}

const toIssue = (prefix: PathKey[], i: v.BaseIssue<unknown>): Issue => ({
  path: formatPath([...prefix, ...(i.path ?? []).map((p) => p.key as PathKey)]),
  message: i.message,
});

// ---- cross-field rules ----
const dayNumber = (d: string): number => {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, dd) / 86_400_000;
};

/** Per-contract rules over the (possibly partial) parsed output; every access is guarded. */
function crossCheck(c: Record<string, unknown>, at: (...p: PathKey[]) => string, calendarOk: boolean, out: Issue[]): void {
  const add = (path: string, message: string) => out.push({ path, message });
  const term = obj(c.term);
  const [start, end] = [term?.start, term?.end];
  if (isIsoDate(start) && isIsoDate(end) && end < start) add(at('term', 'end'), `must not be before term.start (${start})`);

  const ob = obj(c.onboarding);
  if (ob && isIsoDate(ob.start) && isIsoDate(ob.end)) {
    if (ob.end < ob.start) add(at('onboarding', 'end'), `must not be before onboarding.start (${ob.start})`);
    else if (dayNumber(ob.end) - dayNumber(ob.start) > 366) add(at('onboarding', 'end'), 'onboarding must not last more than a year');
    if (isIsoDate(start) && dayNumber(ob.start) < dayNumber(start) - 90)
      add(at('onboarding', 'start'), `must not be more than 90 days before term.start (${start})`);
    if (isIsoDate(end) && ob.end > end) add(at('onboarding', 'end'), `must not be after term.end (${end})`);
  }

  const targets = obj(c.targets);
  const internal = obj(c.internalTargets);
  for (const sev of SEVERITIES)
    for (const kind of TARGET_KINDS) {
      const pub = obj(obj(targets?.[sev])?.[kind]);
      const priv = obj(obj(internal?.[sev])?.[kind]);
      if (!pub || !priv || typeof pub.minutes !== 'number' || typeof priv.minutes !== 'number') continue;
      const p = at('internalTargets', sev, kind);
      if (priv.minutes > pub.minutes) add(`${p}.minutes`, `must not exceed the contractual ${sev} ${kind} target (${pub.minutes} minutes)`);
      // A business-hours clock runs slower than a 24x7 one, so it cannot be the stricter of the two.
      else if (priv.basis === 'business' && pub.basis === '24x7') add(`${p}.basis`, `must be "24x7" like the contractual ${sev} ${kind} target`);
    }

  if (typeof c.primaryChannel === 'string' && Array.isArray(c.channels) && !c.channels.includes(c.primaryChannel))
    add(at('primaryChannel'), `must be one of the contract's channels (${c.channels.join(', ')})`);

  if (calendarOk && obj(c.calendar))
    for (const msg of validateCalendar(c.calendar as Contract['calendar'])) {
      const m = /^([\w.[\]"-]+): (.*)$/s.exec(msg);
      add(m ? `${at('calendar')}.${m[1]}` : at('calendar'), m ? m[2]! : msg);
    }
}

/** Rules across contracts: ids, domains and external ids must each belong to one contract. */
function uniqueness(list: Record<string, unknown>[], out: Issue[]): void {
  const nameOf = (i: number) => {
    const n = obj(list[i]?.customer)?.name;
    return typeof n === 'string' ? `"${n}" (contracts[${i}])` : `contracts[${i}]`;
  };
  const ids = new Map<string, number>();
  list.forEach((c, i) => {
    if (typeof c.id !== 'string') return;
    const first = ids.get(c.id);
    if (first === undefined) ids.set(c.id, i);
    else out.push({ path: `contracts[${i}].id`, message: `"${c.id}" is already the id of ${nameOf(first)}` });
  });
  for (const field of ['domains', 'externalIds'] as const) {
    const seen = new Map<string, number>();
    list.forEach((c, i) => {
      const values = obj(c.customer)?.[field];
      if (!Array.isArray(values)) return;
      values.forEach((val, k) => {
        if (typeof val !== 'string') return;
        const key = val.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else if (first !== i)
          out.push({ path: `contracts[${i}].customer.${field}[${k}]`, message: `"${val}" is listed by both ${nameOf(first)} and ${nameOf(i)}` });
      });
    });
  }
}

const stripUndefined = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Validates and normalises a list of contracts; paths start with `contracts[i]`. */
export function validateContracts(list: unknown[]): Validated<{ contracts: Contract[] }> {
  const errors: Issue[] = [];
  const outputs = list.map((raw, i) => {
    const r = v.safeParse(ContractSchema, raw, { message: humanMessage });
    const issues = (r.issues ?? []).map((x) => toIssue(['contracts', i], x));
    errors.push(...issues);
    const output = (obj(r.output) ?? {}) as Record<string, unknown>;
    const calendarOk = !issues.some((x) => x.path.startsWith(`contracts[${i}].calendar`));
    crossCheck(output, (...p) => formatPath(['contracts', i, ...p]), calendarOk, errors);
    return output;
  });
  uniqueness(outputs, errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, contracts: stripUndefined(outputs) as unknown as Contract[] };
}

/**
 * Validates a contract file: `{format, version, exportedAt?, contracts}`, or — read as version 1 —
 * `{contracts: [...]}` or a bare array of contracts. Returns the normalised file.
 */
export function validateContractFile(input: unknown): Validated<{ file: ContractFile }> {
  const errors: Issue[] = [];
  let list: unknown = input;
  let exportedAt: string | undefined;
  let readingRules: Rule[] | undefined;
  const o = obj(input);
  if (o) {
    for (const k of Object.keys(o))
      if (!['format', 'version', 'exportedAt', 'contracts', 'readingRules'].includes(k)) errors.push({ path: formatPath([k]), message: 'is not a known field' });
    if (o.format !== undefined && o.format !== CONTRACT_FORMAT) errors.push({ path: 'format', message: `must be "${CONTRACT_FORMAT}"` });
    if (o.version !== undefined) {
      if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1)
        errors.push({ path: 'version', message: 'must be a whole number from 1' });
      else if (o.version > CONTRACT_FORMAT_VERSION)
        errors.push({ path: 'version', message: `${o.version} is newer than this version of SLA Lens reads (${CONTRACT_FORMAT_VERSION}); update the extension` });
    }
    if (typeof o.exportedAt === 'string') exportedAt = o.exportedAt;
    else if (o.exportedAt !== undefined) errors.push({ path: 'exportedAt', message: 'must be text (an ISO date-time)' });
    if (o.readingRules !== undefined) {
      const rr = validateRules(o.readingRules);
      if (rr.ok) readingRules = rr.rules;
      else errors.push(...rr.errors.map((e) => ({ ...e, path: e.path.replace(/^rules/, 'readingRules') })));
    }
    list = o.contracts;
    if (!Array.isArray(list)) errors.push({ path: 'contracts', message: o.contracts === undefined ? 'is required' : 'must be a list' });
  } else if (!Array.isArray(input)) {
    errors.push({ path: '', message: `must be a contracts file ({"format": "${CONTRACT_FORMAT}", "version": 1, "contracts": [...]}) or a list of contracts` });
  }
  if (!Array.isArray(list)) return { ok: false, errors };
  const r = validateContracts(list);
  if (!r.ok) errors.push(...r.errors);
  if (errors.length || !r.ok) return { ok: false, errors };
  const file: ContractFile = {
    format: CONTRACT_FORMAT,
    version: 1,
    ...(exportedAt ? { exportedAt } : {}),
    contracts: r.contracts,
    ...(readingRules ? { readingRules } : {}),
  };
  return { ok: true, file };
}
