// Built-in mappings from helpdesk labels to contract concepts. Keys are adapter ids (lib/adapters/<id>.ts)
// or "*" for every helpdesk; labels are compared trimmed, case-insensitively, with runs of spaces collapsed.
import type { Contract, Severity } from './model';

/** Labels every helpdesk shares; per-helpdesk entries below only add what differs. */
const COMMON: Record<string, Severity> = {
  critical: 'sev1', urgent: 'sev1', emergency: 'sev1', highest: 'sev1', blocker: 'sev1',
  high: 'sev2', major: 'sev2',
  medium: 'sev3', normal: 'sev3', moderate: 'sev3',
  low: 'sev4', lowest: 'sev4', minor: 'sev4', trivial: 'sev4', planning: 'sev4',
};

export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, Readonly<Record<string, Severity>>>> = {
  '*': COMMON,
  // Zendesk urgent/high/normal/low, Freshdesk Urgent/High/Medium/Low, RT Low/Medium/High, HubSpot URGENT/HIGH/MEDIUM/LOW,
  // Gorgias critical/high/normal/low, osTicket Emergency/High/Normal/Low and Jira Highest…Lowest are all covered by COMMON.
  servicenow: {
    '1 - critical': 'sev1', '2 - high': 'sev2', '3 - moderate': 'sev3', '4 - low': 'sev4', '5 - planning': 'sev4',
    // The form's <select> value when the adapter reads the raw field.
    '1': 'sev1', '2': 'sev2', '3': 'sev3', '4': 'sev4', '5': 'sev4',
  },
  zammad: { '1 low': 'sev4', '2 normal': 'sev3', '3 high': 'sev2' },
};

/** Statuses that pause the resolution clock. A trailing "*" matches any label starting with the rest. */
export const DEFAULT_PAUSING_STATUSES: Readonly<Record<string, readonly string[]>> = {
  '*': ['pending', 'on hold', 'on-hold', 'waiting for customer', 'waiting on customer'],
  zendesk: ['pending', 'on-hold', 'on hold'],
  freshdesk: ['pending', 'waiting on customer', 'waiting on third party'],
  jira: ['waiting for customer'],
  servicenow: ['on hold', 'awaiting*'],
  'request-tracker': ['stalled'],
  zammad: ['pending reminder', 'pending close'],
  osticket: ['on hold', 'awaiting customer'],
  freescout: ['pending'],
  'help-scout': ['pending'],
  hubspot: ['waiting on contact'],
  'zoho-desk': ['on hold'],
};

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function lookup(map: Readonly<Record<string, Severity>> | undefined, label: string): Severity | undefined {
  if (!map) return undefined;
  for (const [k, sev] of Object.entries(map)) if (norm(k) === label) return sev;
  return undefined;
}

/**
 * The severity for a helpdesk priority label: the contract's map for this helpdesk, then its "*" map,
 * then the built-in maps, then the generic "P1", "Sev 2", "Severity 3", "S4" forms.
 */
export function severityFor(
  contract: Pick<Contract, 'severityMap'> | null | undefined,
  helpdesk: string,
  priorityLabel: string | null | undefined,
): { severity: Severity; source: 'contract' | 'default' } | null {
  if (!priorityLabel) return null;
  const label = norm(priorityLabel);
  if (!label) return null;
  const hd = norm(helpdesk);
  const own = contract?.severityMap;
  const fromContract = lookup(own?.[hd], label) ?? lookup(own?.['*'], label);
  if (fromContract) return { severity: fromContract, source: 'contract' };
  const builtIn = lookup(DEFAULT_SEVERITY_MAP[hd], label) ?? lookup(DEFAULT_SEVERITY_MAP['*'], label);
  if (builtIn) return { severity: builtIn, source: 'default' };
  const m = /^(?:p|s|sev|severity)\s*[-_]?\s*([1-4])\b/.exec(label);
  return m ? { severity: `sev${m[1]}` as Severity, source: 'default' } : null;
}

/** Whether a status pauses the resolution clock. A contract list for the helpdesk (or "*") replaces the defaults. */
export function isPausingStatus(
  contract: Pick<Contract, 'pausingStatuses'> | null | undefined,
  helpdesk: string,
  status: string | null | undefined,
): boolean {
  if (!status) return false;
  const s = norm(status);
  const hd = norm(helpdesk);
  const own = contract?.pausingStatuses;
  const list = own?.[hd] ?? own?.['*'] ?? DEFAULT_PAUSING_STATUSES[hd] ?? DEFAULT_PAUSING_STATUSES['*'] ?? [];
  return list.some((p) => {
    const n = norm(p);
    return n.endsWith('*') ? s.startsWith(n.slice(0, -1)) : s === n;
  });
}
