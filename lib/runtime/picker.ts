// Reading rules in the content script, the light half. The rules engine, the generic adapter, the field
// picker and rule validation (luxon, valibot, the picker UI) are a separate script, the "rules kit"
// (entrypoints/rules-kit.ts, lib/runtime/picker-kit.ts), that the background injects on demand into the
// asking frame's content-script world like an adapter script (lib/runtime/adapter-loader.ts): only pages
// with reading rules, or where the agent starts the picker, pay for it. This module is what the content
// script keeps: where rules come from, whether any cover a URL, loading the kit, the picker's rule
// drafting, and the per-origin memory behind "Priority could not be read (it used to be)".
// Imports nothing with top-level code beyond ../rules/model (constants only) and ./inject.
import type { FieldSource, HelpdeskAdapter, SnapshotField, TicketSnapshot } from '../adapters/types';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { RULE_FIELDS, type FieldRule, type Rule, type RuleField } from '../rules/model';
import { createInjectedLoader, injectOnRequest } from './inject';

// ---------------------------------------------------------------------------------------------
// Where rules come from

/** The three lists, merged by the kit with precedence managed > feed > local (lib/rules/io mergeRuleLists). */
export interface RuleSources {
  /** The policy's `rules` value as given (lib/managed.ts keeps it opaque): validated by the kit, rule by rule. */
  managed?: readonly unknown[] | null;
  /** From the team feed's contract file (`readingRules`), validated with the file. */
  feed?: readonly Rule[];
  /** local:readingRules, validated on every write. */
  local: readonly Rule[];
}

export const GENERIC_ID = 'generic';

const ruleLike = (r: unknown): r is Pick<Rule, 'origin' | 'adapter' | 'disabled'> =>
  !!r && typeof r === 'object' && typeof (r as Rule).origin === 'string';

/**
 * Whether any enabled rule names this URL's origin for `adapterId` (a built-in adapter's id: rules for it
 * or for any adapter) or, without one, for the generic adapter. The path pattern is the kit's business:
 * this only decides whether the kit is worth loading.
 */
export function hasRulesFor(sources: RuleSources, url: URL, adapterId?: string): boolean {
  const all = [...(sources.managed ?? []), ...(sources.feed ?? []), ...sources.local];
  return all.some((r) => {
    if (!ruleLike(r) || r.disabled === true) return false;
    // Origins are stored normalised (validation), but a policy may spell one with a trailing slash.
    if (r.origin.replace(/\/+$/, '').toLowerCase() !== url.origin.toLowerCase()) return false;
    return r.adapter === undefined || r.adapter === (adapterId ?? GENERIC_ID);
  });
}

// ---------------------------------------------------------------------------------------------
// The kit: what the injected script offers, and how the two sides meet

export interface PickerRequest {
  ctx: ContentScriptContext;
  doc: Document;
  url: URL;
  /** The built-in adapter whose fields the rule overrides; absent = a rule for the generic adapter. */
  adapterId?: string;
  adapterLabel?: string;
  /** Preselected field ("fix with picker" for priority). */
  field?: RuleField;
  /** Called once when the picker closes (saved, cancelled, or torn down). */
  onClose?(): void;
  /** Milliseconds clock for updatedAt. */
  now(): Date;
}

export interface PickerHandle {
  close(): void;
}

export interface OfferRequest {
  ctx: ContentScriptContext;
  doc: Document;
  /** The agent chose "Pick fields". */
  onPick(): void;
  /** The agent chose "Not here" (remembered for the origin by the caller). */
  onDismiss(): void;
}

export interface RulesKit {
  kitVersion: 1;
  /** managed > feed > local, each managed rule validated on its own (an invalid one is dropped, not the rest). */
  effectiveRules(sources: RuleSources): Rule[];
  withRuleOverrides(base: HelpdeskAdapter, rules: readonly Rule[], url: URL): HelpdeskAdapter;
  genericAdapterFor(rules: readonly Rule[], url: URL): HelpdeskAdapter | null;
  startPicker(req: PickerRequest): PickerHandle;
  /** The corner panel on a helpdesk SLA Lens cannot read yet: "no reading rules for this site — Pick fields". */
  offerPicker(req: OfferRequest): PickerHandle;
}

export const RULES_KIT_KEY = '__slaLensRulesKit';
export const RULES_KIT_SCRIPT = '/rules-kit.js';
export const LOAD_RULES_KIT = 'load-rules-kit';

export function registerRulesKit(scope: object, kit: RulesKit): void {
  (scope as Record<string, unknown>)[RULES_KIT_KEY] = kit;
}

export function rulesKitOf(scope: object): RulesKit | undefined {
  const k = (scope as Record<string, unknown>)[RULES_KIT_KEY] as Partial<RulesKit> | undefined;
  return k && k.kitVersion === 1 && typeof k.startPicker === 'function' ? (k as RulesKit) : undefined;
}

/** The background's onMessage body for the kit: injects it into the asking tab and frame only. */
export const handleRulesKitRequest = injectOnRequest(LOAD_RULES_KIT, RULES_KIT_SCRIPT);

/** The content script's side: the kit once per page (a failed load is tried again on the next call). */
export function createRulesKitLoader(deps: { scope: object; send(msg: { type: typeof LOAD_RULES_KIT }): Promise<unknown> }): () => Promise<RulesKit> {
  return createInjectedLoader({ ...deps, type: LOAD_RULES_KIT, read: rulesKitOf, what: 'the reading-rules kit' });
}

// ---------------------------------------------------------------------------------------------
// The picker's rule drafting (pure)

/** Fields the picker offers, in the order a ticket header shows them. */
export const PICKER_FIELDS = [
  'requesterEmail', 'subject', 'priority', 'status', 'createdAt', 'organization', 'requesterName', 'ticketId',
] as const satisfies readonly RuleField[];

export const FIELD_LABEL: Record<RuleField, string> = {
  ticketId: 'Ticket id',
  subject: 'Subject',
  requesterName: 'Requester name',
  requesterEmail: 'Requester email',
  organization: 'Organisation',
  organizationId: 'Organisation id',
  priority: 'Priority',
  status: 'Status',
  createdAt: 'Created time',
  firstAgentReplyAt: 'First agent reply',
  lastAgentReplyAt: 'Last agent reply',
};

/** What the generic adapter needs before the overlay can show a matched contract with clocks. */
export const GENERIC_NEEDS: readonly RuleField[] = ['requesterEmail', 'priority', 'createdAt'];

/** The id of the one local rule the picker keeps per origin and adapter ("picked-desk.acme.example-generic"). */
export function pickedRuleId(origin: string, adapterId?: string): string {
  const host = origin.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]+/g, '-');
  return `picked-${host}-${adapterId ?? GENERIC_ID}`.slice(0, 64).replace(/[^A-Za-z0-9]+$/, '');
}

/**
 * The path pattern a picked rule covers: the ticket URL with its numeric (id-like) segments as `*`
 * ("/desk/tickets/731" → "/desk/tickets/*"); "/**" when no segment looks like an id (SPAs with the id
 * in the hash or query), and for built-in adapters, whose own reader decides what a ticket page is.
 */
export function pickedPath(url: URL, adapterId?: string): string {
  if (adapterId) return '/**';
  const idLike = (s: string) => /^\d+$/.test(s) || /^[A-Za-z]{1,10}-?\d{2,}$/.test(s);
  const segs = url.pathname.split('/');
  return segs.some(idLike) ? segs.map((s) => (idLike(s) ? '*' : s)).join('/') : '/**';
}

/** The local rule after picking `field`: added to this origin/adapter's picked rule, or a new one. */
export function withPickedField(
  localRules: readonly Rule[],
  target: { url: URL; adapterId?: string; adapterLabel?: string },
  field: RuleField,
  fieldRule: FieldRule,
): Rule {
  const id = pickedRuleId(target.url.origin, target.adapterId);
  const existing = localRules.find((r) => r.id === id);
  if (existing) return { ...existing, fields: { ...existing.fields, [field]: fieldRule } };
  return {
    id,
    label: target.adapterId ? `${target.adapterLabel ?? target.adapterId} on ${target.url.host} (picked)` : `${target.url.host} (picked)`,
    origin: target.url.origin,
    path: pickedPath(target.url, target.adapterId),
    ...(target.adapterId ? { adapter: target.adapterId } : {}),
    fields: { [field]: fieldRule },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading health: per field, who produced it, and whether it went missing after working before

/** Fields that every ticket has once a reader works; a missing one after earlier reads means a broken reader. */
export const TRACKED_FIELDS: readonly RuleField[] = ['subject', 'requesterEmail', 'requesterName', 'priority', 'status', 'createdAt'];

export interface FieldRow {
  field: RuleField;
  source: FieldSource | 'missing';
  /** Missing now, produced on an earlier read of this origin and adapter: offer "fix with picker". */
  lost: boolean;
}

export const SOURCE_LABEL: Record<FieldSource | 'missing', string> = {
  rule: 'rule',
  api: 'API',
  dom: 'built-in selector',
  url: 'URL',
  title: 'page title',
  missing: 'not read',
};

/**
 * Memory of which fields a reader produced, per key (origin + adapter id), for the content script's life
 * (a page session). `check` reports each field and records the produced ones; calling it again with the
 * same snapshot gives the same rows.
 */
export function createReadHealth() {
  const produced = new Map<string, Set<RuleField>>();
  return {
    check(key: string, snap: TicketSnapshot): FieldRow[] {
      let seen = produced.get(key);
      if (!seen) produced.set(key, (seen = new Set()));
      const rows = RULE_FIELDS.map((field): FieldRow => {
        const v = snap[field as SnapshotField];
        const has = v !== undefined && v !== '';
        const source: FieldRow['source'] = has ? (snap.sources?.[field] ?? 'dom') : 'missing';
        return { field, source, lost: !has && TRACKED_FIELDS.includes(field) && seen.has(field) };
      });
      for (const r of rows) if (r.source !== 'missing' && TRACKED_FIELDS.includes(r.field)) seen.add(r.field);
      return rows;
    },
  };
}

/** "Priority could not be read (it used to be)". */
export const lostMessage = (field: RuleField) => `${FIELD_LABEL[field]} could not be read (it used to be)`;

/** The policy's `rules` value: a list, or JSON text of one (registry and admin consoles store text). */
export function managedRulesValue(raw: unknown): unknown[] | null {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v.replace(/^\uFEFF/, ''));
    } catch {
      return null;
    }
  }
  return Array.isArray(v) ? v : null;
}
