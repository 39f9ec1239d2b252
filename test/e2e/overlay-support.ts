// Shared by the overlay E2E files (overlay*.e2e.ts): the seeded contracts, what the overlay shows read
// out of its shadow root, the expectations worked out in Node with the project's own adapters and
// engines, and a launcher for a self-hosted helpdesk origin (see launchWithGrantedOrigin).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { adapterFor } from '../../lib/adapters/index';
import { readLayered } from '../../lib/adapters/read';
import type { TicketSnapshot } from '../../lib/adapters/types';
import { checkContractsText } from '../../lib/contracts/check';
import type { Contract, TargetKind } from '../../lib/contracts/model';
import { suggestEscalation } from '../../lib/escalation';
import { computeSla } from '../../lib/sla';
import type { SlaResult } from '../../lib/sla/types';
import { ARTIFACTS, DIST, loadPageFixture, screenshot, type ExtensionBrowser, type HelpdeskServer, type PageFixture } from './harness';

export const CONTRACTS_DIR = join(import.meta.dirname, 'contracts');

/** The contracts of test/e2e/contracts/<name>, which must pass the extension's own validator. */
export function validContracts(name: string): Contract[] {
  const r = checkContractsText(readFileSync(join(CONTRACTS_DIR, name), 'utf8'), name);
  if (r.errors.length) throw new Error(`${name} is not a valid contract file: ${JSON.stringify(r.errors)}`);
  return r.contracts;
}

export function contractById(contracts: readonly Contract[], id: string): Contract {
  const c = contracts.find((x) => x.id === id);
  if (!c) throw new Error(`no contract ${id}`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// What Node expects: the fixture read by the same adapter (happy-dom), its recorded API, the SLA engine.

const window = new Window();

export interface Expected {
  snapshot: TicketSnapshot;
  /** API paths the adapter asked for, in order. */
  apiCalls: string[];
  adapter: { id: string; label: string };
}

export async function readFixtureInNode(f: PageFixture): Promise<Expected> {
  const adapter = adapterFor(f.url);
  if (!adapter) throw new Error(`no adapter for ${f.url.href}`);
  const doc = new window.DOMParser().parseFromString(f.html, 'text/html') as unknown as Document;
  const apiCalls: string[] = [];
  const snapshot = await readLayered(adapter, doc, f.url, async (path) => {
    apiCalls.push(path);
    if (!(path in f.api)) throw new Error(`HTTP 404 for ${path}`);
    return structuredClone(f.api[path]);
  });
  if (!snapshot) throw new Error(`${f.name}: the ${adapter.id} adapter reads no ticket`);
  return { snapshot, apiCalls, adapter: { id: adapter.id, label: adapter.label } };
}

/** The SLA as the overlay computes it at each instant (the page's 1 Hz clock lags the test's by up to a tick). */
export function slaAt(snapshot: TicketSnapshot, contract: Contract, instants: Date[]): SlaResult[] {
  return instants.map((now) => computeSla(snapshot, contract, now));
}

// ---------------------------------------------------------------------------------------------
// What the page shows

export interface ClockReading {
  kind: string;
  state: string;
  left: string;
  due: string | null;
  /** The due instant (ISO) the clock carries in its title. */
  dueIso: string | null;
  internal: string | null;
  internalState: string | null;
}

export interface ContactReading {
  name: string;
  side: string;
  text: string;
  links: { testid: string; href: string; text: string; target: string | null; rel: string | null }[];
  plain: { testid: string; text: string }[];
}

export interface OverlayReading {
  hosts: number;
  phase: string | null;
  placement: string | null;
  /** The overlay's stylesheet applies in the shadow root (its custom properties resolve). */
  styled: boolean;
  /** The anchor selector matched the element right before the host. */
  atAnchor: boolean | null;
  customer: string | null;
  tier: string | null;
  severity: string | null;
  termAlert: { text: string; term: string | null } | null;
  noClocks: boolean;
  clocks: ClockReading[];
  coverage: string | null;
  expanded: boolean | null;
  badges: Record<string, string[]>;
  outOfScope: string | null;
  entitlementContacts: ContactReading[];
  escalationLevel: string | null;
  escalationNext: string | null;
  escalationContacts: ContactReading[];
  diag: { adapter: string | null; match: string | null; severity: string | null; missing: string | null; fields: Record<string, string> };
  /** Every href of every <a> in the shadow root. */
  hrefs: string[];
  /** Every element tag name in the shadow root (lower case). */
  tags: string[];
  text: string;
}

/** Reads the overlay from the page's main world (its shadow root is open). */
export function readOverlay(page: Page, anchorSelector?: string): Promise<OverlayReading> {
  return page.evaluate((anchorSel) => {
    const hosts = [...document.querySelectorAll('sla-lens-overlay')];
    const host = hosts[0];
    const root = host?.shadowRoot ?? null;
    const q = (sel: string, from: ParentNode | null = root) => from?.querySelector(sel) ?? null;
    const t = (sel: string, from: ParentNode | null = root) => {
      const el = q(sel, from);
      return el ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
    };
    const tid = (id: string) => `[data-testid="${id}"]`;
    const contacts = (scope: Element | null) =>
      [...(scope?.querySelectorAll(tid('sla-contact')) ?? [])].map((c) => ({
        name: t('.sla-contact-name', c) ?? '',
        side: c.getAttribute('data-side') ?? '',
        text: (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        links: [...c.querySelectorAll('a')].map((a) => ({
          testid: a.getAttribute('data-testid') ?? '',
          href: a.getAttribute('href') ?? '',
          text: (a.textContent ?? '').trim(),
          target: a.getAttribute('target'),
          rel: a.getAttribute('rel'),
        })),
        plain: [...c.querySelectorAll('[data-testid$="-text"]')].map((s) => ({
          testid: s.getAttribute('data-testid') ?? '',
          text: (s.textContent ?? '').trim(),
        })),
      }));
    const badges: Record<string, string[]> = {};
    for (const b of root?.querySelectorAll('[data-testid^="sla-badge-"]') ?? []) {
      const k = b.getAttribute('data-testid')!.slice('sla-badge-'.length);
      (badges[k] ??= []).push((b.textContent ?? '').replace(/\s+/g, ' ').trim());
    }
    const fields: Record<string, string> = {};
    for (const tr of root?.querySelectorAll(`${tid('sla-diag-fields')} tr[data-field]`) ?? []) {
      fields[tr.getAttribute('data-field')!] = tr.querySelectorAll('td')[1]?.textContent ?? '';
    }
    const termEl = q(tid('sla-term-alert'));
    const toggle = q(tid('sla-toggle'));
    const overlayEl = q(tid('sla-overlay'));
    const anchor = anchorSel ? document.querySelector(anchorSel) : null;
    return {
      hosts: hosts.length,
      phase: overlayEl?.getAttribute('data-phase') ?? null,
      placement: overlayEl?.getAttribute('data-placement') ?? null,
      styled: !!overlayEl && getComputedStyle(overlayEl).getPropertyValue('--sla-border').trim() !== '',
      atAnchor: anchorSel ? !!anchor && host?.previousElementSibling === anchor : null,
      customer: t(tid('sla-customer')),
      tier: t(tid('sla-tier')),
      severity: t(tid('sla-severity')),
      termAlert: termEl ? { text: (termEl.textContent ?? '').trim(), term: termEl.getAttribute('data-term') } : null,
      noClocks: !!q(tid('sla-no-clocks')),
      clocks: [...(root?.querySelectorAll('li[data-kind]') ?? [])].map((li) => ({
        kind: li.getAttribute('data-kind') ?? '',
        state: li.getAttribute('data-state') ?? '',
        left: t(tid('sla-clock-left'), li) ?? '',
        due: t(tid('sla-clock-due'), li),
        dueIso: q(tid('sla-clock-due'), li)?.getAttribute('title') ?? null,
        internal: t(tid('sla-clock-internal'), li),
        internalState: q(tid('sla-clock-internal'), li)?.getAttribute('data-state') ?? null,
      })),
      coverage: t(tid('sla-coverage')),
      expanded: toggle ? toggle.getAttribute('aria-expanded') === 'true' : null,
      badges,
      outOfScope: t(tid('sla-out-of-scope')),
      entitlementContacts: contacts(q(tid('sla-entitlements'))),
      escalationLevel: t(tid('sla-escalation-level')),
      escalationNext: t(tid('sla-escalation-next')),
      escalationContacts: contacts(q(tid('sla-escalation'))),
      diag: {
        adapter: t(tid('sla-diag-adapter')),
        match: t(tid('sla-diag-match')),
        severity: t(tid('sla-diag-severity')),
        missing: t(tid('sla-diag-missing')),
        fields,
      },
      hrefs: [...(root?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href') ?? ''),
      tags: [...(root?.querySelectorAll('*') ?? [])].map((e) => e.tagName.toLowerCase()),
      text: (root?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    };
  }, anchorSelector);
}

/** Waits until exactly one overlay is ready and `ok(reading)` holds; returns that reading (or throws with the last one). */
export async function waitForOverlay(
  page: Page,
  ok: (r: OverlayReading) => boolean,
  { anchor, timeoutMs = 10_000 }: { anchor?: string; timeoutMs?: number } = {},
): Promise<OverlayReading> {
  const until = Date.now() + timeoutMs;
  let last: OverlayReading | undefined;
  for (;;) {
    last = await readOverlay(page, anchor);
    if (last.hosts === 1 && last.phase === 'ready' && ok(last)) return last;
    if (Date.now() > until) throw new Error(`overlay not as expected within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await page.waitForTimeout(50); // a poll interval, not a sleep standing in for a condition
  }
}

/** The overlay's absolute instant text ("14:30", "Tue 14:30", "3 Mar, 14:30") per its documented rule, in the browser's locale and zone. */
export function instantTextsInPage(page: Page, iso: string, nowsMs: number[]): Promise<string[]> {
  return page.evaluate(
    ([at, nows]) => {
      const d = new Date(at);
      const time = { hour: 'numeric', minute: '2-digit' } as const;
      const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(undefined, o).format(d);
      const day = (x: Date) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(x);
      return nows.map((n) => {
        const now = new Date(n);
        if (day(d) === day(now)) return fmt(time);
        if (Math.abs(d.getTime() - n) / 86_400_000 < 6) return fmt({ weekday: 'short', ...time });
        return fmt({ day: 'numeric', month: 'short', ...time });
      });
    },
    [iso, nowsMs] as const,
  );
}

/** Minutes in "2h 05m left", "overdue by 27h 10m", "missed by 5m", "paused · 7h 40m left"; signed like minutesLeft. */
export function minutesInText(text: string): number {
  const m = /(?:(\d+)h )?(\d+)m/.exec(text);
  if (!m) throw new Error(`no duration in "${text}"`);
  const n = Number(m[1] ?? 0) * 60 + Number(m[2]);
  return /overdue|missed/.test(text) ? -n : n;
}

// ---------------------------------------------------------------------------------------------
// Self-hosted helpdesks

const CHROMIUM = '/usr/bin/chromium';

/**
 * The built extension with `origins` already granted, in Chromium. Self-hosted helpdesks (Request
 * Tracker…) get the content script only after an optional host permission is granted on a click, and
 * headless Chromium offers no way to accept that prompt; so this copies .output/chrome-mv3 with the
 * origins added to host_permissions (what the grant amounts to) and launches it with the harness's flags.
 * TODO: drop this copy of the launcher once harness.launchWithExtension takes an extension directory.
 */
export async function launchWithGrantedOrigin(opts: { origins: string[]; hosts: string[]; port: number }): Promise<ExtensionBrowser> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`No built extension at ${DIST}: run npm run build first`);
  const dir = join(ARTIFACTS, 'chrome-mv3-granted');
  rmSync(dir, { recursive: true, force: true });
  cpSync(DIST, dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...opts.origins.map((o) => `${o}/*`)];
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

  const allowed = new Set(opts.hosts.map((h) => h.toLowerCase()));
  const rules = [...allowed].map((h) => `MAP ${h} 127.0.0.1:${opts.port}`).concat('MAP * ~NOTFOUND').join(',');
  const userDataDir = mkdtempSync(join(tmpdir(), 'sla-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    ignoreHTTPSErrors: true,
    timeout: 30_000,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless=new', `--disable-extensions-except=${dir}`, `--load-extension=${dir}`, `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  context.setDefaultTimeout(30_000);
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const blocked: ExtensionBrowser['blocked'] = [];
    await context.route('**/*', (route, request) => {
      const url = new URL(request.url());
      if (/^https?:$/.test(url.protocol) && !allowed.has(url.hostname)) {
        blocked.push({ url: url.href });
        return route.abort('blockedbyclient');
      }
      return route.fallback();
    });
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') }));
    return { context, extensionId: new URL(serviceWorker.url()).host, serviceWorker, blocked, close };
  } catch (e) {
    await close();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// One fixture page, checked end to end

/** Values worked out by hand from the fixture (times in UTC); each is asserted as is. */
export interface HandClock {
  state?: string;
  left?: string;
  /** The due instant the clock carries (null: none, e.g. paused). */
  dueIso: string | null;
  /** Stopped (met/missed) at. */
  atIso?: string;
  /** Paused since. */
  sinceIso?: string;
  internal?: string;
}

export interface ContactExpectation {
  name: string;
  hrefs: string[];
}

export interface FixtureCase {
  /** Screenshot / test name. */
  name: string;
  fixture: string;
  contractId: string;
  /** CSS selector of the element the overlay must follow; null = the corner panel. */
  anchor: string | null;
  /** Where the helpdesk's API lives on its host ("/" when the adapter has none: then nothing but the page may be asked for). */
  apiPrefix: string;
  /** Diagnostics "Matched" text. */
  match: string;
  severity: string;
  /** Clocks in display order; absent kinds must not be shown. */
  clocks: Partial<Record<TargetKind, HandClock>>;
  /** Every badge shown (data-testid suffix → texts), term and onboarding badges excluded (see termOf). */
  badges: Record<string, string[]>;
  entitlementContacts: ContactExpectation[];
  /** Contacts of each escalation level, by level name (checked for whichever level is current). */
  escalationContacts?: Record<string, ContactExpectation[]>;
  /** "Next: …" when it can be told by hand. */
  escalationNext?: (text: (iso: string) => Promise<string>) => Promise<string>;
  outOfScope?: string;
}

// Northwind (fixtures.json) as every page matched to it shows it.
export const NORTHWIND_BADGES = {
  tier: ['Enterprise'],
  coverage: ['Mon–Fri 08:00–18:00 (Europe/Berlin)'],
  channels: ['phone (primary), email, chat'],
  tam: ['TAM Lena Vogel'],
  pod: ['Pod EMEA-2'],
};
export const NORTHWIND_TAM: ContactExpectation[] = [
  { name: 'Lena Vogel', hrefs: ['mailto:lena.vogel@vendor.example', 'tel:+49305550100', 'https://chat.vendor.example/team/northwind'] },
];
export const NORTHWIND_ESCALATION: Record<string, ContactExpectation[]> = {
  'Duty manager': [
    { name: 'Omar Haddad', hrefs: ['mailto:duty@vendor.example', 'tel:+49305550199', 'https://chat.vendor.example/duty'] },
    { name: 'Marco Brandt', hrefs: ['mailto:marco.brandt@northwind.example'] },
  ],
  'Executive sponsor': [{ name: 'Ines Moreau', hrefs: ['mailto:ines.moreau@vendor.example'] }],
};
const DAY = 86_400_000;
const ymd = (d: Date, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const dayNo = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

/**
 * The term state and the term / onboarding badges, by the contract's own dates and today's date in its
 * zone (the end is warned about 30 days ahead, or the notice period when longer).
 */
export function termOf(c: Contract, now: Date): { state: 'active' | 'expiring' | 'expired' | 'notStarted'; badges: Record<string, string[]> } {
  const today = dayNo(ymd(now, c.calendar.timezone));
  const left = dayNo(c.term.end) - today;
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const badges: Record<string, string[]> = {};
  const ob = c.onboarding;
  if (ob && today >= dayNo(ob.start) && today <= dayNo(ob.end)) badges.onboarding = [`Onboarding until ${ob.end}${ob.note ? ` · ${ob.note}` : ''}`];
  if (today < dayNo(c.term.start)) return { state: 'notStarted', badges: { ...badges, term: [`✖ Contract starts in ${days(dayNo(c.term.start) - today)}`] } };
  if (left < 0) return { state: 'expired', badges: { ...badges, term: [`✖ Contract expired ${days(-left)} ago`] } };
  if (left <= Math.max(30, c.term.noticeDays ?? 0)) {
    return { state: 'expiring', badges: { ...badges, term: [left === 0 ? '⚠ Contract ends today' : `⚠ Contract expires in ${days(left)}`] } };
  }
  return { state: 'active', badges };
}

export interface CaseContext {
  browser: ExtensionBrowser;
  server: HelpdeskServer;
  contracts: readonly Contract[];
}

/**
 * Opens the fixture at its real URL and checks the overlay against (1) the hand-worked values of the
 * case and (2) the project's adapter + SLA engine run in Node on the same fixture and recorded API,
 * collapsed then expanded, with a screenshot of each.
 */
export async function checkFixtureCase(ctx: CaseContext, k: FixtureCase): Promise<void> {
  const fixture = loadPageFixture(k.fixture);
  const host = fixture.url.hostname;
  const contract = contractById(ctx.contracts, k.contractId);
  const node = await readFixtureInNode(fixture);
  const page = await ctx.browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const seen = ctx.server.requests.length;
  try {
    const res = await page.goto(fixture.url.href);
    expect(res?.status()).toBe(200);
    let r = await waitForOverlay(page, (o) => o.customer === contract.customer.name && o.clocks.length + Number(o.noClocks) > 0, {
      anchor: k.anchor ?? undefined,
    });
    const tRead = Date.now();
    const instants = [new Date(tRead - 2500), new Date(tRead)];
    const slas = slaAt(node.snapshot, contract, instants);

    // Bar: where, who, what.
    expect(r.placement).toBe(k.anchor ? 'inline' : 'corner');
    if (k.anchor) expect(r.atAnchor, `overlay host right after ${k.anchor}`).toBe(true);
    expect(r.tier).toBe(contract.tier);
    expect(r.severity).toBe(k.severity);
    const sevWord = (s: string | null) => (s ? s.replace(/^sev(\d)$/, 'Sev $1') : 'Severity unknown');
    expect(slas.map((s) => sevWord(s.severity))).toContain(r.severity);
    const term = termOf(contract, instants[1]!).state;
    expect(r.termAlert?.term ?? null).toBe(term === 'expired' || term === 'notStarted' ? term : null);

    // Clocks: the hand-worked values, and the engine's at the same moment.
    const kinds = Object.keys(k.clocks);
    expect(r.clocks.map((c) => c.kind)).toEqual(kinds);
    expect(r.noClocks).toBe(kinds.length === 0);
    for (const s of slas) expect(s.clocks.map((c) => c.kind)).toEqual(kinds);
    const texts = (iso: string) => instantTextsInPage(page, iso, instants.map((d) => d.getTime()));
    for (const c of r.clocks) {
      const hand = k.clocks[c.kind as TargetKind]!;
      const engine = slas.map((s) => s.clocks.find((x) => x.kind === c.kind)!);
      const where = `${k.name} ${c.kind}: ${JSON.stringify(c)}`;
      const shownState = (e: (typeof engine)[number]) =>
        e.paused && e.contractual.state !== 'met' && e.contractual.state !== 'missed' ? 'paused' : e.contractual.state;
      expect(engine.map(shownState), where).toContain(c.state);
      if (hand.state) expect(c.state, where).toBe(hand.state);
      expect(c.dueIso ?? null, where).toBe(hand.dueIso === null || c.state === 'paused' ? null : hand.dueIso);
      for (const e of engine) expect(e.contractual.dueAt?.toISOString() ?? null, where).toBe(hand.dueIso);
      if (hand.left) expect(c.left, where).toBe(hand.left);
      else {
        const shown = minutesInText(c.left);
        const lo = Math.min(...engine.map((e) => e.contractual.minutesLeft));
        const hi = Math.max(...engine.map((e) => e.contractual.minutesLeft));
        expect(shown, where).toBeGreaterThanOrEqual(Math.floor(lo) - 1);
        expect(shown, where).toBeLessThanOrEqual(Math.ceil(hi) + 1);
        expect(c.left, where).toMatch(c.state === 'breached' ? /^overdue by / : /^\d+h \d\dm left$|^\d+m left$/);
      }
      if (c.state === 'met' || c.state === 'missed') {
        expect(hand.atIso, where).toBeDefined();
        for (const e of engine) expect(e.contractual.stoppedAt?.toISOString(), where).toBe(hand.atIso);
        expect((await texts(hand.atIso!)).map((x) => `at ${x}`), where).toContain(c.due);
      } else if (c.state === 'paused') {
        expect((await texts(hand.sinceIso!)).map((x) => `since ${x}`), where).toContain(c.due);
      } else {
        expect((await texts(hand.dueIso!)).map((x) => `due ${x}`), where).toContain(c.due);
      }
      expect(c.internal, where).toBe(hand.internal ?? null);
    }
    if (r.coverage !== null) {
      expect(slas.map((s) => `${s.coverage.open ? '● ' : '○ '}Customer ${s.coverage.localTime} · ${s.coverage.label}`)).toContain(r.coverage);
    }

    // Collapsed, then expanded (the toggle state is remembered across pages, so set it either way).
    if (r.expanded) await page.locator('sla-lens-overlay [data-testid="sla-toggle"]').click();
    r = await waitForOverlay(page, (o) => o.expanded === false);
    expect(r.badges).toEqual({});
    await screenshot(page, `overlay-${k.name}-collapsed`);
    await page.locator('sla-lens-overlay [data-testid="sla-toggle"]').click();
    r = await waitForOverlay(page, (o) => o.expanded === true && 'tier' in o.badges);
    const now = new Date();

    expect(r.badges).toEqual({ ...k.badges, ...termOf(contract, now).badges });
    expect(r.outOfScope).toBe(k.outOfScope ? `Out of scope: ${k.outOfScope}` : null);
    const contactsOf = (cs: ContactReading[]) => cs.map((c) => ({ name: c.name, hrefs: c.links.map((l) => l.href) }));
    expect(contactsOf(r.entitlementContacts)).toEqual(k.entitlementContacts);
    for (const l of [...r.entitlementContacts, ...r.escalationContacts].flatMap((c) => c.links)) {
      if (l.href.startsWith('https:')) expect([l.target, l.rel]).toEqual(['_blank', 'noopener noreferrer']);
    }
    const esc = contract.escalation?.length ? suggestEscalation(contract, node.snapshot, computeSla(node.snapshot, contract, now), now, fixture.url.href) : null;
    expect(r.escalationLevel).toBe(esc?.current?.level.name ?? null);
    if (esc?.current) expect(contactsOf(r.escalationContacts)).toEqual(k.escalationContacts?.[esc.current.level.name]);
    if (esc?.next) expect(r.escalationNext?.startsWith(`Next: ${esc.next.level.name} `), String(r.escalationNext)).toBe(true);
    else expect(r.escalationNext).toBeNull();
    if (k.escalationNext && r.escalationNext) expect(r.escalationNext).toBe(await k.escalationNext(async (iso) => (await texts(iso))[1]!));

    // Diagnostics: which adapter read what, and how the contract was found.
    expect(r.diag.adapter).toBe(`${node.adapter.label} (${node.adapter.id})`);
    expect(r.diag.match).toBe(k.match);
    expect(r.diag.fields.ticketId).toBe(node.snapshot.ticketId);
    for (const f of ['subject', 'requesterEmail', 'organization', 'createdAt'] as const) {
      const v = node.snapshot[f];
      expect(r.diag.fields[f], f).toBe(v === undefined ? undefined : v instanceof Date ? v.toISOString() : v);
    }
    await screenshot(page, `overlay-${k.name}-expanded`);

    // The helpdesk's API: exactly the adapter's calls, all answered from the recording.
    const mine = ctx.server.requests
      .slice(seen)
      .filter((q) => q.host === host && q.path.startsWith(k.apiPrefix) && q.path !== fixture.url.pathname + fixture.url.search && q.path !== '/favicon.ico');
    expect(mine.map((q) => q.path).sort()).toEqual([...node.apiCalls].sort());
    expect(mine.filter((q) => q.status !== 200)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(r.styled, 'the overlay stylesheet applies inside the shadow root').toBe(true);
  } finally {
    await page.close();
  }
}
