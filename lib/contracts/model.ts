// The contract model: one B2B support contract per customer. Plain JSON (dates as strings) so the
// same shape is stored, imported, exported and validated. Validation lives in ./validate.ts.
import type { Rule } from '../rules/model';
import type { BusinessCalendar } from '../business-time';

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TARGET_KINDS = ['firstResponse', 'updateCadence', 'resolution'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** `business` = counted on the contract calendar; `24x7` = wall-clock minutes. */
export type ClockBasis = 'business' | '24x7';

export interface Target {
  minutes: number;
  basis: ClockBasis;
}

export type SeverityTargets = Partial<Record<TargetKind, Target>>;
export type TargetMatrix = Partial<Record<Severity, SeverityTargets>>;

export const CHANNELS = ['email', 'phone', 'chat', 'portal', 'slack', 'teams', 'onsite'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Contact {
  name: string;
  role?: string;
  email?: string;
  /** E.164 or local format; rendered as a tel: link. */
  phone?: string;
  /** https: link to a chat (Slack, Teams…). */
  chat?: string;
  /** Our people vs the customer's people. */
  side?: 'internal' | 'customer';
}

export type EscalationTrigger =
  /** Fires when the given % of a target has elapsed (default target: resolution). */
  | { type: 'percent'; percent: number; target?: TargetKind }
  /** Fires after N minutes since ticket creation (counted like the resolution target). */
  | { type: 'minutes'; minutes: number }
  /** Fires when any contractual target is breached. */
  | { type: 'breach' };

export interface EscalationLevel {
  /** e.g. "Tier 1", "Tier 2", "Management", "Executive". */
  name: string;
  severities: Severity[];
  trigger: EscalationTrigger;
  contacts: Contact[];
}

export interface Contract {
  /** Stable id, unique in a contract set (slug-like). */
  id: string;
  customer: {
    name: string;
    aliases?: string[];
    /** Email domains; subdomains included when matching. */
    domains?: string[];
    /** Named / authorised contact emails. */
    contacts?: string[];
    /** Helpdesk organisation / external ids: "zendesk:360001" or a bare id for any helpdesk. */
    externalIds?: string[];
    /** ISO country code, informative. */
    country?: string;
  };
  /** e.g. "Enterprise", "Premium", "Standard". */
  tier: string;
  term: {
    /** YYYY-MM-DD */
    start: string;
    /** YYYY-MM-DD, inclusive last day. */
    end: string;
    renewal?: 'auto' | 'manual' | 'none';
    noticeDays?: number;
  };
  onboarding?: { start: string; end: string; note?: string };
  /** Coverage hours of the contract: business targets count on this calendar. */
  calendar: BusinessCalendar;
  channels: Channel[];
  primaryChannel?: Channel;
  languages?: string[];
  targets: TargetMatrix;
  /** Private targets, stricter than the contractual ones (≤ minutes). */
  internalTargets?: TargetMatrix;
  /** Status labels that pause the resolution clock, per helpdesk id or "*" for all. Case-insensitive. */
  pausingStatuses?: Record<string, string[]>;
  /** Helpdesk priority label → severity, per helpdesk id or "*". Case-insensitive. Overrides the defaults. */
  severityMap?: Record<string, Record<string, Severity>>;
  /** Warn (at risk) threshold in % of a target; default from settings (75). */
  warnPercent?: number;
  entitlements?: {
    tam?: Contact;
    dedicatedAgent?: Contact;
    pod?: string;
    badges?: string[];
  };
  escalation?: EscalationLevel[];
  serviceCredits?: string;
  outOfScope?: string;
  governance?: { qbrCadence?: string; nextReview?: string };
  notes?: string;
}

/** The versioned interchange format (what import reads and export writes). */
export interface ContractFile {
  format: 'sla-lens/contracts';
  version: 1;
  exportedAt?: string;
  contracts: Contract[];
  /** Reading rules that travel with the contracts (lib/rules); optional, validated like a rules file. */
  readingRules?: Rule[];
}
