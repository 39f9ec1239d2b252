// Demo tickets, generated relative to `now` so every sample contract shows each SLA state whenever the
// demo runs: created far enough back (in the target's own basis: business minutes on the contract
// calendar, or wall-clock for 24x7) that the first-response clock sits at the wanted share of its target.
import { addBusinessMinutes, businessMinutesBetween } from '../../lib/business-time';
import type { Contract, Severity, Target } from '../../lib/contracts/model';

export type DemoState = 'running' | 'atRisk' | 'breached' | 'paused' | 'firstResponseMet' | 'noContract';
export const DEMO_STATES: DemoState[] = ['running', 'atRisk', 'breached', 'paused', 'firstResponseMet', 'noContract'];

export type ZendeskPriority = 'urgent' | 'high' | 'normal' | 'low';
export type ZendeskStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved';

export interface DemoUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent';
  organizationId: number | null;
  timeZone?: string;
}

export interface DemoOrganization {
  id: number;
  name: string;
  domains: string[];
  externalId: string | null;
}

export interface DemoComment {
  id: number;
  authorId: number;
  body: string;
  public: boolean;
  at: Date;
}

export interface DemoTicket {
  id: number;
  state: DemoState;
  /** Sample contract id (undefined for the no-contract ticket). */
  contractId?: string;
  subject: string;
  priority: ZendeskPriority;
  type: 'incident' | 'problem' | 'question' | 'task';
  tags: string[];
  requester: DemoUser;
  organization: DemoOrganization | null;
  assignee: DemoUser;
  createdAt: Date;
  /** Status changes in order, the first is the creation status. */
  statusHistory: { status: ZendeskStatus; at: Date; authorId: number }[];
  comments: DemoComment[];
  /** Clock states (data-state by clock kind) the overlay should show; empty for the no-contract ticket. */
  expected: Partial<Record<'firstResponse' | 'resolution', string>>;
}

export const AGENTS: DemoUser[] = [
  { id: 90001, name: 'Priya Raman', email: 'priya.raman@helpdesk.example', role: 'agent', organizationId: null },
  { id: 90002, name: 'Marco Bianchi', email: 'marco.bianchi@helpdesk.example', role: 'agent', organizationId: null },
  { id: 90003, name: 'Lena Fischer', email: 'lena.fischer@helpdesk.example', role: 'agent', organizationId: null },
];

const PRIORITY_SEVERITY: Record<ZendeskPriority, Severity> = { urgent: 'sev1', high: 'sev2', normal: 'sev3', low: 'sev4' };

/**
 * What each state looks like: the severity it prefers, where its first-response clock stands (share of the
 * target; at risk sits halfway between the warn threshold and the target) and what the overlay should show.
 */
const PLAN: Record<Exclude<DemoState, 'noContract'>, { severity: Severity; frShare: (warn: number) => number; firstResponse: string }> = {
  running: { severity: 'sev3', frShare: () => 0.3, firstResponse: 'running' },
  atRisk: { severity: 'sev2', frShare: (warn) => (warn / 100 + 1) / 2, firstResponse: 'atRisk' },
  breached: { severity: 'sev1', frShare: () => 1.35, firstResponse: 'breached' },
  // Replied at 40 % of the first-response target, then waiting on the customer: resolution paused.
  paused: { severity: 'sev3', frShare: () => 2.2, firstResponse: 'met' },
  firstResponseMet: { severity: 'sev2', frShare: () => 1.6, firstResponse: 'met' },
};

const STORIES: Record<DemoState, { subject: string; ask: string; type: DemoTicket['type']; tags: string[] }[]> = {
  running: [
    { subject: 'SSO login loops back to the sign-in page', type: 'incident', tags: ['sso', 'login'],
      ask: 'Since this morning some of our users get sent back to the sign-in page after authenticating with Okta. Clearing cookies does not help.' },
    { subject: 'CSV export drops the last column', type: 'problem', tags: ['export'],
      ask: 'When we export the monthly usage report to CSV the "Cost centre" column is missing. The on-screen report shows it.' },
  ],
  atRisk: [
    { subject: 'Webhook deliveries delayed by 20+ minutes', type: 'incident', tags: ['webhooks', 'latency'],
      ask: 'Our order-sync webhooks are arriving 20 to 40 minutes late since yesterday evening. Customers are seeing stale stock levels.' },
    { subject: 'API returns 429 well below our rate limit', type: 'incident', tags: ['api', 'rate-limit'],
      ask: 'We are getting HTTP 429 on /v2/orders at about 30 requests per minute. Our plan allows 600. Request ids attached.' },
  ],
  breached: [
    { subject: 'Production dashboard down for all users', type: 'incident', tags: ['outage', 'dashboard'],
      ask: 'Nobody in our organisation can load the dashboard: it spins and then shows "Something went wrong". This is blocking our operations team.' },
    { subject: 'Payments failing at checkout (error P-503)', type: 'incident', tags: ['payments', 'outage'],
      ask: 'Every card payment fails with error P-503 since 08:10 our time. We are losing sales; please treat as urgent.' },
  ],
  paused: [
    { subject: 'Scheduled reports not arriving by email', type: 'problem', tags: ['reports', 'email'],
      ask: 'The weekly scheduled report has not reached our finance mailbox for two weeks. Nothing in spam.' },
  ],
  firstResponseMet: [
    { subject: 'Cannot add users to the Analysts role', type: 'question', tags: ['permissions'],
      ask: 'Adding a user to the Analysts role fails with "insufficient permissions" although I am an account owner.' },
  ],
  noContract: [
    { subject: 'Question about pricing for 50 seats', type: 'question', tags: ['sales'],
      ask: 'Hi, we are evaluating your product for our team of about 50 people. Could you tell me about volume pricing?' },
  ],
};

const FIRST = ['Hannah', 'Tomás', 'Aiko', 'Oliver', 'Fatima', 'Jonas', 'Grace', 'Mateo', 'Sofia', 'Noah', 'Ingrid', 'Kwame'];
const LAST = ['Schmidt', 'García', 'Tanaka', 'Hughes', 'Haddad', 'Berg', 'Okafor', 'Rossi', 'Novak', 'Lindqvist', 'Dubois', 'Mensah'];

/** Any instant T ≤ to with `minutes` minutes of the target's basis in [T, to). */
export function minutesBefore(to: Date, minutes: number, target: Target, contract: Contract): Date {
  if (target.basis === '24x7') return new Date(to.getTime() - minutes * 60_000);
  const cal = contract.calendar;
  let lo = to.getTime();
  let step = 60 * 60_000;
  // Widen the window (doubling) until it holds enough business time; a year covers any sane calendar.
  while (businessMinutesBetween(new Date(lo), to, cal) < minutes) {
    lo -= step;
    step *= 2;
    if (to.getTime() - lo > 400 * 86_400_000) throw new Error(`calendar of ${contract.id} has no ${minutes} business minutes in a year`);
  }
  let hi = to.getTime();
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMinutesBetween(new Date(mid), to, cal) >= minutes) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

function after(from: Date, minutes: number, target: Target, contract: Contract): Date {
  return target.basis === '24x7' ? new Date(from.getTime() + minutes * 60_000) : addBusinessMinutes(from, minutes, contract.calendar);
}

/** The contract's priority label for a severity (its own map for zendesk or "*", else Zendesk's defaults). */
function priorityFor(contract: Contract, severity: Severity): ZendeskPriority {
  const map = { ...contract.severityMap?.['*'], ...contract.severityMap?.zendesk };
  const own = Object.entries(map).find(([label, sev]) => sev === severity && label.toLowerCase() in PRIORITY_SEVERITY);
  if (own) return own[0].toLowerCase() as ZendeskPriority;
  return (Object.entries(PRIORITY_SEVERITY).find(([, s]) => s === severity)?.[0] ?? 'normal') as ZendeskPriority;
}

/** The preferred severity if it has a first-response target (and a resolution target when asked), else the next that does. */
function firstResponseTarget(contract: Contract, preferred: Severity, withResolution: boolean): { severity: Severity; target: Target; hasResolution: boolean } {
  const order: Severity[] = [preferred, 'sev2', 'sev3', 'sev1', 'sev4'];
  const found = (needResolution: boolean) => {
    for (const severity of order) {
      const t = contract.targets[severity];
      if (t?.firstResponse && (!needResolution || t.resolution)) return { severity, target: t.firstResponse, hasResolution: !!t.resolution };
    }
    return undefined;
  };
  const r = (withResolution && found(true)) || found(false);
  if (!r) throw new Error(`sample contract ${contract.id} has no first-response target`);
  return r;
}

/** A numeric Zendesk organisation id: the contract's own "zendesk:<n>" external id when it has one. */
function orgIdFor(contract: Contract, index: number): number {
  for (const x of contract.customer.externalIds ?? []) {
    const m = /^(?:zendesk:)?(\d+)$/.exec(x);
    if (m?.[1]) return Number(m[1]);
  }
  return 360_000_100 + index;
}

/** "lena.vogel@x" → "Lena Vogel", "support-desk@x" → "Support Desk". */
const nameFromEmail = (email: string) =>
  email.split('@')[0]!.split(/[._-]+/).filter(Boolean).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');

function slug(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\w]+/g, '.').replace(/^\.|\.$/g, '').toLowerCase();
}

export interface DemoDesk {
  now: Date;
  tickets: DemoTicket[];
  users: DemoUser[];
  organizations: DemoOrganization[];
}

/** One ticket per (contract × state), plus one requester from an unknown domain. */
export function buildDemoDesk(contracts: Contract[], now: Date, firstId = 4801): DemoDesk {
  const tickets: DemoTicket[] = [];
  const users: DemoUser[] = [...AGENTS];
  const organizations: DemoOrganization[] = [];
  let nextId = firstId;
  let nextUser = 70001;
  let nextComment = 1;
  const person = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[(i * 5 + 3) % LAST.length]}`;

  contracts.forEach((contract, ci) => {
    const domain = contract.customer.domains?.[0];
    if (!domain) throw new Error(`sample contract ${contract.id} needs customer.domains for the demo requesters`);
    const org: DemoOrganization = {
      id: orgIdFor(contract, ci),
      name: contract.customer.name,
      domains: contract.customer.domains ?? [],
      externalId: null,
    };
    organizations.push(org);
    (Object.keys(PLAN) as (keyof typeof PLAN)[]).forEach((state, si) => {
      const plan = PLAN[state];
      const { severity, target, hasResolution } = firstResponseTarget(contract, plan.severity, state === 'paused');
      // The first ticket comes from a named contact when the contract lists some (exact-email matching).
      const contact = si === 0 ? contract.customer.contacts?.find((c) => c.includes('.') && c.indexOf('.') < c.indexOf('@')) ?? contract.customer.contacts?.[0] : undefined;
      const name = contact ? nameFromEmail(contact) : person(ci * 7 + si);
      const email = contact ?? `${slug(name)}@${domain}`;
      const requester: DemoUser = {
        id: nextUser++, name, email, role: 'end-user', organizationId: org.id, timeZone: contract.calendar.timezone,
      };
      users.push(requester);
      const story = STORIES[state][ci % STORIES[state].length]!;
      const assignee = AGENTS[(ci + si) % AGENTS.length]!;
      const createdAt = minutesBefore(now, target.minutes * plan.frShare(contract.warnPercent ?? 75), target, contract);
      const comments: DemoComment[] = [{ id: nextComment++, authorId: requester.id, body: story.ask, public: true, at: createdAt }];
      const statusHistory: DemoTicket['statusHistory'] = [{ status: 'new', at: createdAt, authorId: requester.id }];
      const soon = (share: number) => after(createdAt, target.minutes * share, target, contract);

      if (state === 'breached' || state === 'atRisk') {
        // An internal note is not a first response: the clock must keep running.
        const at = soon(0.4);
        statusHistory.push({ status: 'open', at, authorId: assignee.id });
        comments.push({ id: nextComment++, authorId: assignee.id, public: false, at,
          body: 'Checked the status page and recent deploys; nothing obvious yet. Asking Tier 2 to look at the logs.' });
      } else if (state === 'running') {
        statusHistory.push({ status: 'open', at: soon(0.1), authorId: assignee.id });
      } else {
        const replyAt = soon(0.4);
        statusHistory.push({ status: 'open', at: soon(0.05), authorId: assignee.id });
        comments.push({ id: nextComment++, authorId: assignee.id, public: true, at: replyAt,
          body: state === 'paused'
            ? `Hi ${name.split(' ')[0]}, thanks for the report. Could you send us the job id of the scheduled report and the exact recipient address? I will put the ticket on pending until then.`
            : `Hi ${name.split(' ')[0]}, thanks for reaching out. I can reproduce this and have raised it with our engineering team. I will update you as soon as I hear back.` });
        if (state === 'paused') statusHistory.push({ status: 'pending', at: replyAt, authorId: assignee.id });
        else comments.push({ id: nextComment++, authorId: requester.id, public: true, at: soon(0.9),
          body: 'Thanks. For what it is worth, it also happens for users we created last week.' });
      }
      tickets.push({
        id: nextId++, state, contractId: contract.id, subject: story.subject, priority: priorityFor(contract, severity),
        type: story.type, tags: [...story.tags, contract.tier.toLowerCase()], requester, organization: org, assignee,
        createdAt, statusHistory, comments,
        expected: { firstResponse: plan.firstResponse, ...(state === 'paused' && hasResolution ? { resolution: 'paused' } : {}) },
      });
    });
  });

  // A prospect from a domain no contract knows.
  const story = STORIES.noContract[0]!;
  const stranger: DemoUser = { id: nextUser++, name: 'Robin Ellery', email: 'robin@northwind-traders.example', role: 'end-user', organizationId: null };
  users.push(stranger);
  const createdAt = new Date(now.getTime() - 95 * 60_000);
  tickets.push({
    id: nextId++, state: 'noContract', subject: story.subject, priority: 'normal', type: story.type, tags: story.tags,
    requester: stranger, organization: null, assignee: AGENTS[0]!, createdAt,
    statusHistory: [{ status: 'new', at: createdAt, authorId: stranger.id }],
    comments: [{ id: nextComment++, authorId: stranger.id, body: story.ask, public: true, at: createdAt }],
    expected: {},
  });
  return { now, tickets, users, organizations };
}

export const currentStatus = (t: DemoTicket): ZendeskStatus => t.statusHistory[t.statusHistory.length - 1]!.status;
