// Matching a ticket to a contract (see ../shared/DESIGN.md "Matching").
// Every key space is a Map, never a plain object, so names like "__proto__" or "constructor" are plain keys.
import { localDate } from './zoned';
import type { TicketSnapshot } from './adapters/types';
import type { Contract } from './contracts/model';

export type MatchBy = 'externalId' | 'email' | 'domain' | 'name' | 'alias';
/** Contract term status relative to "today" in the contract's zone. */
export type TermStatus = 'active' | 'expired' | 'notStarted';

export type MatchResult =
  | { kind: 'matched'; contract: Contract; by: MatchBy; key: string; term: TermStatus }
  | { kind: 'ambiguous'; candidates: Contract[]; by: MatchBy; key: string }
  /** `domain` = the requester's email domain when known (for "no contract for acme.com"). */
  | { kind: 'none'; domain?: string };

export interface MatchIndex {
  readonly size: number;
}

export type MatchInput = Pick<TicketSnapshot, 'requesterEmail' | 'organization' | 'organizationId' | 'helpdesk' | 'requesterName'>;

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Legal-form suffixes after normalisation ("S.A." → "sa", "Pty Ltd" → "pty ltd"); a trailing run of them is stripped. */
const LEGAL_SUFFIXES = [
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'cie',
  'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ohg', 'ug', 'ev', 'se', 'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sca', 'scs',
  'spa', 'srl', 'sl', 'slu', 'bv', 'nv', 'vof', 'plc', 'pty', 'kk', 'gk', 'kabushiki kaisha', 'ab', 'oy', 'oyj',
  'as', 'asa', 'aps', 'sro', 'spol sro', 'sp z oo', 'spzoo', 'kft', 'zrt', 'doo', 'ltda', 'lda', 'sa de cv',
  'pvt', 'pte', 'bhd', 'sdn bhd', 'private', 'and',
];
// One anchored regex instead of a token loop: the lazy head keeps at least one character, so a name is
// never stripped to nothing ("AG" stays "ag"), and the repeated group removes "gmbh and co kg" in one go.
const TRAILING_SUFFIXES = new RegExp(`^(.+?)(?: (?:${[...LEGAL_SUFFIXES].sort((a, b) => b.length - a.length).join('|')}))+$`);

/**
 * Organisation name key: NFD without marks, lower case, "&" → "and", dots/apostrophes/slashes dropped
 * (so "S.A." = "SA", "A/S" = "AS"), other punctuation → space, trailing legal suffixes and a leading
 * "the" removed (never down to nothing). "Müller GmbH & Co. KG" → "muller".
 */
export function normalizeOrgName(s: string): string {
  let t = s.toLowerCase();
  // The Unicode path is several times slower; most names are ASCII (or become so without accents).
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFD').replace(/[\u0300-\u036f]+/g, '').replace(/ß/g, 'ss').replace(/’/g, "'");
  t = t.replace(/&/g, ' and ').replace(/[.'`/]/g, '');
  t = (/[^\x00-\x7f]/.test(t) ? t.replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ') : t.replace(/[^a-z0-9]+/g, ' ')).trim();
  if (t.startsWith('the ')) t = t.slice(4);
  // The suffix regex backtracks quadratically in the token count: real names are far below the cap.
  return (t.length <= 200 && TRAILING_SUFFIXES.exec(t)?.[1]) || t;
}

/** Address part of "Name <a@b.c>" or "a@b.c", lower-cased; undefined when it is not an address. */
function normalizeEmail(raw: string): string | undefined {
  const angle = raw.includes('<') ? /<([^<>]*)>/.exec(raw) : null;
  const addr = (angle?.[1] ?? raw).trim().toLowerCase().replace(/^mailto:/, '');
  const at = addr.lastIndexOf('@');
  if (at <= 0 || at === addr.length - 1 || /\s/.test(addr)) return undefined;
  return addr;
}

function normalizeDomain(raw: string): string | undefined {
  const d = raw.trim().toLowerCase().replace(/^@/, '').replace(/^\*\./, '').replace(/\.$/, '');
  // Letters (incl. IDN), digits, "-" and "_" (lenient, same rule on both sides); two labels or more.
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(d) || /^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)+$/u.test(d) ? d : undefined;
}

/** The requester's email domain, lower-cased ("Jane <jane@EU.Acme.com>" → "eu.acme.com"). */
export function requesterDomain(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const addr = normalizeEmail(email);
  return addr ? normalizeDomain(addr.slice(addr.lastIndexOf('@') + 1)) : undefined;
}

// Free-mail providers never identify a customer by domain.
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'passport.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'tutanota.com', 'tutanota.de', 'tuta.io', 'tuta.com', 'fastmail.com', 'fastmail.fm', 'hey.com', 'zoho.com',
  'zohomail.com', 'mail.com', 'email.com', 'usa.com', 'web.de', 'freenet.de', 't-online.de', 'mail.de',
  'posteo.de', 'mailbox.org', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru', 'ya.ru', 'qq.com',
  'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com',
  'naver.com', 'daum.net', 'hanmail.net', 'rediffmail.com', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl',
  'onet.pl', 'libero.it', 'virgilio.it', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr',
  'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bigpond.com', 'optusnet.com.au',
  'gmx.com', 'gmx.net', 'yahoo.com', 'ymail.com', 'rocketmail.com', 'yandex.com', 'yandex.ru',
]);
/** Brands with many country domains: yahoo.co.uk, gmx.at, yandex.kz, hotmail.fr, outlook.de, live.it … */
const FREE_MAIL_BRANDS = new Set(['yahoo', 'gmx', 'yandex', 'hotmail', 'outlook', 'live', 'msn', 'aol', 'gmail', 'icloud', 'protonmail']);
const COUNTRY_TLD = /^(?:[a-z]{2,3})(?:\.[a-z]{2})?$/;

/** True when the domain or any parent of it is a free-mail provider. */
export function isFreeMailDomain(domain: string): boolean {
  let d = domain.toLowerCase();
  for (;;) {
    if (FREE_MAIL.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0) return false;
    if (FREE_MAIL_BRANDS.has(d.slice(0, dot)) && COUNTRY_TLD.test(d.slice(dot + 1))) return true;
    d = d.slice(dot + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Term

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** [first day, last day] of the term as "YYYY-MM-DD" (strings compare as dates); open-ended when malformed. */
function termBounds(contract: Contract): [string, string] {
  const ymd = (v: unknown, fallback: string) => (typeof v === 'string' && YMD.test(v) ? v : fallback);
  return [ymd(contract.term?.start, '0000-00-00'), ymd(contract.term?.end, '9999-99-99')];
}

function termFrom([start, end]: [string, string], now: Date, zone: string): TermStatus {
  const today = localDate(now, zone);
  return today < start ? 'notStarted' : today > end ? 'expired' : 'active';
}

/**
 * Term status at `now`, judged on the local date in the contract calendar's zone (end date inclusive).
 * Malformed dates do not count against the contract (validation reports them).
 */
export function contractTermStatus(contract: Contract, now: Date): TermStatus {
  return termFrom(termBounds(contract), now, contract.calendar?.timezone || 'UTC');
}

// ---------------------------------------------------------------------------------------------
// Index

type Bucket = Contract[];

class Index implements MatchIndex {
  /** "helpdesk:id" (helpdesk lower-cased) → contracts. */
  readonly qualifiedIds = new Map<string, Bucket>();
  /** Bare id (any helpdesk) → contracts. */
  readonly bareIds = new Map<string, Bucket>();
  readonly emails = new Map<string, Bucket>();
  readonly domains = new Map<string, Bucket>();
  readonly names = new Map<string, Bucket>();
  readonly aliases = new Map<string, Bucket>();
  /** Term bounds, computed on a contract's first match . */
  readonly terms = new Map<Contract, [string, string]>();
  constructor(readonly size: number) {}

  term(c: Contract, now: Date): TermStatus {
    let bounds = this.terms.get(c);
    if (!bounds) this.terms.set(c, (bounds = termBounds(c)));
    return termFrom(bounds, now, c.calendar?.timezone || 'UTC');
  }
}

function put(map: Map<string, Bucket>, key: string | undefined, c: Contract): void {
  if (!key) return;
  const bucket = map.get(key);
  if (!bucket) map.set(key, [c]);
  else if (!bucket.includes(c)) bucket.push(c);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Build the lookup maps once per contract-set change; lookups are then a handful of Map gets. */
export function buildMatchIndex(contracts: readonly Contract[]): MatchIndex {
  const ix = new Index(contracts.length);
  for (const c of contracts) {
    const cu = c.customer;
    if (!cu) continue;
    for (const raw of strings(cu.externalIds)) {
      const id = raw.trim();
      const colon = id.indexOf(':');
      if (colon > 0 && colon < id.length - 1) {
        put(ix.qualifiedIds, `${id.slice(0, colon).trim().toLowerCase()}:${id.slice(colon + 1).trim()}`, c);
      } else put(ix.bareIds, id, c);
    }
    for (const e of strings(cu.contacts)) put(ix.emails, normalizeEmail(e), c);
    for (const d of strings(cu.domains)) {
      const dom = normalizeDomain(d);
      if (dom && !isFreeMailDomain(dom)) put(ix.domains, dom, c);
    }
    if (typeof cu.name === 'string') put(ix.names, normalizeOrgName(cu.name), c);
    for (const a of strings(cu.aliases)) put(ix.aliases, normalizeOrgName(a), c);
  }
  return ix;
}

function result(ix: Index, bucket: Bucket, by: MatchBy, key: string, now: Date): MatchResult {
  const [only] = bucket;
  if (bucket.length === 1 && only) return { kind: 'matched', contract: only, by, key, term: ix.term(only, now) };
  return { kind: 'ambiguous', candidates: [...bucket], by, key };
}

function byName(ix: Index, raw: string | undefined, now: Date): MatchResult | undefined {
  if (!raw) return undefined;
  const key = normalizeOrgName(raw);
  if (!key) return undefined;
  const named = ix.names.get(key) ?? [];
  const aliased = ix.aliases.get(key) ?? [];
  // Name and alias are equally specific: merge (without duplicates) and let a tie be ambiguous.
  const all = aliased.length === 0 ? named : [...named, ...aliased.filter((c) => !named.includes(c))];
  if (all.length === 0) return undefined;
  return result(ix, all, named.length > 0 ? 'name' : 'alias', raw.trim(), now);
}

/**
 * Most specific rule first: helpdesk organisation id ("zendesk:360001" before a bare "360001") →
 * exact requester email → email domain, longest suffix first (free mail never) → organisation name or
 * alias → requester name (some helpdesks show the company as the requester). The first rule with any
 * candidate decides: one candidate = matched, more = ambiguous.
 * `now` decides the term status; it defaults to the current time at this call boundary.
 */
export function matchTicket(index: MatchIndex, t: MatchInput, now: Date = new Date()): MatchResult {
  if (!(index instanceof Index)) throw new TypeError('matchTicket: pass an index from buildMatchIndex');
  const orgId = t.organizationId?.trim();
  if (orgId) {
    const key = `${(t.helpdesk ?? '').toLowerCase()}:${orgId}`;
    const hit = index.qualifiedIds.get(key);
    if (hit) return result(index, hit, 'externalId', key, now);
    const bare = index.bareIds.get(orgId);
    if (bare) return result(index, bare, 'externalId', orgId, now);
  }

  const email = t.requesterEmail ? normalizeEmail(t.requesterEmail) : undefined;
  const domain = email ? normalizeDomain(email.slice(email.lastIndexOf('@') + 1)) : undefined;
  if (email) {
    const hit = index.emails.get(email);
    if (hit) return result(index, hit, 'email', email, now);
  }
  if (domain && !isFreeMailDomain(domain)) {
    // eu.acme.com, then acme.com: the longest listed domain wins.
    for (let d = domain; ; ) {
      const hit = index.domains.get(d);
      if (hit) return result(index, hit, 'domain', d, now);
      const dot = d.indexOf('.');
      if (dot < 0) break;
      d = d.slice(dot + 1);
    }
  }

  const named = byName(index, t.organization, now) ?? byName(index, t.requesterName, now);
  if (named) return named;
  return domain ? { kind: 'none', domain } : { kind: 'none' };
}
