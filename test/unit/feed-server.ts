// A local HTTPS feed server for the feed tests: a self-signed certificate made with the openssl CLI in a
// temp dir, node:https on 127.0.0.1, and a fetch that trusts exactly that certificate (Node's global
// fetch cannot be given a CA without undici, so this one is built on https.request and returns a
// standard Response with a streamed body and honours the abort signal).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FetchLike } from '../../lib/feed';

export interface FeedServer {
  origin: string;
  ca: string;
  /** Requests seen, in order: path and the If-None-Match header. */
  requests: { path: string; ifNoneMatch: string | undefined }[];
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-lens-feed-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  const ca = readFileSync(cert, 'utf8');
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer({ key: readFileSync(key), cert: ca }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const inm = req.headers['if-none-match'];
    requests.push({ path, ifNoneMatch: Array.isArray(inm) ? inm.join(',') : inm });
    const h = routes.get(path);
    if (h) h(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    ca,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

export function httpsFetch(ca: string): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: 'GET', headers: init.headers, ca, signal: init.signal }, (res) => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        const status = res.statusCode ?? 500;
        const body = status === 304 || status === 204 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        const response = new Response(body, { status, statusText: res.statusMessage ?? '', headers });
        Object.defineProperty(response, 'url', { value: url });
        resolve(response);
      });
      req.on('error', reject);
      req.end();
    });
}
