// Escalation suggestion (see ../shared/DESIGN.md "Escalation"): which level of the contract's matrix
// applies now, which comes next and when, and a plain-text note to paste into chat or email.
import type { TicketSnapshot } from './adapters/types';
import type { Contact, Contract, EscalationLevel, EscalationTrigger, TargetKind } from './contracts/model';
import { advance } from './sla/clock';
import { formatDuration, formatTimeLeft } from './sla/format';
import type { Clock, ClockState, SlaResult, TargetClock } from './sla/types';
import { hhmm, isValidZone, zoned } from './zoned';

export interface EscalationSuggestion {
  /** Highest level whose trigger is met now (null = none yet). `why`: the trigger in words. */
  current: { level: EscalationLevel; index: number; why?: string } | null;
  /** The level after it, and when it fires (null when it cannot be known, e.g. paused or breach-triggered). */
  next: { level: EscalationLevel; index: number; firesAt: Date | null; why?: string } | null;
  /** Ready-to-copy plain-text note: ticket link, customer, severity, SLA state, level, contacts. */
  note: string;
}

const KIND_LABEL: Record<TargetKind, string> = { firstResponse: 'first response', updateCadence: 'update cadence', resolution: 'resolution' };
const STATE_WORD: Record<ClockState, string> = { running: 'running', atRisk: 'at risk', breached: 'BREACHED', paused: 'paused', met: 'met', missed: 'MISSED' };

interface Progress {
  met: boolean;
  /** When an unmet trigger will be met if nothing changes; null when unknown (paused, stopped, no clock). */
  firesAt: Date | null;
}

/** How far a clock is towards `need` basis minutes of its contractual target. */
function towards(clock: Clock | undefined, need: number, contract: Contract, now: Date): Progress {
  if (!clock) return { met: false, firesAt: null };
  const c = clock.contractual;
  const elapsed = c.elapsedFraction * c.target.minutes;
  // A hair of tolerance: elapsedFraction × minutes need not give back the exact float.
  if (elapsed >= need - 1e-6) return { met: true, firesAt: null };
  if (clock.paused || c.state === 'paused' || c.state === 'met' || c.state === 'missed') return { met: false, firesAt: null };
  // Running now and nothing pauses in the future as far as we know: the rest is counted from now.
  return { met: false, firesAt: new Date(advance(c.target.basis, contract.calendar, now.getTime(), need - elapsed)) };
}

function progress(t: EscalationTrigger, sla: SlaResult, contract: Contract, ticket: TicketSnapshot, now: Date): Progress {
  const clock = (k: TargetKind) => sla.clocks.find((c) => c.kind === k);
  switch (t?.type) {
    case 'percent': {
      const c = clock(t.target ?? 'resolution');
      return Number.isFinite(t.percent) && c ? towards(c, (c.contractual.target.minutes * t.percent) / 100, contract, now) : { met: false, firesAt: null };
    }
    case 'minutes': {
      if (!Number.isFinite(t.minutes)) return { met: false, firesAt: null };
      const c = clock('resolution');
      if (c) return towards(c, t.minutes, contract, now);
      // No resolution target: plain wall-clock minutes since creation.
      const created = ticket.createdAt?.getTime();
      if (created === undefined || Number.isNaN(created)) return { met: false, firesAt: null };
      const at = created + t.minutes * 60_000;
      return at <= now.getTime() ? { met: true, firesAt: null } : { met: false, firesAt: new Date(at) };
    }
    case 'breach': {
      if (sla.clocks.some((c) => c.contractual.state === 'breached' || c.contractual.state === 'missed')) return { met: true, firesAt: null };
      const dues = sla.clocks
        .filter((c) => !c.paused && (c.contractual.state === 'running' || c.contractual.state === 'atRisk'))
        .map((c) => c.contractual.dueAt?.getTime())
        .filter((d): d is number => d !== undefined);
      return { met: false, firesAt: dues.length ? new Date(Math.min(...dues)) : null };
    }
    default:
      return { met: false, firesAt: null };
  }
}

function triggerText(t: EscalationTrigger): string {
  switch (t?.type) {
    case 'percent': return `${t.percent}% of the ${KIND_LABEL[t.target ?? 'resolution']} target elapsed`;
    case 'minutes': return `${formatDuration(t.minutes)} since the ticket was created`;
    case 'breach': return 'an SLA target is breached';
    default: return 'unknown trigger';
  }
}

// ---------------------------------------------------------------------------------------------
// The note. Everything interpolated is made single-line: a contact name cannot forge extra lines.

const oneLine = (s: unknown, max = 200): string =>
  String(s ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);

function webUrl(raw: string): string | null {
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** "2025-03-03T17:00:00.000Z (Mon 3 Mar 18:00 CET)" — exact for tools, readable for people. */
function instant(d: Date, zone: string): string {
  const z = zoned(d, zone);
  return `${d.toISOString()} (${z.weekday} ${z.day} ${z.monthName} ${hhmm(z)} ${z.zoneName})`;
}

function clockLine(c: TargetClock, zone: string, paused: boolean): string {
  const state = STATE_WORD[c.state];
  if (c.state === 'met' || c.state === 'missed') {
    const late = c.state === 'missed' ? `, late by ${formatDuration(Math.ceil(-c.minutesLeft))}` : '';
    return `${state}${c.stoppedAt ? ` at ${instant(c.stoppedAt, zone)}` : ''}${late}`;
  }
  const left = formatTimeLeft(c.minutesLeft);
  const due = c.dueAt ? `due ${instant(c.dueAt, zone)}` : 'due time moves while paused';
  return `${state}${paused && c.state !== 'paused' ? ' (paused)' : ''}, ${left}, ${due}`;
}

function contactLine(c: Contact): string {
  const who = [oneLine(c.name), c.role && oneLine(c.role), c.side && `${c.side === 'customer' ? 'customer' : 'internal'}`].filter(Boolean).join(', ');
  const ways = [
    c.phone && `phone ${oneLine(c.phone, 40)}`,
    c.email && `email ${oneLine(c.email, 120)}`,
    c.chat && webUrl(c.chat)?.startsWith('https:') && `chat ${oneLine(c.chat)}`,
  ].filter(Boolean);
  return `- ${who}${ways.length ? ` — ${ways.join(' — ')}` : ''}`;
}

function buildNote(
  contract: Contract,
  ticket: TicketSnapshot,
  sla: SlaResult,
  now: Date,
  ticketUrl: string,
  current: EscalationSuggestion['current'],
  next: EscalationSuggestion['next'],
): string {
  const zone = isValidZone(contract.calendar?.timezone) ? contract.calendar.timezone : 'UTC';
  const url = webUrl(ticketUrl);
  const subject = ticket.subject ? ` “${oneLine(ticket.subject, 120)}”` : '';
  const sev = sla.severity ? sla.severity.toUpperCase() : 'unknown';
  const prio = ticket.priority ? ` (priority “${oneLine(ticket.priority, 40)}”)` : '';
  const lines = [
    current ? `ESCALATION: ${oneLine(current.level.name)}` : 'SLA status (no escalation level reached yet)',
    `Ticket: #${oneLine(ticket.ticketId, 60)}${subject}${url ? ` — ${url}` : ''}`,
    `Customer: ${oneLine(contract.customer?.name)} · Tier: ${oneLine(contract.tier)} · Severity: ${sev}${prio}`,
  ];
  if (ticket.status) lines.push(`Status: ${oneLine(ticket.status, 60)}${sla.pausedNow ? ' (waiting: resolution paused)' : ''}`);
  lines.push(`Customer time: ${sla.coverage.localTime} ${sla.coverage.timezone}, ${sla.coverage.label}`);
  lines.push(`As of: ${instant(now, zone)}`);
  if (sla.clocks.length) {
    lines.push('SLA:');
    for (const c of sla.clocks) {
      const label = KIND_LABEL[c.kind];
      lines.push(`- ${label[0]!.toUpperCase()}${label.slice(1)}: ${clockLine(c.contractual, zone, c.paused)}`);
      if (c.internal) lines.push(`  internal target: ${clockLine(c.internal, zone, c.paused)}`);
    }
  } else lines.push('SLA: no clocks for this ticket');
  if (current) {
    lines.push(`Level: ${oneLine(current.level.name)} — because ${current.why ?? triggerText(current.level.trigger)}`);
    lines.push(current.level.contacts?.length ? 'Contacts:' : 'Contacts: none listed');
    for (const c of current.level.contacts ?? []) lines.push(contactLine(c));
  }
  if (next) {
    const when = next.firesAt ? `at ${instant(next.firesAt, zone)}` : 'when its trigger is reached';
    lines.push(`Next level: ${oneLine(next.level.name)} ${when} (${next.why ?? triggerText(next.level.trigger)})`);
  }
  return lines.join('\n');
}

/**
 * Levels apply when they list the ticket's severity. `current` = the applicable level with the highest
 * index whose trigger is met (levels are ordered from first line to executive); `next` = the following
 * applicable level, with when it fires if the clocks keep running as they do now.
 */
export function suggestEscalation(contract: Contract, ticket: TicketSnapshot, sla: SlaResult, now: Date, ticketUrl: string): EscalationSuggestion {
  const sev = sla.severity;
  const applicable = (contract.escalation ?? [])
    .map((level, index) => ({ level, index }))
    .filter(({ level }) => sev !== null && Array.isArray(level?.severities) && level.severities.includes(sev));

  let current: EscalationSuggestion['current'] = null;
  for (const a of applicable) {
    if (progress(a.level.trigger, sla, contract, ticket, now).met) current = { ...a, why: triggerText(a.level.trigger) };
  }
  const following = applicable.find((a) => a.index > (current?.index ?? -1));
  const next: EscalationSuggestion['next'] = following
    ? { ...following, firesAt: progress(following.level.trigger, sla, contract, ticket, now).firesAt, why: triggerText(following.level.trigger) }
    : null;
  return { current, next, note: buildNote(contract, ticket, sla, now, ticketUrl, current, next) };
}
