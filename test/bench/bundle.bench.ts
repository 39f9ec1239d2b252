// Bundle sizes of the built Chrome MV3 extension (.output/chrome-mv3; built first when missing): raw and
// gzip of every content script, every on-demand adapter script and the other entry bundles, and the
// largest content script gzipped against the goal (≤ 45 kB). A page loads the content script plus one
// adapter script, so the largest such pair is reported too. With source maps
// (`SOURCEMAP=1 npm run build`), the content script's largest contributors are listed.
// Loaded by test/bench/run.mjs; importing this file has no side effects.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, '.output', 'chrome-mv3');
export const CONTENT_GOAL_GZIP_KB = 45;

/** Builds the Chrome extension when .output/chrome-mv3 has no manifest (never rebuilds a present one). */
export function ensureBuilt(): void {
  if (existsSync(join(DIST, 'manifest.json'))) return;
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`npx wxt build left no ${DIST}/manifest.json`);
}

const kB = (bytes: number) => Math.round(bytes / 10) / 100; // kB = 1000 bytes, as WXT prints them

interface Sized {
  file: string;
  raw: number;
  gzip: number;
}

function size(file: string): Sized {
  const buf = readFileSync(file);
  return { file: relative(DIST, file), raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Bytes of generated code per source package / file, from a bundle's source map. */
function composition(file: string): [string, number][] {
  const require = createRequire(join(ROOT, 'package.json'));
  const { decode } = require('@jridgewell/sourcemap-codec') as { decode(m: string): number[][][] };
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const lines = readFileSync(file, 'utf8').split('\n');
  const per = new Map<string, number>();
  decode(map.mappings).forEach((segs, li) => {
    const len = (lines[li] ?? '').length + 1;
    segs.forEach((s, i) => {
      const src = s.length > 1 ? map.sources[s[1]!]! : '(unmapped)';
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src)?.[1] ?? src.replace(/^(\.\.\/)+/, '');
      per.set(pkg, (per.get(pkg) ?? 0) + (i + 1 < segs.length ? segs[i + 1]![0]! : len) - s[0]!);
    });
  });
  return [...per].sort((a, b) => b[1] - a[1]);
}

export async function run(): Promise<Row[]> {
  ensureBuilt();
  const files = walk(DIST).filter((f) => /\.(js|css)$/.test(f));
  const content = files.filter((f) => relative(DIST, f).startsWith('content-scripts/') && f.endsWith('.js')).map(size);
  const adapters = files.filter((f) => /^adapter-.+\.js$/.test(relative(DIST, f))).map(size);
  const others = files.filter((f) => !content.some((c) => join(DIST, c.file) === f) && !adapters.some((a) => join(DIST, a.file) === f)).map(size);
  if (!content.length) throw new Error(`no content script in ${DIST}/content-scripts`);

  const row = (s: Sized, note?: string): Row => ({
    name: s.file,
    value: kB(s.gzip),
    unit: 'kB gzip',
    note: `${kB(s.raw)} kB raw${note ? `; ${note}` : ''}`,
  });
  const rows: Row[] = [];
  const bySize = (a: Sized, b: Sized) => b.gzip - a.gzip;
  for (const s of content.sort(bySize)) rows.push(row(s, 'content script'));
  for (const s of adapters.sort(bySize)) rows.push(row(s, 'adapter script, injected on demand'));
  for (const s of others.sort(bySize)) rows.push(row(s));

  const largest = content[0]!;
  const pass = kB(largest.gzip) <= CONTENT_GOAL_GZIP_KB;
  rows.push({
    name: `largest content script gzipped (${largest.file})`,
    value: kB(largest.gzip),
    unit: 'kB',
    note: `goal ≤ ${CONTENT_GOAL_GZIP_KB} kB: ${pass ? 'MET' : 'NOT MET'} (${Math.round((largest.gzip / (CONTENT_GOAL_GZIP_KB * 1000)) * 100)} % of it); gzip -9`,
  });
  if (adapters.length) {
    const biggest = adapters[0]!;
    rows.push({
      name: `largest per-page script load (content + ${biggest.file})`,
      value: kB(largest.gzip + biggest.gzip),
      unit: 'kB gzip',
      note: `${kB(largest.raw + biggest.raw)} kB raw; two files, so slightly more than one gzip stream`,
    });
  }
  rows.push({
    name: 'all adapter scripts together',
    value: kB(adapters.reduce((n, a) => n + a.gzip, 0)),
    unit: 'kB gzip',
    note: `${kB(adapters.reduce((n, a) => n + a.raw, 0))} kB raw, ${adapters.length} files (none in the content script)`,
  });

  const map = join(DIST, largest.file);
  if (existsSync(`${map}.map`)) {
    const parts = composition(map);
    for (const [src, bytes] of parts.slice(0, 12)) {
      rows.push({ name: `  ${largest.file} ← ${src}`, value: kB(bytes), unit: 'kB raw', note: `${Math.round((bytes / largest.raw) * 100)} %` });
    }
    // What the split keeps out of the content script: should stay 0.
    for (const src of ['valibot', 'lib/contracts/validate.ts', 'lib/adapters/zendesk.ts', 'lib/adapters/dom.ts', '@1natsu/wait-element']) {
      const bytes = parts.find(([s]) => s === src)?.[1] ?? 0;
      rows.push({ name: `  ${largest.file} ← ${src}`, value: kB(bytes), unit: 'kB raw', note: bytes ? 'should not be in the content script' : 'kept out' });
    }
  } else {
    rows.push({ name: `  ${largest.file} composition`, value: 0, unit: '-', note: 'no source map: SOURCEMAP=1 npm run build, then npm run bench -- bundle' });
  }
  return rows;
}
