#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.ts (each exports `run(): Promise<Row[]>`, Row =
// { name, value, unit, note? }) through Vite's module runner, and prints the figures as one table.
// Pass names to run a subset: `npm run bench -- match business-time`.
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
  .sort();

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
let failed = 0;
for (const f of files) {
  const started = performance.now();
  try {
    const { module } = await runnerImport(join(here, f));
    const rows = await module.run();
    console.log(`\n## ${f.replace('.bench.ts', '')}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const w = Math.max(...rows.map((r) => r.name.length), 10);
    for (const r of rows) console.log(`  ${r.name.padEnd(w)}  ${fmt(r.value).padStart(10)} ${r.unit.padEnd(8)} ${r.note ?? ''}`);
  } catch (e) {
    failed++;
    console.error(`\n## ${f}: FAILED\n`, e);
  }
}
if (!files.length) console.log('no benchmarks matched');
process.exit(failed ? 1 : 0);
