// Request Tracker 5 from Debian 12's own packages, on 127.0.0.1, for end-to-end tests against a real helpdesk.
//
// ensureRt(): installs RT with SQLite when missing, fixes Debian's pitfalls, resets the database to a pristine
// snapshot, starts rt-server as www-data on a free port and waits until it answers. seedRt(): queue, custom
// fields, users, rights and tickets through REST 2 (rights through rt-setup-database: REST 2 in 5.0.3 cannot).
// stopRt(): kills the server. Needs root on Debian 12 (CI runs as root; so does this machine).
//
// Pitfalls handled (see /work/shared/research/request-tracker.md):
// - RT_SiteConfig.pm is left 0600 root:root, so www-data cannot read it: chown root:www-data, chmod 640.
// - Only $WebBaseURL is preseeded; $WebDomain/$WebPort stay localhost:80 and RT's CSRF check then rejects
//   form posts: our RT_SiteConfig.d file sets both, to the port this run listens on.
// - No MTA: $MailCommand = 'mbox' writes autoreplies to files under /var/lib/request-tracker5.
// - REST 2 Basic auth checks the bcrypt hash on every request (~0.4 s each at RT's default cost 12 on CI's
//   2 cores): $BcryptCost 4 for this throwaway instance (passwords hashed after the config is written).
// - Our own SQLite file (not the one dbconfig-common made), copied from a pristine snapshot on every start,
//   so every run sees the same empty RT and gets tickets 1..n, whatever earlier runs did. Our settings apply
//   only to processes started with SLA_LENS_RT_E2E=1, so another RT on the same machine is left alone.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync,
  rmSync, writeFileSync, writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ARTIFACTS } from '../harness';

const PACKAGES = ['request-tracker5', 'rt5-db-sqlite', 'rt5-standalone'];
// msmtp-mta satisfies RT's "default-mta | mail-transport-agent" with no daemon (exim4 would be the default).
const EXTRA_PACKAGES = ['msmtp-mta'];
const CONFIG_DIR = '/etc/request-tracker5';
/** Loaded after Debian's 50-debconf.pm / 51-dbconfig-common.pm (and anything else numbered lower). */
const OUR_CONFIG = `${CONFIG_DIR}/RT_SiteConfig.d/99-sla-lens-e2e.pm`;
const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
const SETUP_DATABASE = '/usr/sbin/rt-setup-database-5';
const WORK = process.env.SLA_LENS_RT_WORK ?? '/var/tmp/sla-lens-rt';
const DB = join(WORK, 'rtdb');
const PID_FILE = join(WORK, 'rt-server.pid');
const LOGS = join(ARTIFACTS, 'rt');
/** Bump when the snapshot's content changes (e.g. another root password). */
const SNAPSHOT_FORMAT = 2;
const WEB_PATH = '/rt';
/** Set for every RT process this harness runs; our RT_SiteConfig.d file applies only then. */
const ENV_FLAG = 'SLA_LENS_RT_E2E';
const RT_ENV = { [ENV_FLAG]: '1' };

export const RT_ROOT = { name: 'root', password: 'password' } as const;
/** Privileged agent whose RT time zone differs from the machine's (UTC), so dates on the page carry +9 h. */
export const RT_AGENT = {
  name: 'agent1',
  password: 'agentpass1',
  realName: 'Dana Agent',
  email: 'agent1@example.test',
  timezone: 'Asia/Tokyo',
} as const;
export const RT_QUEUE = 'Support';

const log = (msg: string) => console.log(`[rt ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Processes

interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (bounded); rejects with the output's tail on a non-zero exit or timeout. */
function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'], cwd: '/' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
    child.stdin.end(opts.input ?? '');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether pid is an rt-server (guards against a recycled pid in a stale pid file). */
function isRtServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rt-server');
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Install

async function installedVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Package} ${Status} ${Version}\\n', ...PACKAGES]);
    const rows = stdout.trim().split('\n');
    if (rows.length !== PACKAGES.length || rows.some((r) => !r.includes(' install ok installed '))) return null;
    return rows[0]!.split(' ').at(-1) ?? null;
  } catch {
    return null; // dpkg-query exits 1 when a package is unknown
  }
}

const DEBCONF = `
request-tracker5 request-tracker5/rtname string rt.example.test
request-tracker5 request-tracker5/organization string example.test
request-tracker5 request-tracker5/correspondaddress string rt@example.test
request-tracker5 request-tracker5/commentaddress string rt-comment@example.test
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1
request-tracker5 request-tracker5/webpath string ${WEB_PATH}
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/initial-root-password password ${RT_ROOT.password}
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/db/basepath string /var/lib/dbconfig-common/sqlite3/request-tracker5
request-tracker5 request-tracker5/db/dbname string rtdb
rt5-db-sqlite rt5-db-sqlite/available boolean true
msmtp msmtp/apparmor boolean false
`;

async function installRt(): Promise<string> {
  const lists = existsSync('/var/lib/apt/lists') ? readdirSync('/var/lib/apt/lists') : [];
  const apt = ['-o', 'DPkg::Lock::Timeout=600', '-o', 'Acquire::Retries=3'];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!lists.some((f) => /_Packages(\.\w+)?$/.test(f))) {
    log('apt-get update (package lists are empty)');
    await run('apt-get', [...apt, 'update'], { env, timeoutMs: 300_000 });
  }
  await run('debconf-set-selections', [], { input: DEBCONF });
  log(`apt-get install ${[...PACKAGES, ...EXTRA_PACKAGES].join(' ')} (~235 packages, ~50 MB)`);
  const { stdout, stderr } = await run(
    'apt-get',
    [...apt, 'install', '-y', '--no-install-recommends', ...PACKAGES, ...EXTRA_PACKAGES],
    { env, timeoutMs: 600_000 },
  );
  mkdirSync(LOGS, { recursive: true });
  writeFileSync(join(LOGS, 'apt-install.log'), `${stdout}\n${stderr}`);
  const version = await installedVersion();
  if (!version) throw new Error(`apt-get install finished but ${PACKAGES.join(', ')} are not all installed`);
  return version;
}

// ---------------------------------------------------------------------------------------------
// Configure

/** root:www-data with the given mode: rt-server runs as www-data. */
function www(path: string, mode: number) {
  chownSync(path, 0, wwwGid());
  chmodSync(path, mode);
}

let gid: number | undefined;
function wwwGid(): number {
  if (gid !== undefined) return gid;
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith('www-data:'));
  const id = Number(line?.split(':')[2]);
  if (!Number.isInteger(id)) throw new Error('no www-data group in /etc/group');
  return (gid = id);
}

function writeConfig(port: number) {
  // Debian leaves RT_SiteConfig.pm 0600 root:root; rt-server runs as www-data and must read it.
  if (existsSync(`${CONFIG_DIR}/RT_SiteConfig.pm`)) www(`${CONFIG_DIR}/RT_SiteConfig.pm`, 0o640);
  // Only for the processes this harness starts (SLA_LENS_RT_E2E=1): any other RT on the machine keeps its own
  // port and database.
  const perl = `# SLA Lens end-to-end tests (test/e2e/rt/rt.ts); rewritten on every start.
if (($ENV{${ENV_FLAG}} // '') eq '1') {
    Set($WebDomain, '127.0.0.1');
    Set($WebPort, ${port});
    Set($WebPath, '${WEB_PATH}');
    Set($WebBaseURL, 'http://127.0.0.1:${port}');
    Set($DatabaseType, 'SQLite');
    Set($DatabaseName, '${DB}');
    Set($MailCommand, 'mbox');
    Set($BcryptCost, 4);
    Set($LogToSyslog, undef);
    Set($LogToFile, undef);
    Set($LogToSTDERR, 'warning');
}
1;
`;
  const tmp = `${OUR_CONFIG}.tmp`;
  writeFileSync(tmp, perl);
  www(tmp, 0o640);
  renameSync(tmp, OUR_CONFIG);
}

/** A fresh RT database (schema + core data + root's password), made once per RT version and copied per run. */
async function resetDatabase(version: string) {
  mkdirSync(WORK, { recursive: true });
  // SQLite writes its journal next to the database: www-data needs the directory, too.
  www(WORK, 0o2770);
  const snapshot = join(WORK, `pristine-${version.replace(/[^\w.+~-]/g, '_')}-v${SNAPSHOT_FORMAT}.db`);
  for (const f of [DB, `${DB}-journal`, `${DB}-wal`, `${DB}-shm`]) rmSync(f, { force: true });
  if (!existsSync(snapshot)) {
    log('creating a pristine RT database (once per RT version)');
    const pw = join(WORK, 'root-password');
    writeFileSync(pw, `${RT_ROOT.password}\n`, { mode: 0o600 });
    try {
      const { stdout, stderr } = await run(SETUP_DATABASE, ['--action', 'init', '--root-password-file', pw], {
        env: RT_ENV,
        timeoutMs: 300_000,
      });
      if (!/Done inserting data/.test(stdout + stderr)) throw new Error(`rt-setup-database init:\n${stdout}\n${stderr}`);
    } finally {
      rmSync(pw, { force: true });
    }
    copyFileSync(DB, `${snapshot}.tmp`);
    renameSync(`${snapshot}.tmp`, snapshot);
  } else {
    copyFileSync(snapshot, DB);
  }
  www(DB, 0o660);
}

// ---------------------------------------------------------------------------------------------
// Server

export interface RtServer {
  /** http://127.0.0.1:<port>/rt (no trailing slash) */
  baseUrl: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  pid: number;
  version: string;
  logFile: string;
  /** Wall time of each step in ms (install is only the dpkg check when RT was already there). */
  timings: { install: number; database: number; start: number };
}

let current: { rt: RtServer; child: ChildProcess } | null = null;

function killStale() {
  if (!existsSync(PID_FILE)) return;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  // Only an rt-server this harness started (pid file) and that still is one.
  if (pid > 1 && alive(pid) && isRtServer(pid)) {
    log(`stopping a leftover rt-server (pid ${pid}) from an earlier run`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(PID_FILE, { force: true });
}

/**
 * RT installed, configured, on a fresh database and answering on 127.0.0.1:<free port>. Starts from the
 * pristine database every time, so seedRt() yields the same tickets on every run.
 */
export async function ensureRt(opts: { readyTimeoutMs?: number } = {}): Promise<RtServer> {
  if (process.getuid?.() !== 0) throw new Error('ensureRt needs root (apt-get, /etc/request-tracker5, setpriv)');
  if (current) return current.rt;
  const t0 = performance.now();
  let version = await installedVersion();
  if (!version) version = await installRt();
  const tInstall = performance.now();

  killStale();
  const port = await freePort();
  writeConfig(port);
  await resetDatabase(version);
  const tDb = performance.now();

  mkdirSync(LOGS, { recursive: true });
  const logFile = join(LOGS, 'rt-server.log');
  const fd = openSync(logFile, 'a');
  writeSync(fd, `\n=== ${new Date().toISOString()} rt-server on 127.0.0.1:${port}\n`);
  const child = spawn(
    'setpriv',
    ['--reuid=www-data', '--regid=www-data', '--init-groups', RT_SERVER, '--host', '127.0.0.1', '--port', String(port),
      '--webpath', WEB_PATH],
    { cwd: '/', detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...RT_ENV } },
  );
  closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error('could not spawn rt-server');
  writeFileSync(PID_FILE, String(pid));
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = signal ?? `exit ${code}`));
  // A crashed test process must not leave the server behind (the next run would also find it via PID_FILE).
  process.once('exit', () => killGroup(pid, 'SIGKILL'));

  const baseUrl = `http://127.0.0.1:${port}${WEB_PATH}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`rt-server ${exited} before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${baseUrl}/NoAuth/Login.html`, { signal: AbortSignal.timeout(3_000) });
      if (res.ok && /Request Tracker|RT_SID|login/i.test(await res.text())) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killGroup(pid, 'SIGKILL');
      throw new Error(`rt-server did not answer on ${baseUrl} within ${opts.readyTimeoutMs ?? 60_000} ms:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
  const tStart = performance.now();
  const rt: RtServer = {
    baseUrl,
    origin: `http://127.0.0.1:${port}`,
    port,
    pid,
    version,
    logFile,
    timings: {
      install: Math.round(tInstall - t0),
      database: Math.round(tDb - tInstall),
      start: Math.round(tStart - tDb),
    },
  };
  current = { rt, child };
  log(`RT ${version} ready at ${baseUrl}/ (pid ${pid}); install ${rt.timings.install} ms, database ${rt.timings.database} ms, start ${rt.timings.start} ms`);
  return rt;
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal); // setpriv execs rt-server, which forks its Starlet workers into this group
  } catch {
    /* already gone */
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Stops the server ensureRt() started (TERM, then KILL after 5 s). */
export async function stopRt(): Promise<void> {
  const c = current;
  current = null;
  if (!c) return;
  killGroup(c.rt.pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (alive(c.rt.pid) && c.child.exitCode === null && c.child.signalCode === null && Date.now() < deadline) await sleep(100);
  if (c.child.exitCode === null && c.child.signalCode === null) killGroup(c.rt.pid, 'SIGKILL');
  rmSync(PID_FILE, { force: true });
}

// ---------------------------------------------------------------------------------------------
// REST 2

type Json = Record<string, unknown>;

export interface RestClient {
  call<T = Json>(method: string, path: string, body?: unknown): Promise<T>;
  /** null on 404 */
  find<T = Json>(path: string): Promise<T | null>;
  /** The HTTP status of a GET (for permission checks). */
  status(path: string): Promise<number>;
}

export function rest(baseUrl: string, user: string, password: string): RestClient {
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const send = async (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/REST/2.0${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  return {
    async call<T>(method: string, path: string, body?: unknown) {
      const res = await send(method, path, body);
      const text = await res.text();
      if (res.status >= 400) throw new Error(`RT REST ${method} ${path} as ${user}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : {}) as T;
    },
    async find<T>(path: string) {
      const res = await send('GET', path);
      if (res.status === 404) return null;
      const text = await res.text();
      if (res.status >= 400) throw new Error(`RT REST GET ${path} as ${user}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    async status(path: string) {
      const res = await send('GET', path);
      await res.arrayBuffer();
      return res.status;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Seed

export type TicketKey = 'replied' | 'fresh' | 'stalled' | 'uncontracted';

export interface SeedTicketSpec {
  key: TicketKey;
  subject: string;
  requester: { email: string; name: string; organization: string };
  severity: 'Low' | 'Medium' | 'High' | 'Critical';
  owner: string;
  content: string;
}

/**
 * The seeded tickets. Requester domains come from test/demo/sample-contracts.json: northwind.example and
 * nwtraders.example (Northwind Traders, Europe/Berlin), contoso.example (Contoso Ltd, Europe/London);
 * unknown-co.example has no contract.
 */
export const SEED_TICKETS: readonly SeedTicketSpec[] = [
  {
    key: 'replied',
    subject: 'Cannot log in to the billing portal',
    requester: { email: 'alice@northwind.example', name: 'Alice Anderson', organization: 'Northwind Traders' },
    severity: 'High',
    owner: RT_AGENT.name,
    content: 'Since this morning the billing portal says "invalid session" when I log in.\n\nAlice',
  },
  {
    key: 'fresh',
    subject: 'Invoice 4411 shows the wrong VAT rate',
    requester: { email: 'bob@contoso.example', name: 'Bob Brown', organization: 'Contoso Ltd' },
    // Sev 1 counts 24x7, so its due times depend on the exact creation second (business-hours targets
    // created at a weekend would not notice a 9-hour zone error).
    severity: 'Critical',
    owner: 'Nobody',
    content: 'Invoice 4411 charges 20% VAT, but we are VAT-exempt. Please re-issue it.\n\nBob',
  },
  {
    key: 'stalled',
    subject: 'Export of the audit log to CSV',
    requester: { email: 'erin@nwtraders.example', name: 'Erin Evans', organization: 'Northwind Traders' },
    severity: 'Low',
    owner: RT_AGENT.name,
    content: 'Could the audit log be exported as CSV? We need it for our auditors next month.\n\nErin',
  },
  {
    key: 'uncontracted',
    subject: 'Trial account locked',
    requester: { email: 'carol@unknown-co.example', name: 'Carol Chen', organization: 'Unknown Co' },
    severity: 'Medium',
    owner: 'Nobody',
    content: 'Our trial account is locked after three wrong passwords.\n\nCarol',
  },
];

export const AGENT_REPLY = 'Hi Alice,\n\nwe reset your portal session; please sign in again.\n\nDana (Support)';

export interface SeededTicket extends SeedTicketSpec {
  id: number;
  /** RT's status after seeding. */
  status: string;
  /** REST 2 "Created" (UTC). */
  createdAt: Date;
  /** Agent correspondence (REST history), for the replied ticket. */
  repliedAt?: Date;
  /** When the ticket went to stalled (REST history). */
  stalledAt?: Date;
  /** Status changes from the REST history, oldest first. */
  statusChanges: { from: string; to: string; at: Date }[];
}

export interface RtSeed {
  queueId: number;
  tickets: Record<TicketKey, SeededTicket>;
  ms: number;
}

export interface TxnItem {
  id?: number | string;
  Type?: string;
  Created?: string;
  Field?: string;
  OldValue?: string;
  NewValue?: string;
  Creator?: { id?: string };
}

const TARGET_STATUS: Record<TicketKey, string> = { replied: 'open', fresh: 'new', stalled: 'stalled', uncontracted: 'open' };

/**
 * Seeds through REST 2 as root; agent actions as agent1. Idempotent: everything is looked up first, so a
 * second call on the same database creates nothing (ensureRt() resets the database anyway).
 */
export async function seedRt(baseUrl: string): Promise<RtSeed> {
  const t0 = performance.now();
  const root = rest(baseUrl, RT_ROOT.name, RT_ROOT.password);
  const agent = rest(baseUrl, RT_AGENT.name, RT_AGENT.password);

  const queue =
    (await root.find<{ id: number }>(`/queue/${RT_QUEUE}`)) ??
    (await root.call<{ id: number }>('POST', '/queue', {
      Name: RT_QUEUE,
      Description: 'Customer support',
      CorrespondAddress: 'support@example.test',
      CommentAddress: 'support-comment@example.test',
    }));
  const queueId = Number(queue.id);

  const customField = async (Name: string, Type: string, Description: string) => {
    const found = await root.call<{ items: { id: number }[] }>('POST', '/customfields', [{ field: 'Name', value: Name }]);
    if (found.items[0]) return Number(found.items[0].id);
    // "Queue" in the create body applies the field to that queue (RT::CustomField::Create's compat path).
    const made = await root.call<{ id: number }>('POST', '/customfield', { Name, Type, MaxValues: 1, Queue: RT_QUEUE, Description });
    return Number(made.id);
  };
  const severityCf = await customField('Severity', 'Select', 'Customer-reported severity');
  await customField('Customer', 'Freeform', 'Customer organisation');
  const have = await root.call<{ items: { name: string }[] }>('GET', `/customfield/${severityCf}/values`);
  const levels = ['Low', 'Medium', 'High', 'Critical'];
  for (const [i, Name] of levels.entries()) {
    if (!have.items.some((v) => v.name === Name)) await root.call('POST', `/customfield/${severityCf}/value`, { Name, SortOrder: i + 1 });
  }

  const user = async (name: string, body: Json) => (await root.find(`/user/${encodeURIComponent(name)}`)) ?? root.call('POST', '/user', body);
  for (const t of SEED_TICKETS) {
    await user(t.requester.email, {
      Name: t.requester.email,
      EmailAddress: t.requester.email,
      RealName: t.requester.name,
      Organization: t.requester.organization,
      Privileged: 0,
    });
  }
  await user(RT_AGENT.name, {
    Name: RT_AGENT.name,
    EmailAddress: RT_AGENT.email,
    RealName: RT_AGENT.realName,
    Privileged: 1,
    Timezone: RT_AGENT.timezone,
    Password: RT_AGENT.password,
  });
  if ((await agent.status(`/queue/${RT_QUEUE}`)) !== 200) await grantAgentRights();

  const tickets = {} as Record<TicketKey, SeededTicket>;
  for (const spec of SEED_TICKETS) {
    const query = encodeURIComponent(`Queue = '${RT_QUEUE}' AND Subject = '${spec.subject}'`);
    const found = await root.call<{ items: { id: number }[] }>('GET', `/tickets?query=${query}`);
    let id = found.items[0] ? Number(found.items[0].id) : 0;
    if (!id) {
      const made = await root.call<{ id: number }>('POST', '/ticket', {
        Queue: RT_QUEUE,
        Subject: spec.subject,
        Requestor: spec.requester.email,
        Owner: spec.owner,
        // RT's lifecycle does not allow creating a ticket as stalled: create it open, then change it.
        Status: spec.key === 'fresh' || spec.key === 'replied' ? 'new' : 'open',
        ContentType: 'text/plain',
        Content: spec.content,
        CustomFields: { Severity: spec.severity, Customer: spec.requester.organization },
      });
      id = Number(made.id);
    }
    let history = await txns(root, id);
    if (spec.key === 'replied' && !history.some((t) => t.Type === 'Correspond')) {
      // An agent's reply: a Correspond transaction by agent1 (RT also opens the ticket and sets Told).
      await agent.call('POST', `/ticket/${id}/correspond`, { ContentType: 'text/plain', Content: AGENT_REPLY });
      history = await txns(root, id);
    }
    const ticket = await root.call<{ Status: string; Created: string }>('GET', `/ticket/${id}`);
    if (spec.key === 'stalled' && ticket.Status !== 'stalled') {
      await root.call('PUT', `/ticket/${id}`, { Status: 'stalled' });
      history = await txns(root, id);
      ticket.Status = 'stalled';
    }
    if (ticket.Status !== TARGET_STATUS[spec.key]) throw new Error(`ticket ${id} is ${ticket.Status}, expected ${TARGET_STATUS[spec.key]}`);
    const at = (t: TxnItem | undefined) => (t?.Created ? new Date(t.Created) : undefined);
    tickets[spec.key] = {
      ...spec,
      id,
      status: ticket.Status,
      createdAt: new Date(ticket.Created),
      repliedAt: at(history.find((t) => t.Type === 'Correspond' && t.Creator?.id === RT_AGENT.name)),
      stalledAt: at(history.findLast((t) => t.Type === 'Status' && t.NewValue === 'stalled')),
      statusChanges: statusChanges(history),
    };
  }
  const ms = Math.round(performance.now() - t0);
  log(`seeded queue ${RT_QUEUE} (#${queueId}), tickets ${SEED_TICKETS.map((s) => `${s.key}=#${tickets[s.key].id}`).join(' ')} in ${ms} ms`);
  return { queueId, tickets, ms };
}

/** Status changes in a REST 2 history, oldest first. */
export function statusChanges(history: TxnItem[]): { from: string; to: string; at: Date }[] {
  return history
    .filter((t) => t.Type === 'Status' && t.Created && t.NewValue)
    .map((t) => ({ from: t.OldValue ?? '', to: t.NewValue!, at: new Date(t.Created!) }));
}

/** A ticket's transactions (REST 2 history), oldest first. */
export async function txns(client: RestClient, id: number): Promise<TxnItem[]> {
  const page = await client.call<{ items: TxnItem[] }>(
    'GET',
    `/ticket/${id}/history?fields=Type,Created,Creator,Field,OldValue,NewValue&per_page=100`,
  );
  return page.items;
}

/** REST 2 in RT 5.0.3 cannot grant rights: one initialdata file through rt-setup-database. */
async function grantAgentRights() {
  const file = join(WORK, 'seed-acl.pl');
  writeFileSync(
    file,
    `@ACL = (
  { UserId => '${RT_AGENT.name}', Queue => '${RT_QUEUE}',
    Right => [qw(SeeQueue ShowTicket ShowTicketComments CreateTicket ReplyToTicket CommentOnTicket
                 OwnTicket TakeTicket StealTicket ModifyTicket Watch WatchAsAdminCc SeeCustomField ModifyCustomField)] },
  { UserId => '${RT_AGENT.name}', Right => [qw(SeeCustomField ModifyCustomField ShowSavedSearches ModifySelf)] },
);
1;
`,
  );
  const { stdout, stderr } = await run(SETUP_DATABASE, ['--action', 'insert', '--datafile', file], { env: RT_ENV, timeoutMs: 120_000 });
  if (!/Done inserting data/.test(stdout + stderr)) throw new Error(`granting rights failed:\n${stdout}\n${stderr}`);
}
