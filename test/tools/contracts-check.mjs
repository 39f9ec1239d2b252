#!/usr/bin/env node
// `npm run contracts:check FILE` — checks a contracts file (JSON or CSV) with the extension's own
// validator (loaded from TypeScript through Vite's module runner) and prints every problem.
// Exit 0 = valid, 1 = problems found, 2 = usage or unreadable file.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('usage: npm run contracts:check FILE.json|FILE.csv');
  process.exit(2);
}
let text;
try {
  text = await readFile(file, 'utf8');
} catch (e) {
  console.error(`${file}: cannot read (${e.code ?? e.message})`);
  process.exit(2);
}

const entry = fileURLToPath(new URL('../../lib/contracts/check.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
const { kind, contracts, errors } = module.checkContractsText(text, file);

if (errors.length) {
  for (const e of errors) {
    const where = e.line ? `${file}:${e.line}:${e.column}` : e.path ? `${file}: ${e.path}` : file;
    console.log(`${where}: ${e.message}`);
  }
  console.log(`${errors.length} problem${errors.length === 1 ? '' : 's'} in ${file}`);
  process.exit(1);
}
const domains = contracts.reduce((n, c) => n + (c.customer.domains?.length ?? 0), 0);
console.log(`OK ${file}: ${contracts.length} contract${contracts.length === 1 ? '' : 's'} (${kind.toUpperCase()}), ${domains} domains: ${contracts.map((c) => c.id).join(', ')}`);
process.exit(0);
