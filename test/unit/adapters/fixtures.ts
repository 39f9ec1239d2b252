// Loads helpdesk page fixtures: test/fixtures/<helpdesk>/<case>.html, whose first comment carries
//   <!-- url: https://acme.zendesk.com/agent/tickets/12345
//        variant: ...; source: ... -->
// and an optional recorded API file <case>.api.json: { "<path with query>": <json body>, ... }.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

export interface Fixture {
  helpdesk: string;
  name: string;
  url: URL;
  html: string;
  doc: Document;
  api: Record<string, unknown>;
}

export function fixtureUrl(html: string): URL {
  const m = /<!--[\s\S]*?\burl:\s*(\S+)/.exec(html);
  if (!m?.[1]) throw new Error('fixture has no "url:" header comment');
  return new URL(m[1]);
}

export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

export function loadFixture(helpdesk: string, name: string): Fixture {
  const base = join(FIXTURES, helpdesk, name);
  const html = readFileSync(`${base}.html`, 'utf8');
  const apiFile = `${base}.api.json`;
  const api = existsSync(apiFile) ? (JSON.parse(readFileSync(apiFile, 'utf8')) as Record<string, unknown>) : {};
  return { helpdesk, name, url: fixtureUrl(html), html, doc: parseHtml(html), api };
}

/** Every page fixture of every helpdesk (folders in test/fixtures except non-helpdesk ones). */
export function allFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'contracts' || dir.name.startsWith('_')) continue;
    for (const f of readdirSync(join(FIXTURES, dir.name))) {
      if (f.endsWith('.html')) out.push(loadFixture(dir.name, f.slice(0, -5)));
    }
  }
  return out;
}

/** A fake same-origin getJson that serves the recorded API file; unknown paths reject like a 404. */
export function fakeGetJson(api: Record<string, unknown>) {
  const calls: string[] = [];
  const getJson = async (path: string) => {
    calls.push(path);
    if (!(path in api)) throw new Error(`HTTP 404 for ${path}`);
    return structuredClone(api[path]);
  };
  return { getJson, calls };
}
