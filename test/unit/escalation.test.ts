import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import type { Contract, EscalationLevel } from '../../lib/contracts/model';
import { suggestEscalation } from '../../lib/escalation';
import { computeSla } from '../../lib/sla';
import type { SlaResult } from '../../lib/sla/types';

const ZONE = 'Europe/Berlin';
const b = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const MON_FRI = [['09:00', '18:00']] as [string, string][];
const URL_ = 'https://acme.zendesk.com/agent/tickets/42';

const LEVELS: EscalationLevel[] = [
  { name: 'Tier 1', severities: ['sev1', 'sev2'], trigger: { type: 'percent', percent: 50 }, contacts: [{ name: 'Duty Lead', email: 'duty@us.example', side: 'internal' }] },
  { name: 'Tier 2', severities: ['sev1', 'sev2'], trigger: { type: 'minutes', minutes: 600 }, contacts: [{ name: 'Team Lead', phone: '+49 30 123456' }] },
  { name: 'Customer TAM', severities: ['sev2'], trigger: { type: 'percent', percent: 90, target: 'updateCadence' }, contacts: [{ name: 'Tina TAM', role: 'TAM', email: 'tina@acme.example', side: 'customer' }] },
  {
    name: 'Management',
    severities: ['sev1', 'sev2'],
    trigger: { type: 'breach' },
    contacts: [{ name: 'Maria Manager', role: 'Head of Support', email: 'maria@us.example', phone: '+1 555 0100', chat: 'https://chat.example/m', side: 'internal' }],
  },
  { name: 'Executive', severities: ['sev1'], trigger: { type: 'percent', percent: 150 }, contacts: [{ name: 'Erin Exec', phone: '+1 555 0199' }] },
];

function contract(extra: Partial<Contract> = {}): Contract {
  return {
    id: 'acme',
    customer: { name: 'Acme GmbH' },
    tier: 'Enterprise',
    term: { start: '2025-01-01', end: '2025-12-31' },
    calendar: { timezone: ZONE, weekly: { mon: MON_FRI, tue: MON_FRI, wed: MON_FRI, thu: MON_FRI, fri: MON_FRI } },
    channels: ['email'],
    targets: {
      sev1: { firstResponse: { minutes: 60, basis: '24x7' }, resolution: { minutes: 480, basis: '24x7' } },
      sev2: { firstResponse: { minutes: 120, basis: 'business' }, updateCadence: { minutes: 240, basis: 'business' }, resolution: { minutes: 1080, basis: 'business' } },
      sev3: { firstResponse: { minutes: 240, basis: 'business' } },
    },
    escalation: LEVELS,
    ...extra,
  };
}

function ticket(extra: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    helpdesk: 'zendesk', ticketId: '42', subject: 'Checkout down', priority: 'high', status: 'open',
    createdAt: b('2025-03-03T09:00'), firstAgentReplyAt: b('2025-03-03T09:30'), ...extra,
  };
}

function run(t: Partial<TicketSnapshot>, now: Date, c = contract()) {
  const snap = ticket(t);
  const sla = computeSla(snap, c, now);
  return { sla, s: suggestEscalation(c, snap, sla, now, URL_) };
}

describe('levels and triggers', () => {
  it('nothing met yet: next is the first level, firing when 50 % of resolution is used', () => {
    const { s } = run({}, b('2025-03-03T10:00'));
    expect(s.current).toBeNull();
    expect(s.next).toMatchObject({ index: 0, level: { name: 'Tier 1' } });
    // 60 of 1080 business minutes used; 540 reached at Monday's closing time.
    expect(s.next?.firesAt).toEqual(b('2025-03-03T18:00'));
  });

  it('the highest met level wins; the next applicable one fires when its clock gets there', () => {
    const { s } = run({ lastAgentReplyAt: b('2025-03-04T09:30') }, b('2025-03-04T10:00'));
    // 600 business minutes since creation: Tier 1 (540) and Tier 2 (600) are both met.
    expect(s.current).toMatchObject({ index: 1, level: { name: 'Tier 2' } });
    // TAM: 90 % of the 240-minute update cadence counted from the reply at 09:30 → 216 min → 13:06.
    expect(s.next).toMatchObject({ index: 2, level: { name: 'Customer TAM' } });
    expect(s.next?.firesAt).toEqual(b('2025-03-04T13:06'));
  });

  it('skips levels that do not cover the severity', () => {
    const { s } = run({ priority: 'urgent', lastAgentReplyAt: undefined }, b('2025-03-03T11:00'));
    // Sev1, 120 of 480 wall minutes used: nothing met, and the sev2-only TAM never applies.
    expect(s.current).toBeNull();
    expect(s.next?.level.name).toBe('Tier 1');
    expect(s.next?.firesAt).toEqual(b('2025-03-03T13:00'));
  });

  it('a breach jumps straight to the breach level', () => {
    const { s } = run({ firstAgentReplyAt: undefined }, b('2025-03-03T11:30'));
    expect(s.current).toMatchObject({ index: 3, level: { name: 'Management' } });
    // Executive covers Sev1 only: nothing follows for this Sev2 ticket.
    expect(s.next).toBeNull();
  });

  it('a missed (stopped) clock also counts as a breach', () => {
    const { s } = run({ firstAgentReplyAt: b('2025-03-03T12:00') }, b('2025-03-03T12:30'));
    expect(s.current?.level.name).toBe('Management');
  });

  it('a breach-triggered next level fires at the earliest due among running clocks', () => {
    const { sla, s } = run({ lastAgentReplyAt: b('2025-03-04T09:30') }, b('2025-03-04T13:10'));
    expect(s.current?.level.name).toBe('Customer TAM');
    expect(s.next?.level.name).toBe('Management');
    const cadenceDue = sla.clocks.find((c) => c.kind === 'updateCadence')!.contractual.dueAt;
    expect(cadenceDue).toEqual(b('2025-03-04T13:30'));
    expect(s.next?.firesAt).toEqual(cadenceDue);
  });

  it('after a Sev1 breach, the executive level fires at 150 % of resolution', () => {
    const { s } = run({ priority: 'urgent', firstAgentReplyAt: b('2025-03-03T09:10') }, b('2025-03-03T17:30'));
    expect(s.current?.level.name).toBe('Management');
    expect(s.next?.level.name).toBe('Executive');
    expect(s.next?.firesAt).toEqual(b('2025-03-03T21:00'));
  });

  it('while paused, the next percent or minutes level has no firing time', () => {
    const { s } = run(
      { status: 'pending', lastAgentReplyAt: b('2025-03-03T10:00'), statusHistory: [{ status: 'pending', at: b('2025-03-03T10:00') }] },
      b('2025-03-04T12:00'),
    );
    expect(s.current).toBeNull();
    expect(s.next).toMatchObject({ level: { name: 'Tier 1' }, firesAt: null });
  });

  it('minutes triggers fall back to wall-clock time since creation without a resolution target', () => {
    const levels: EscalationLevel[] = [{ name: 'Lead', severities: ['sev3'], trigger: { type: 'minutes', minutes: 90 }, contacts: [] }];
    const c = contract({ escalation: levels });
    expect(run({ priority: 'normal' }, b('2025-03-03T10:00'), c).s.next?.firesAt).toEqual(b('2025-03-03T10:30'));
    expect(run({ priority: 'normal' }, b('2025-03-03T10:30'), c).s.current?.level.name).toBe('Lead');
  });

  it('no severity: no level applies, and the note still describes the ticket', () => {
    const { s } = run({ priority: undefined }, b('2025-03-03T10:00'));
    expect(s.current).toBeNull();
    expect(s.next).toBeNull();
    expect(s.note).toMatch(/Severity: unknown/);
    expect(s.note).toMatch(/SLA: no clocks/);
  });

  it('ignores malformed levels instead of throwing', () => {
    const bad = [
      { name: 'No severities', trigger: { type: 'breach' }, contacts: [] },
      { name: 'Odd trigger', severities: ['sev2'], trigger: { type: 'moon' }, contacts: [] },
      { name: 'NaN percent', severities: ['sev2'], trigger: { type: 'percent', percent: Number.NaN }, contacts: [] },
    ] as unknown as EscalationLevel[];
    const { s } = run({ firstAgentReplyAt: undefined }, b('2025-03-03T12:00'), contract({ escalation: bad }));
    expect(s.current).toBeNull();
    expect(s.next).toMatchObject({ level: { name: 'Odd trigger' }, firesAt: null });
  });
});

describe('the escalation note', () => {
  it('carries the ticket link, customer, tier, severity, each clock and the contacts', () => {
    const { s } = run({ firstAgentReplyAt: undefined }, b('2025-03-03T11:30'));
    const note = s.note;
    expect(note.split('\n')[0]).toBe('ESCALATION: Management');
    expect(note).toContain(`Ticket: #42 “Checkout down” — ${URL_}`);
    expect(note).toContain('Customer: Acme GmbH · Tier: Enterprise · Severity: SEV2 (priority “high”)');
    expect(note).toContain('- First response: BREACHED, overdue by 30m, due 2025-03-03T10:00:00.000Z (Mon 3 Mar 11:00 CET)');
    expect(note).toContain('- Resolution: running, 15h 30m left, due 2025-03-04T17:00:00.000Z (Tue 4 Mar 18:00 CET)');
    expect(note).toContain('- Update cadence: running, 1h 30m left, due 2025-03-03T12:00:00.000Z (Mon 3 Mar 13:00 CET)');
    expect(note).toContain('Level: Management — because an SLA target is breached');
    expect(note).toContain('- Maria Manager, Head of Support, internal — phone +1 555 0100 — email maria@us.example — chat https://chat.example/m');
    expect(note).toContain('Customer time: Mon 11:30 Europe/Berlin, open until 18:00');
  });

  it('shows met clocks with their stop time and the next level with its time', () => {
    const { s } = run({}, b('2025-03-03T10:00'));
    expect(s.note.split('\n')[0]).toBe('SLA status (no escalation level reached yet)');
    expect(s.note).toContain('- First response: met at 2025-03-03T08:30:00.000Z (Mon 3 Mar 09:30 CET)');
    expect(s.note).toContain('Next level: Tier 1 at 2025-03-03T17:00:00.000Z (Mon 3 Mar 18:00 CET) (50% of the resolution target elapsed)');
    expect(s.note).not.toContain('Contacts');
  });

  it('lists internal targets under their clock', () => {
    const c = contract({ internalTargets: { sev2: { firstResponse: { minutes: 60, basis: 'business' } } } });
    const { s } = run({ firstAgentReplyAt: b('2025-03-03T10:30') }, b('2025-03-03T11:00'), c);
    expect(s.note).toMatch(/- First response: met at [^\n]+\n {2}internal target: MISSED at [^\n]+, late by 30m/);
  });

  it('cannot be forged by data: one line per field, no unsafe links', () => {
    const levels: EscalationLevel[] = [
      {
        name: 'Tier\n1',
        severities: ['sev2'],
        trigger: { type: 'percent', percent: 1 },
        contacts: [{ name: 'Eve\n- Fake Person — phone 000', role: 'x\u202Eevil', email: 'eve@x.example', chat: 'javascript:alert(1)' }],
      },
    ];
    const c = contract({ escalation: levels });
    const snap = ticket({ subject: 'Line1\r\nLine2' });
    const now = b('2025-03-03T12:00');
    const s = suggestEscalation(c, snap, computeSla(snap, c, now), now, 'javascript:alert(1)');
    expect(s.note).not.toContain('javascript:');
    expect(s.note).not.toContain('\u202E');
    expect(s.note).not.toContain('\r');
    expect(s.note.split('\n').filter((l) => l.startsWith('- Eve') || l.startsWith('- Fake'))).toEqual([
      '- Eve - Fake Person — phone 000, x evil — email eve@x.example',
    ]);
    expect(s.note).toContain('Ticket: #42 “Line1 Line2”\n');
    expect(s.note.split('\n')[0]).toBe('ESCALATION: Tier 1');
  });

  it('notes a paused clock as such', () => {
    const { s } = run({ status: 'pending', statusHistory: [{ status: 'pending', at: b('2025-03-03T10:00') }], lastAgentReplyAt: b('2025-03-03T09:30') }, b('2025-03-03T15:00'));
    expect(s.note).toContain('Status: pending (waiting: resolution paused)');
    expect(s.note).toContain('- Resolution: paused, 17h 00m left, due time moves while paused');
  });
});

describe('with a hand-made SLA result', () => {
  it('percent triggers read the clock’s elapsed fraction', () => {
    const c = contract({ escalation: [LEVELS[0]!] });
    const snap = ticket();
    const now = b('2025-03-03T12:00');
    const sla: SlaResult = {
      severity: 'sev2', severitySource: 'default', pausedNow: false, notes: [],
      coverage: { timezone: ZONE, localTime: 'Mon 12:00', open: true, nextOpen: null, closesAt: b('2025-03-03T18:00'), label: 'open until 18:00' },
      clocks: [{
        kind: 'resolution', startedAt: snap.createdAt!, paused: false,
        contractual: { target: { minutes: 1000, basis: '24x7' }, dueAt: null, minutesLeft: 500, elapsedFraction: 0.5, state: 'running' },
      }],
    };
    expect(suggestEscalation(c, snap, sla, now, URL_).current?.level.name).toBe('Tier 1');
    sla.clocks[0]!.contractual.elapsedFraction = 0.4;
    const s = suggestEscalation(c, snap, sla, now, URL_);
    expect(s.current).toBeNull();
    // 100 wall minutes still to go.
    expect(s.next?.firesAt).toEqual(new Date(now.getTime() + 100 * 60_000));
  });
});
