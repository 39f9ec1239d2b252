/**
 * Generic adapter: reads any helpdesk from user-defined reading rules alone (lib/rules), for origins
 * the user added (optional host permission). Also wraps built-in adapters so rules override single
 * fields (`withRuleOverrides`).
 *
 * ✔ every field comes from the rules (source 'rule'); ? the ticket id falls back to the last number in
 *   the URL path/query (source 'url') when no rule reads it.
 * `adapter.matches` is always false: the content script picks it explicitly via genericAdapterFor()
 * when rules exist for the page's origin.
 */
import type { HelpdeskAdapter, SnapshotField, TicketSnapshot } from './types';
import { applyRules, ruleAnchor, rulesFor, type ApplyOptions } from '../rules/engine';
import type { Rule } from '../rules/model';

const GENERIC = 'generic';

/** The last number in the path or query ("/desk/t/00042" → "00042", "?id=7" → "7"). */
function idFromUrl(url: URL): string | undefined {
  return /(\d+)(?!.*\d)/.exec(url.pathname + url.search)?.[1];
}

function readWithRules(doc: Document, url: URL, rules: readonly Rule[], opts: ApplyOptions): TicketSnapshot | null {
  try {
    const r = applyRules(doc, url, rules, { ...opts, adapter: GENERIC });
    if (!r.used.length) return null; // no rule applies, or every scope is missing: not a ticket (yet)
    const { ticketId: ruleId, ...rest } = r.values;
    const read = Object.keys(rest).length;
    if (!read) return null; // nothing on the page matched: not a ticket page of this helpdesk
    const ticketId = ruleId ?? idFromUrl(url);
    if (!ticketId) return null;
    const s: TicketSnapshot = {
      helpdesk: GENERIC,
      ticketId,
      ...rest,
      sources: { ...r.sources, ticketId: ruleId ? 'rule' : 'url' },
    };
    if (r.problems.length) s.problems = r.problems;
    return s;
  } catch {
    return null;
  }
}

export const adapter: HelpdeskAdapter = {
  id: GENERIC,
  label: 'Reading rules',
  matches: () => false,
  readTicket: () => null,
  anchor: () => null,
};

/**
 * An adapter running on the rules that cover `url` (rules without `adapter`, or with 'generic'), or
 * null when none does. Pass `opts.clock`/`opts.slow` to enable the regex circuit breaker.
 */
export function genericAdapterFor(rules: readonly Rule[], url: URL, opts: ApplyOptions = {}): HelpdeskAdapter | null {
  const mine = rules.filter((r) => r.adapter === undefined || r.adapter === GENERIC);
  const now = rulesFor(mine, url);
  if (!now.length) return null;
  let last = url;
  return {
    id: GENERIC,
    label: now[0]!.label ?? `Reading rules for ${url.host}`,
    matches: (u) => rulesFor(mine, u).length > 0,
    readTicket(doc, u) {
      last = u;
      return readWithRules(doc, u, mine, opts);
    },
    anchor: (doc) => ruleAnchor(doc, last, mine, GENERIC),
  };
}

/**
 * `base` with the fields the rules for its id (or without adapter) read laid over its page output,
 * sources 'rule'; the API does not overwrite them. When the built-in reader finds no ticket (its
 * markers changed) and the rules read a ticket id, the rules alone make the snapshot.
 * Returns `base` itself when no rule covers `url`.
 */
export function withRuleOverrides(base: HelpdeskAdapter, rules: readonly Rule[], url: URL, opts: ApplyOptions = {}): HelpdeskAdapter {
  const mine = rules.filter((r) => r.adapter === undefined || r.adapter === base.id);
  if (!rulesFor(mine, url).length) return base;
  let last = url;
  const wrapped: HelpdeskAdapter = {
    id: base.id,
    label: base.label,
    matches: (u) => base.matches(u),
    readTicket(doc, u) {
      last = u;
      let s: TicketSnapshot | null = null;
      const problems: string[] = [];
      try {
        s = base.readTicket(doc, u);
      } catch (e) {
        problems.push(`${base.id}: page: ${e instanceof Error ? e.message : String(e)}`);
      }
      const r = applyRules(doc, u, mine, { ...opts, adapter: base.id });
      if (!s) {
        if (!r.values.ticketId) return null;
        problems.push(`${base.label}: the built-in reader found no ticket here; read by rules only`);
        s = { helpdesk: base.id, ticketId: r.values.ticketId, sources: {} };
      }
      const out: TicketSnapshot = { ...s, ...r.values, sources: { ...s.sources, ...r.sources } };
      const all = [...(s.problems ?? []), ...problems, ...r.problems];
      if (all.length) out.problems = all;
      return out;
    },
    anchor: (doc) => ruleAnchor(doc, last, mine, base.id) ?? base.anchor(doc),
  };
  if (base.enrich) {
    const enrich = base.enrich.bind(base);
    wrapped.enrich = async (s, getJson, doc) => {
      const extra = await enrich(s, getJson, doc);
      const out: Partial<TicketSnapshot> = { ...extra };
      for (const [f, src] of Object.entries(s.sources ?? {})) {
        if (src !== 'rule') continue;
        delete out[f as SnapshotField];
        if (out.sources) delete out.sources[f as SnapshotField];
      }
      return out;
    };
  }
  return wrapped;
}
