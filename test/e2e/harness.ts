// Browser E2E harness: the built extension (.output/chrome-mv3) in Debian's Chromium, with helpdesk
// hosts (acme.zendesk.com, demo.zendesk.com, …) answered by a local HTTPS server through
// --host-resolver-rules, so the real manifest match patterns and same-origin fetches are exercised.
//
// Used by test/e2e/*.e2e.ts (vitest) and by test/demo/run.mjs (through vite's `runnerImport`), so it
// imports nothing but Node built-ins and playwright-core.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, '.output', 'chrome-mv3');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const ARTIFACTS = join(ROOT, 'test', '.artifacts');
const CHROMIUM = '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// Certificate

export interface Cert {
  key: string;
  cert: string;
}

/** A self-signed certificate whose SAN lists every host; cached per host set under test/.artifacts/certs. */
export function ensureCert(hosts: string[]): Cert {
  const names = [...new Set(hosts)].sort();
  if (!names.length) throw new Error('ensureCert: no host names');
  const dir = join(ARTIFACTS, 'certs');
  const base = join(dir, createHash('sha256').update(names.join(',')).digest('hex').slice(0, 16));
  if (!existsSync(`${base}.crt`) || !existsSync(`${base}.key`)) {
    mkdirSync(dir, { recursive: true });
    const san = names.map((h) => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365', '-subj', `/CN=${names[0]}`,
        '-addext', `subjectAltName=${san}`, '-keyout', `${base}.key`, '-out', `${base}.crt`],
      { stdio: 'pipe', timeout: 30_000 },
    );
  }
  return { key: readFileSync(`${base}.key`, 'utf8'), cert: readFileSync(`${base}.crt`, 'utf8') };
}

// ---------------------------------------------------------------------------------------------
// Helpdesk server

export interface HelpdeskRequest {
  host: string;
  method: string;
  /** Path with query, exactly as requested. */
  path: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
}

export interface Reply {
  status?: number;
  /** Strings are sent as is; anything else as JSON. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A fixed response for one host + exact path (query included). */
export interface StaticRoute extends Reply {
  host: string;
  path: string;
}

/** Answers whatever it wants for one host; `undefined` falls through to the next route / 404. */
export interface DynamicRoute {
  host: string;
  handle(req: HelpdeskRequest): Reply | undefined | Promise<Reply | undefined>;
}

export type Route = StaticRoute | DynamicRoute;

export interface RecordedRequest {
  host: string;
  method: string;
  path: string;
  status: number;
}

export interface HelpdeskServer {
  port: number;
  /** Every host named by a route (what the browser must map to this server). */
  hosts: string[];
  /** Every request the server saw, in order (including 404s and unknown hosts). */
  requests: RecordedRequest[];
  /** Requests to a host, optionally only paths starting with a prefix. */
  requestsTo(host: string, pathPrefix?: string): RecordedRequest[];
  close(): Promise<void>;
}

const isStatic = (r: Route): r is StaticRoute => 'path' in r;

export async function startHelpdeskServer({ routes }: { routes: Route[] }): Promise<HelpdeskServer> {
  const hosts = [...new Set(routes.map((r) => r.host))];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(ensureCert(hosts), async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = req.url ?? '/';
    const hreq: HelpdeskRequest = {
      host, method: req.method ?? 'GET', path, url: new URL(path, `https://${host || 'unknown'}`), headers: req.headers,
    };
    let reply: Reply | undefined;
    try {
      for (const r of routes) {
        if (r.host !== host) continue;
        reply = isStatic(r) ? (r.path === path ? r : undefined) : await r.handle(hreq);
        if (reply) break;
      }
    } catch (e) {
      reply = { status: 500, body: `handler failed: ${(e as Error).message}` };
    }
    reply ??= { status: 404, body: `no route for ${host}${path}` };
    const status = reply.status ?? 200;
    requests.push({ host, method: hreq.method, path, status });
    const isText = typeof reply.body === 'string';
    const body = isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(status, {
      'content-type': reply.contentType ?? (isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8'),
      'cache-control': 'no-store',
      ...reply.headers,
    });
    res.end(body);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    requests,
    requestsTo: (h, prefix = '') => requests.filter((r) => r.host === h && r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface PageFixture {
  /** "<helpdesk>/<case>" */
  name: string;
  url: URL;
  html: string;
  /** Recorded API responses: path with query → body. */
  api: Record<string, unknown>;
}

/** Reads test/fixtures/<helpdesk>/<case>.html (first comment holds `url: …`) and its optional .api.json. */
export function loadPageFixture(name: string): PageFixture {
  const base = join(FIXTURES, name);
  const html = readFileSync(`${base}.html`, 'utf8');
  const m = /<!--[\s\S]*?\burl:\s*(\S+)/.exec(html);
  if (!m?.[1]) throw new Error(`fixture ${name}.html has no "url:" in its first comment`);
  const apiFile = `${base}.api.json`;
  const api = existsSync(apiFile) ? (JSON.parse(readFileSync(apiFile, 'utf8')) as Record<string, unknown>) : {};
  return { name, url: new URL(m[1]), html, api };
}

/** Names ("zendesk/basic", …) of the page fixtures of one helpdesk. */
export function fixtureNames(helpdesk: string): string[] {
  const dir = join(FIXTURES, helpdesk);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => `${helpdesk}/${f.slice(0, -5)}`).sort();
}

/** Static routes for fixture pages (at their URL path + query, on their host) and their recorded API JSON. */
export function servePagesFromFixtures(names: string[]): Route[] {
  return names.flatMap((n) => {
    const f = loadPageFixture(n);
    const host = f.url.hostname;
    return [
      { host, path: f.url.pathname + f.url.search, body: f.html },
      ...Object.entries(f.api).map(([path, body]) => ({ host, path, body: body ?? null })),
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Chromium with the extension

export interface BlockedRequest {
  url: string;
  /** Page URL (or worker URL) the request came from, when known. */
  from?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Requests to hosts that were not listed: aborted by the route guard. Should stay empty. */
  blocked: BlockedRequest[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Host names mapped to 127.0.0.1:port; every other http(s) host is blocked. */
  hosts: string[];
  port: number;
  /** Kept when given; a fresh temporary profile (removed on close) otherwise. */
  userDataDir?: string;
  /** Headed needs an X server; default false. */
  headed?: boolean;
  timeoutMs?: number;
}

/**
 * Debian's Chromium, installed on first use when we are root on a Debian-like machine (so that
 * `npm ci && npm run demo` works on a fresh machine); otherwise a clear message saying what to run.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const hint = 'apt-get update && apt-get install -y chromium';
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) throw new Error(`${CHROMIUM} not found: ${hint}`);
  console.log(`[sla-lens] ${CHROMIUM} not found: installing Debian's chromium (${hint})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} still missing after apt-get install chromium`);
}

export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  if (!existsSync(join(DIST, 'manifest.json'))) {
    throw new Error(`No built extension at ${DIST}: run npm run build first`);
  }
  ensureChromium();
  const timeout = opts.timeoutMs ?? 30_000;
  const tempProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'sla-lens-e2e-'));
  const allowed = new Set(opts.hosts.map((h) => h.toLowerCase()));
  // Unlisted names resolve to nothing, so even requests the route guard cannot see never leave.
  const rules = [...allowed].map((h) => `MAP ${h} 127.0.0.1:${opts.port}`).concat('MAP * ~NOTFOUND').join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    ignoreHTTPSErrors: true,
    timeout,
    viewport: { width: 1440, height: 900 },
    args: [
      ...(opts.headed ? [] : ['--headless=new']),
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(timeout);
  const blocked: BlockedRequest[] = [];
  try {
    await context.route('**/*', (route, request) => {
      const url = new URL(request.url());
      if (/^https?:$/.test(url.protocol) && !allowed.has(url.hostname)) {
        let from: string | undefined;
        try {
          from = request.frame().url();
        } catch {
          from = request.serviceWorker()?.url();
        }
        blocked.push({ url: url.href, from });
        return route.abort('blockedbyclient');
      }
      return route.fallback();
    });
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        timeout,
        predicate: (w) => w.url().startsWith('chrome-extension://'),
      }));
    const extensionId = new URL(serviceWorker.url()).host;
    return {
      context,
      extensionId,
      serviceWorker,
      blocked,
      close: async () => {
        await context.close().catch(() => {});
        if (tempProfile) rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context.close().catch(() => {});
    if (tempProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Extension storage

export type StorageArea = 'local' | 'sync' | 'session';

/**
 * The raw chrome.storage entries of a WXT storage item (`storage.defineItem('local:contracts', { version })`).
 * @wxt-dev/storage 1.3.0 (what wxt 0.20.27 ships) keeps the value at key `<name>` in the area and the item's
 * metadata at `<name>$` as an object, the version in its `v` field: `{ contracts: [...], contracts$: { v: 2 } }`.
 * A missing `<name>$` is read as version 1, and defineItem runs migrations from that version, so a seed for
 * a version > 1 must carry the meta key or it would be "migrated" again.
 */
export function wxtItem(key: string, value: unknown, version = 1): { area: StorageArea; items: Record<string, unknown> } {
  const i = key.indexOf(':');
  const area = key.slice(0, i) as StorageArea;
  const name = key.slice(i + 1);
  if (i < 1 || !['local', 'sync', 'session'].includes(area) || !name) throw new Error(`bad WXT storage key "${key}"`);
  return { area, items: { [name]: value, [`${name}$`]: { v: version } } };
}

/** Writes raw chrome.storage keys from the extension's service worker. */
export async function seedStorage(serviceWorker: Worker, items: Record<string, unknown>, area: StorageArea = 'local') {
  await serviceWorker.evaluate(
    ([a, it]) => (globalThis as unknown as { chrome: ChromeLike }).chrome.storage[a].set(it),
    [area, items] as const,
  );
}

/** Reads raw chrome.storage keys (all when `keys` is omitted) from the service worker. */
export async function readStorage(
  serviceWorker: Worker,
  keys?: string[],
  area: StorageArea = 'local',
): Promise<Record<string, unknown>> {
  return serviceWorker.evaluate(
    ([a, k]) => (globalThis as unknown as { chrome: ChromeLike }).chrome.storage[a].get(k ?? null),
    [area, keys] as const,
  );
}

interface ChromeLike {
  storage: Record<
    StorageArea,
    { set(i: Record<string, unknown>): Promise<void>; get(k: string[] | null): Promise<Record<string, unknown>> }
  >;
}

// ---------------------------------------------------------------------------------------------
// Pages

/** Saves a full-viewport PNG under test/.artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, 'screenshots', `${name.replace(/[^\w.-]+/g, '-')}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

/** The overlay's host element; Playwright's css locators pierce its open shadow root. */
export const OVERLAY_TAG = 'sla-lens-overlay';
export function overlay(page: Page): Locator {
  return page.locator(OVERLAY_TAG);
}
/** An element inside the overlay by data-testid. */
export function overlayPart(page: Page, testId: string): Locator {
  return overlay(page).locator(`[data-testid="${testId}"]`);
}

/**
 * Storage entries for a contract set, as lib/contracts/store.ts writes them: the item `local:contracts`
 * holds `{ contracts, revision, updatedAt }` at the store's STORE_VERSION (read from its source, so a
 * version bump there needs no change here; importing the store would run WXT storage code in Node).
 */
export function contractsSeed(contracts: unknown[], now: Date): Record<string, unknown> {
  const src = readFileSync(join(ROOT, 'lib', 'contracts', 'store.ts'), 'utf8');
  const version = Number(/export const STORE_VERSION = (\d+)/.exec(src)?.[1]);
  if (!version) throw new Error('could not read STORE_VERSION from lib/contracts/store.ts');
  return wxtItem('local:contracts', { contracts, revision: 1, updatedAt: now.toISOString() }, version).items;
}
