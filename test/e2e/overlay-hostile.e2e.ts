// Hostile input end to end: a helpdesk page whose subject, requester and organisation carry markup and
// script (test/fixtures/_e2e/hostile-zendesk.*), matched to a contract full of the same plus javascript:,
// data: and vbscript: links (test/e2e/contracts/hostile.json). The validator rejects that contract, so it
// is seeded raw, as a tampered or older store could hold it: the overlay itself must run nothing, show
// every string as text and link only https:, mailto: and tel:.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContractsText } from '../../lib/contracts/check';
import type { Contract, ContractFile } from '../../lib/contracts/model';
import {
  ROOT,
  contractsSeed,
  launchWithExtension,
  loadPageFixture,
  screenshot,
  seedStorage,
  servePagesFromFixtures,
  startHelpdeskServer,
  type ExtensionBrowser,
  type HelpdeskServer,
} from './harness';
import { CONTRACTS_DIR, readFixtureInNode, readOverlay, waitForOverlay } from './overlay-support';

const HOSTILE_FILE = join(CONTRACTS_DIR, 'hostile.json');
const hostile = (JSON.parse(readFileSync(HOSTILE_FILE, 'utf8')) as ContractFile).contracts[0] as Contract;
const fixture = loadPageFixture('_e2e/hostile-zendesk');
const HOST = fixture.url.hostname;

let server: HelpdeskServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startHelpdeskServer({ routes: servePagesFromFixtures([fixture.name]) });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedStorage(browser.serviceWorker, contractsSeed([hostile], new Date()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('hostile contract file', () => {
  const unsafe = [
    'contracts[0].entitlements.tam.phone',
    'contracts[0].entitlements.tam.chat',
    'contracts[0].entitlements.dedicatedAgent.email',
    'contracts[0].entitlements.dedicatedAgent.chat',
    'contracts[0].escalation[0].contacts[0].chat',
    'contracts[0].escalation[0].contacts[1].chat',
  ];

  it('is rejected by the validator at every unsafe link', () => {
    const r = checkContractsText(readFileSync(HOSTILE_FILE, 'utf8'), HOSTILE_FILE);
    expect(r.contracts).toEqual([]);
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(unsafe));
  });

  it('is rejected by npm run contracts:check (exit 1)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'test/tools/contracts-check.mjs'), HOSTILE_FILE], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    for (const p of unsafe) expect(run.stdout).toContain(`${p}: must be`);
  });
});

describe('hostile page and contract in Chromium', () => {
  it('runs nothing, renders every string as text and links only https:, mailto:, tel:', async () => {
    const node = await readFixtureInNode(fixture);
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(fixture.url.href);
      // The page itself (escaped as a helpdesk escapes it) has no live markup to begin with.
      expect(await page.evaluate(() => document.querySelectorAll('img, svg, script, iframe').length)).toBe(0);

      await waitForOverlay(page, (o) => o.customer === hostile.customer.name);
      const toggle = page.locator('sla-lens-overlay [data-testid="sla-toggle"]');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      await waitForOverlay(page, (o) => o.expanded === true && o.escalationContacts.length > 0);
      await page.locator('sla-lens-overlay [data-testid="sla-diagnostics"] summary').click();
      // The escalation note (ticket subject, customer, contacts) either reaches the clipboard or shows in a textarea.
      await page.locator('sla-lens-overlay [data-testid="sla-copy-note"]').click();
      await page.locator('sla-lens-overlay [data-testid="sla-copy-status"]').filter({ hasText: /\S/ }).waitFor();
      await page.waitForLoadState('networkidle');
      const r = await readOverlay(page);

      // Nothing ran: no flag, no dialog, no request for the <img src=x>, no element a payload would create.
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(server.requests.filter((q) => /\/x(\?|$)/.test(q.path))).toEqual([]);
      expect(r.tags.filter((t) => ['img', 'svg', 'script', 'iframe', 'object', 'embed'].includes(t))).toEqual([]);
      expect(await page.evaluate(() => document.querySelectorAll('img, svg, script, iframe').length)).toBe(0);
      expect(r.hosts).toBe(1);
      expect(r.styled).toBe(true);

      // Every string shows literally.
      const e = hostile.entitlements!;
      const level = hostile.escalation![0]!;
      expect(r.customer).toBe(hostile.customer.name);
      expect(r.tier).toBe(hostile.tier);
      expect(r.badges.tam).toEqual([`TAM ${e.tam!.name}`]);
      expect(r.badges.dedicated).toEqual([`Dedicated agent ${e.dedicatedAgent!.name}`]);
      expect(r.badges.pod).toEqual([`Pod ${e.pod}`]);
      expect(r.badges.custom).toEqual(e.badges);
      expect(r.badges.onboarding).toEqual([`Onboarding until ${hostile.onboarding!.end} · ${hostile.onboarding!.note}`]);
      expect(r.outOfScope).toBe(`Out of scope: ${hostile.outOfScope}`);
      expect(r.escalationLevel).toBe(level.name);
      expect(r.entitlementContacts.map((c) => c.name)).toEqual([e.tam!.name, e.dedicatedAgent!.name]);
      expect(r.escalationContacts.map((c) => c.name)).toEqual(level.contacts.map((c) => c.name));
      expect(r.text).toContain(`${e.tam!.name} · ${e.tam!.role}`);
      expect(r.text).toContain(`${level.contacts[0]!.name} · ${level.contacts[0]!.role}`);
      // Ticket fields, as read from the page and its API.
      expect(r.diag.fields.subject).toBe(node.snapshot.subject);
      expect(r.diag.fields.requesterName).toBe(node.snapshot.requesterName);
      expect(r.diag.fields.organization).toBe(node.snapshot.organization);
      expect(node.snapshot.subject).toContain('<script>window.__pwned=1</script>');
      expect(node.snapshot.requesterName).toContain('"><svg onload=window.__pwned=1>');
      expect(node.snapshot.organization).toContain('<img src=x onerror="window.__pwned=1">');
      const note = page.locator('sla-lens-overlay [data-testid="sla-note-text"]');
      if (await note.count()) expect(await note.inputValue()).toContain(node.snapshot.subject!);

      // Links: only the safe ones are links; the rest is plain text.
      expect(r.hrefs.length).toBeGreaterThan(0);
      for (const h of r.hrefs) expect(h).toMatch(/^(https:|mailto:|tel:)/);
      const plain = [...r.entitlementContacts, ...r.escalationContacts].flatMap((c) => c.plain);
      expect(plain).toEqual(
        expect.arrayContaining([
          { testid: 'sla-contact-phone-text', text: e.tam!.phone },
          { testid: 'sla-contact-chat-text', text: e.tam!.chat },
          { testid: 'sla-contact-email-text', text: e.dedicatedAgent!.email },
          { testid: 'sla-contact-chat-text', text: e.dedicatedAgent!.chat },
          { testid: 'sla-contact-chat-text', text: level.contacts[0]!.chat!.trim() },
          { testid: 'sla-contact-chat-text', text: level.contacts[1]!.chat },
        ]),
      );
      expect(r.escalationContacts[1]!.links.map((l) => l.href)).toEqual(['tel:+15550109999']);
      await screenshot(page, 'overlay-hostile-expanded');
      expect(browser.blocked).toEqual([]);
      expect(server.requests.filter((q) => q.host !== HOST)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
