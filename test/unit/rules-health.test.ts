import { describe, expect, it } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import { checkSelectors, fieldHealth, recordHealth, type HealthMemory } from '../../lib/rules/health';
import { loadFixture } from './adapters/fixtures';

// A built-in adapter's table in the proposed exported shape (Zendesk-like selectors).
const SEL = {
  subject: ['input[data-test-id="omni-header-subject"]', '[data-test-id="ticket-pane-subject"]'],
  priority: ['[data-test-id="ticket-fields-priority-select"] [data-garden-id="dropdowns.combobox.value"]'],
  status: ['[data-test-id="ticket-fields-status-select"] [data-garden-id="dropdowns.combobox.value"]'],
  logTime: ['time[data-test-id="timestamp-relative"][datetime]', 'time[datetime]'],
} as const;
const FIELDS = { subject: ['subject'], priority: ['priority'], status: ['status'], createdAt: ['logTime'] } as const;
const t = (m: number) => new Date(Date.UTC(2026, 10, 20, 9, m));

function pane() {
  const f = loadFixture('zendesk', 'two-tabs');
  return { ...f, pane: f.doc.querySelector('.ticket-panes-grid-layout[data-is-active="true"]')! };
}

describe('checkSelectors', () => {
  it('gives the first matching variant per key, or null', () => {
    const { pane: p } = pane();
    expect(checkSelectors(SEL, p)).toEqual({ subject: 0, priority: 0, status: null, logTime: 0 });
    p.querySelectorAll('time').forEach((el) => el.removeAttribute('data-test-id'));
    expect(checkSelectors(SEL, p).logTime).toBe(1);
    expect(checkSelectors(SEL, null)).toEqual({ subject: null, priority: null, status: null, logTime: null });
  });
});

describe('fieldHealth', () => {
  const snap = (extra: Partial<TicketSnapshot>): TicketSnapshot => ({ helpdesk: 'zendesk', ticketId: '1', ...extra });

  it('flags a selector that matched on earlier reads and stopped, and offers the picker', () => {
    const { pane: p } = pane();
    let memory: HealthMemory = {};
    for (let i = 0; i < 3; i++) memory = recordHealth(memory, checkSelectors(SEL, p), t(i));
    expect(memory.priority).toEqual({ seen: 3, lastSeen: '2026-11-20T09:02:00.000Z' });
    expect(memory.status).toBeUndefined();

    p.querySelector('[data-test-id="ticket-fields-priority-select"]')!.setAttribute('data-test-id', 'priority-v2');
    const check = checkSelectors(SEL, p);
    const rows = fieldHealth(snap({ subject: 'VPN', sources: { subject: 'dom' } }), { adapterLabel: 'Zendesk', fields: FIELDS, check, memory });
    const by = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(by.subject).toEqual({ field: 'subject', source: 'dom', builtIn: 'ok', fixWithPicker: false });
    expect(by.priority).toEqual({
      field: 'priority', source: 'missing', builtIn: 'broken', fixWithPicker: true,
      message: "Zendesk's built-in reader no longer finds priority on this page (it did on 3 earlier reads, last 2026-11-20T09:02:00.000Z)",
    });
    // Never matched here (no status field on this form): unproven, not broken.
    expect(by.status).toMatchObject({ source: 'missing', builtIn: 'unproven', fixWithPicker: false });
    expect(by.requesterEmail).toMatchObject({ builtIn: 'none', fixWithPicker: false });
  });

  it('no picker offer once a rule covers the field; says when the API covers it', () => {
    const memory: HealthMemory = { priority: { seen: 5, lastSeen: '2026-11-19T10:00:00.000Z' } };
    const check = { priority: null };
    const rule = fieldHealth(snap({ priority: 'Sev 2', sources: { priority: 'rule' } }), { adapterLabel: 'Zendesk', fields: FIELDS, check, memory });
    expect(rule.find((r) => r.field === 'priority')).toMatchObject({ source: 'rule', builtIn: 'broken', fixWithPicker: false });
    const api = fieldHealth(snap({ priority: 'High', sources: { priority: 'api' } }), { adapterLabel: 'Zendesk', fields: FIELDS, check, memory });
    expect(api.find((r) => r.field === 'priority')?.message).toMatch(/; the API covers it for now$/);
    expect(api.find((r) => r.field === 'priority')?.fixWithPicker).toBe(true);
  });

  it('a single earlier match is not enough to call it broken (the field may just be empty)', () => {
    const rows = fieldHealth(snap({}), { adapterLabel: 'Zendesk', fields: FIELDS, check: { priority: null }, memory: { priority: { seen: 1, lastSeen: 'x' } } });
    expect(rows.find((r) => r.field === 'priority')?.builtIn).toBe('unproven');
  });
});
