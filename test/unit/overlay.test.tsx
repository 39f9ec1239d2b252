import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Overlay } from '../../components/Overlay';
import { createOverlayState, type OverlayActions, type OverlayState } from '../../lib/runtime/state';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { resetReported } from '../../lib/runtime/safely';
import type { Contract } from '../../lib/contracts/model';
import type { SlaResult } from '../../lib/sla/types';
import { NOW, clock, contract, fakeEngines, fixedNow, sla, snapshot, term, type FakeEngineResults } from './overlay-fixtures';

let host: HTMLElement;
beforeEach(() => {
  resetReported();
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
});

const actions = (over: Partial<OverlayActions> = {}): OverlayActions => ({
  toggleCollapsed: vi.fn(),
  addContract: vi.fn(),
  copy: vi.fn().mockResolvedValue(true),
  ...over,
});

function setup(results: FakeEngineResults = {}, opts: { contracts?: Contract[]; expanded?: boolean; now?: Date } = {}) {
  const { engines } = fakeEngines(results);
  const now = fixedNow(opts.now);
  const state = createOverlayState(engines, {
    now,
    contracts: opts.contracts ?? [contract()],
    settings: { ...DEFAULT_SETTINGS, hour12: false, collapsed: !opts.expanded },
    agentTimeZone: 'UTC',
  });
  state.snapshot.value = snapshot();
  state.adapter.value = { id: 'zendesk', label: 'Zendesk' };
  state.ticketUrl.value = 'https://acme.zendesk.com/agent/tickets/101';
  state.phase.value = 'ready';
  const a = actions();
  void act(() => render(<Overlay state={state} actions={a} />, host));
  return { state, actions: a, now };
}

const q = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const text = (id: string) => q(id)?.textContent?.replace(/\s+/g, ' ').trim();
const clockEl = (kind: string) => q(`sla-clock-${kind}`) as HTMLElement | null;
const clockText = (kind: string) => clockEl(kind)?.querySelector('[data-testid="sla-clock-left"]')?.textContent;

describe('overlay bar', () => {
  it('shows customer, tier, severity, clocks with time left and due time, coverage', () => {
    setup({
      sla: sla([
        clock('firstResponse', { minutesLeft: 60, dueAt: new Date('2025-03-04T11:00:00Z') }),
        clock('resolution', { minutesLeft: 130.2, dueAt: new Date('2025-03-05T09:30:00Z'), state: 'atRisk' }, { internal: { ...clock('resolution').contractual, minutesLeft: 70 } }),
      ]),
    });
    expect(text('sla-customer')).toBe('Acme Corp');
    expect(text('sla-tier')).toBe('Enterprise');
    expect(text('sla-severity')).toBe('Sev 2');
    expect(clockEl('firstResponse')!.dataset.state).toBe('running');
    expect(clockText('firstResponse')).toBe('1h 00m left');
    expect(clockEl('firstResponse')!.querySelector('[data-testid="sla-clock-due"]')!.textContent).toBe('due 11:00');
    const res = clockEl('resolution')!;
    expect(res.dataset.state).toBe('atRisk');
    expect(res.textContent).toContain('at risk'); // not colour alone
    expect(clockText('resolution')).toBe('2h 11m left'); // a partial minute counts
    expect(res.querySelector('[data-testid="sla-clock-due"]')!.textContent).toBe('due Wed 09:30');
    expect(res.querySelector('[data-testid="sla-clock-internal"]')!.textContent).toBe('internal 1h 10m');
    expect(text('sla-coverage')).toBe('● Customer Tue 11:00 · open until 18:00');
    expect((q('sla-coverage') as HTMLElement).dataset.open).toBe('true');
    expect(q('sla-entitlements')).toBeNull(); // collapsed by default
  });

  it('shows overdue, paused, met and missed clocks in words', () => {
    setup({
      sla: sla([
        clock('firstResponse', { minutesLeft: -12, state: 'breached' }),
        clock('updateCadence', { minutesLeft: 0, state: 'met', stoppedAt: new Date('2025-03-04T09:30:00Z') }),
        clock('resolution', { minutesLeft: 130, dueAt: null, state: 'paused' }, { paused: true, pausedSince: new Date('2025-03-04T09:15:00Z') }),
      ]),
    });
    expect(clockEl('firstResponse')!.dataset.state).toBe('breached');
    expect(clockText('firstResponse')).toBe('overdue by 12m');
    expect(clockEl('firstResponse')!.textContent).not.toContain('breached'); // "overdue by" says it once
    expect(clockEl('updateCadence')!.dataset.state).toBe('met');
    expect(clockEl('updateCadence')!.textContent).toContain('at 09:30');
    expect(clockEl('resolution')!.dataset.state).toBe('paused');
    expect(clockText('resolution')).toBe('paused · 2h 10m left');
    expect(clockEl('resolution')!.textContent).toContain('since 09:15');
    expect(clockEl('resolution')!.textContent).not.toContain('due');
  });

  it('labels the update clock "Next update" and a missed clock "missed by"', () => {
    setup({ sla: sla([clock('updateCadence', { minutesLeft: -5, state: 'missed', stoppedAt: NOW })]) });
    expect(clockEl('updateCadence')!.textContent).toContain('Next update');
    expect(clockText('updateCadence')).toBe('missed by 5m');
  });

  it('follows the 12/24 h setting for due times', async () => {
    const { state } = setup();
    expect(clockEl('firstResponse')!.textContent).toContain('due 11:00');
    await act(() => {
      state.settings.value = { ...state.settings.value, hour12: true };
    });
    expect(clockEl('firstResponse')!.textContent).toMatch(/due 11:00\sAM/);
  });

  it('the toggle asks to expand and reflects the remembered state', async () => {
    const { state, actions: a } = setup();
    const toggle = q('sla-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    expect(a.toggleCollapsed).toHaveBeenCalledTimes(1);
    await act(() => {
      state.settings.value = { ...state.settings.value, collapsed: false };
    });
    expect(q('sla-toggle')!.getAttribute('aria-expanded')).toBe('true');
    expect(q('sla-entitlements')).not.toBeNull();
  });

  it('uses the theme setting', async () => {
    const { state } = setup();
    expect((q('sla-overlay') as HTMLElement).dataset.theme).toBe('auto');
    await act(() => {
      state.settings.value = { ...state.settings.value, theme: 'dark' };
    });
    expect((q('sla-overlay') as HTMLElement).dataset.theme).toBe('dark');
  });
});

describe('entitlements', () => {
  it('shows tier, coverage, channels, TAM, out-of-scope and the expiring term', () => {
    setup({ term: term({ state: 'expiring', daysLeft: 12 }) }, { contracts: [contract({ outOfScope: 'Custom code <b>not</b> covered' })], expanded: true });
    expect(text('sla-badge-tier')).toBe('Enterprise');
    expect(text('sla-badge-coverage')).toBe('Mon–Fri 09:00–18:00 (Europe/Berlin)');
    expect(text('sla-badge-channels')).toBe('email, phone (primary)');
    expect(text('sla-badge-tam')).toBe('TAM Tina Tam');
    expect(text('sla-badge-term')).toBe('⚠ Contract expires in 12 days');
    expect(text('sla-out-of-scope')).toBe('Out of scope: Custom code <b>not</b> covered');
    expect(q('sla-out-of-scope')!.querySelector('b')).toBeNull();
    expect(q('sla-badge-unauthorised')).toBeNull(); // ops@acme.com is listed
    expect(q('sla-term-alert')).toBeNull();
  });

  it('flags an expired contract in the bar and a requester who is not an authorised contact', async () => {
    const { state } = setup({ term: term({ state: 'expired', daysLeft: -3 }) }, { expanded: true });
    expect(text('sla-term-alert')).toBe('✖ contract expired');
    expect(text('sla-badge-term')).toBe('✖ Contract expired 3 days ago');
    await act(() => {
      state.snapshot.value = snapshot({ requesterEmail: 'Intern@Acme.com' });
    });
    expect(text('sla-badge-unauthorised')).toBe('⚠ Requester is not an authorised contact');
    await act(() => {
      state.snapshot.value = snapshot({ requesterEmail: 'OPS@acme.com' });
    });
    expect(q('sla-badge-unauthorised')).toBeNull();
  });

  it('shows onboarding and a contract that has not started', () => {
    setup(
      { term: term({ state: 'notStarted', daysLeft: 400, daysToStart: 5, onboarding: true }) },
      { contracts: [contract({ onboarding: { start: '2025-03-01', end: '2025-03-31' } })], expanded: true },
    );
    expect(text('sla-badge-onboarding')).toBe('Onboarding until 2025-03-31');
    expect(text('sla-badge-term')).toBe('✖ Contract starts in 5 days');
    expect((q('sla-term-alert') as HTMLElement).dataset.term).toBe('notStarted');
  });

  it('summarises a 24x7 calendar', () => {
    const all = [['00:00', '24:00']] as [string, string][];
    const cal = { timezone: 'UTC', weekly: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all } };
    setup({}, { contracts: [contract({ calendar: cal })], expanded: true });
    expect(text('sla-badge-coverage')).toBe('24×7');
  });
});

describe('escalation panel', () => {
  const level = (contacts: Contract['escalation'] extends (infer L)[] | undefined ? L extends { contacts: infer C } ? C : never : never) => ({
    name: 'Tier 2',
    severities: ['sev2' as const],
    trigger: { type: 'breach' as const },
    contacts,
  });

  it('lists the current level with safe links, the next level and when', () => {
    const contacts = [
      { name: 'Dana Duty', role: 'Duty manager', email: 'dana@vendor.example', phone: '+49 30 1234-56', chat: 'https://chat.example/dana' },
      { name: '<img src=x onerror=alert(1)>', email: 'x@y.example', chat: 'javascript:alert(1)', phone: 'javascript:alert(1)' },
    ];
    setup(
      {
        escalation: {
          current: { level: level(contacts), index: 1 },
          next: { level: { ...level([]), name: 'Management' }, index: 2, firesAt: new Date('2025-03-04T12:30:00Z') },
          note: 'Ticket 101 …',
        },
      },
      { contracts: [contract({ escalation: [level(contacts)] })], expanded: true },
    );
    expect(text('sla-escalation-level')).toBe('Tier 2');
    const people = host.querySelectorAll('[data-testid="sla-escalation"] [data-testid="sla-contact"]');
    expect(people).toHaveLength(2);
    const [dana, evil] = [people[0]!, people[1]!];
    expect(dana.querySelector<HTMLAnchorElement>('[data-testid="sla-contact-email"]')!.getAttribute('href')).toBe('mailto:dana@vendor.example');
    expect(dana.querySelector<HTMLAnchorElement>('[data-testid="sla-contact-phone"]')!.getAttribute('href')).toBe('tel:+4930123456');
    expect(dana.querySelector<HTMLAnchorElement>('[data-testid="sla-contact-chat"]')!.getAttribute('href')).toBe('https://chat.example/dana');
    // Hostile data: text only, no element, no javascript: link anywhere.
    expect(evil.querySelector('img')).toBeNull();
    expect(evil.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(evil.querySelector('[data-testid="sla-contact-chat"]')).toBeNull();
    expect(evil.querySelector('[data-testid="sla-contact-chat-text"]')!.textContent).toBe('javascript:alert(1)');
    expect(evil.querySelector('[data-testid="sla-contact-phone"]')).toBeNull();
    for (const a of Array.from(host.querySelectorAll('a'))) expect(a.getAttribute('href')).toMatch(/^(https:|mailto:|tel:)/);
    expect(text('sla-escalation-next')).toBe('Next: Management at 12:30');
  });

  it('copies the note, and shows it for manual copying when the clipboard fails', async () => {
    const { actions: a } = setup(
      { escalation: { current: null, next: { level: level([]), index: 0, firesAt: null }, note: 'Escalate 101' } },
      { contracts: [contract({ escalation: [level([])] })], expanded: true },
    );
    expect(text('sla-escalation')).toContain('No escalation needed yet');
    expect(text('sla-escalation-next')).toBe('Next: Tier 2 when its trigger is reached');
    await act(async () => {
      (q('sla-copy-note') as HTMLButtonElement).click();
    });
    expect(a.copy).toHaveBeenCalledWith('Escalate 101');
    expect(text('sla-copy-status')).toBe('Copied');
    (a.copy as ReturnType<typeof vi.fn>).mockResolvedValueOnce(false);
    await act(async () => {
      (q('sla-copy-note') as HTMLButtonElement).click();
    });
    expect((q('sla-note-text') as HTMLTextAreaElement).value).toBe('Escalate 101');
  });
});

describe('match states', () => {
  it('no contract: names the domain and offers to add one', () => {
    const { actions: a } = setup({ match: () => ({ kind: 'none', domain: 'acme.com' }) });
    expect(q('sla-no-contract')!.firstElementChild!.textContent).toBe('No contract for acme.com');
    (q('sla-add-contract') as HTMLButtonElement).click();
    expect(a.addContract).toHaveBeenCalledWith({ domain: 'acme.com', name: 'Acme Corp' });
    expect(q('sla-clock-resolution')).toBeNull();
  });

  it('ambiguous: shows every candidate, picks none', () => {
    const two = [contract(), contract({ id: 'acme-eu', customer: { name: 'Acme Europe' }, tier: 'Premium' })];
    setup({ match: (_s, cs) => ({ kind: 'ambiguous', candidates: [...cs], by: 'name', key: 'acme' }) }, { contracts: two });
    const items = Array.from(host.querySelectorAll('[data-testid="sla-candidate"]')).map((e) => e.textContent);
    expect(items).toEqual(['Acme Corp · Enterprise (acme)', 'Acme Europe · Premium (acme-eu)']);
    expect(q('sla-customer')).toBeNull();
  });
});

describe('loading, errors and containment', () => {
  it('shows a small loading state, then the error state', async () => {
    const { state } = setup();
    await act(() => {
      state.phase.value = 'loading';
    });
    expect(q('sla-loading')).not.toBeNull();
    await act(() => {
      state.phase.value = 'error';
      state.error.value = 'readTicket: boom';
    });
    expect(text('sla-error')).toContain('SLA Lens could not read this ticket');
  });

  it('a throwing SLA engine shows "clocks unavailable" and the error in diagnostics', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    setup({ sla: () => { throw new Error('calendar exploded'); } }, { expanded: true });
    expect(q('sla-clocks-error')).not.toBeNull();
    expect(text('sla-customer')).toBe('Acme Corp');
    expect(text('sla-diag-problems')).toContain('sla: calendar exploded');
  });

  it('a throwing matcher shows the could-not-read state', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    setup({ match: () => { throw new Error('index corrupt'); } });
    expect(text('sla-error')).toContain('could not read this ticket');
  });

  it('a render error is caught by the boundary, not thrown into the page', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = contract({ calendar: null as unknown as Contract['calendar'] });
    expect(() => setup({}, { contracts: [broken], expanded: true })).not.toThrow();
    expect(text('sla-error')).toContain('could not read this ticket');
    expect(err).toHaveBeenCalledWith('[sla-lens] render:overlay:', expect.any(TypeError));
  });
});

describe('live region', () => {
  it('announces state changes only, not every tick', async () => {
    let result: SlaResult = sla([clock('resolution', { state: 'running' })]);
    const { state, now } = setup({ sla: () => result });
    const live = () => q('sla-live')!.textContent;
    expect(q('sla-live')!.getAttribute('aria-live')).toBe('polite');
    expect(live()).toBe('');
    await act(() => {
      now.value = new Date(NOW.getTime() + 1000);
    });
    expect(live()).toBe('');
    result = sla([clock('resolution', { state: 'atRisk', minutesLeft: 10 })]);
    await act(() => {
      now.value = new Date(NOW.getTime() + 2000);
    });
    expect(live()).toBe('Resolution now at risk.');
    result = sla([clock('resolution', { state: 'atRisk', minutesLeft: 9 })]);
    await act(() => {
      now.value = new Date(NOW.getTime() + 3000);
    });
    expect(live()).toBe('Resolution now at risk.');
    // Another ticket: no announcement for its first state.
    result = sla([clock('resolution', { state: 'breached', minutesLeft: -1 })]);
    await act(() => {
      state.snapshot.value = snapshot({ ticketId: '202' });
    });
    expect(live()).toBe('Resolution now at risk.');
  });
});

describe('diagnostics', () => {
  it('lists fields with their sources, missing fields, problems, adapter and match', async () => {
    const { state } = setup({}, { expanded: true });
    await act(() => {
      state.snapshot.value = snapshot({ problems: ['api: HTTP 403, used the page'] });
    });
    expect(text('sla-diag-adapter')).toBe('Zendesk (zendesk)');
    expect(text('sla-diag-match')).toBe('by domain: acme.com');
    const row = host.querySelector('[data-testid="sla-diag-fields"] tr[data-field="requesterEmail"]')!;
    expect(row.textContent).toBe('requesterEmailops@acme.comAPI');
    expect(text('sla-diag-missing')).toContain('firstAgentReplyAt');
    expect(text('sla-diag-missing')).not.toContain('requesterEmail');
    expect(text('sla-diag-problems')).toContain('api: HTTP 403, used the page');
  });
});

export type { OverlayState };

describe('24-hour due times', () => {
  it('show midnight as 00:00, not 24:00', async () => {
    const { formatInstant } = await import('../../lib/runtime/format');
    const midnight = new Date('2025-03-05T00:00:00Z');
    const text = formatInstant(midnight, new Date('2025-03-04T20:00:00Z'), { hour12: false, timeZone: 'UTC' });
    expect(text).toContain('00:00');
    expect(text).not.toContain('24:');
  });
});
