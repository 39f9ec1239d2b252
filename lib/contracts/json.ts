// JSON import / export of contract files.
import type { Contract, ContractFile } from './model';
import type { Rule } from '../rules/model';
import { CONTRACT_FORMAT, CONTRACT_FORMAT_VERSION, validateContractFile, type Issue, type Validated } from './validate';

/** Parses and validates a contract file; JSON syntax errors come with line and column. */
export function parseContractsJson(text: string): Validated<{ file: ContractFile }> {
  const src = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch {
    return { ok: false, errors: [jsonSyntaxIssue(src)] };
  }
  return validateContractFile(data);
}

/** The interchange file; reading rules travel with the contracts when given (and not empty). */
export function exportContractsJson(contracts: readonly Contract[], now: Date, readingRules?: readonly Rule[]): string {
  const file: ContractFile = {
    format: CONTRACT_FORMAT,
    version: CONTRACT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    contracts: [...contracts],
    ...(readingRules?.length ? { readingRules: [...readingRules] } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Engines word JSON.parse errors differently and not all give a position, so find the first
 * offending character with a small recursive-descent scan of the JSON grammar. null = valid JSON.
 */
export function findJsonError(src: string): { at: number; message: string } | null {
  let i = 0;
  const fail = (what: string): never => {
    throw Object.assign(new Error(what), { at: i });
  };
  const ws = () => {
    while (i < src.length && ' \t\n\r'.includes(src[i]!)) i++;
  };
  const lit = (word: string) => {
    if (src.startsWith(word, i)) i += word.length;
    else fail(`expected ${word}`);
  };
  const str = () => {
    i++;
    for (;;) {
      const ch = src[i];
      if (ch === undefined) fail('unterminated string');
      if (ch === '"') return void i++;
      if (ch! < ' ') fail('control character in a string (use \\n, \\t…)');
      if (ch === '\\') {
        i++;
        const e = src[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(src.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail('bad escape');
      }
      i++;
    }
  };
  const num = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (!m) fail('bad number');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = src[i];
    if (ch === '{') {
      i++;
      ws();
      if (src[i] === '}') return void i++;
      for (;;) {
        ws();
        if (src[i] !== '"') fail(src[i] === '}' ? 'trailing comma' : 'expected a "quoted" property name');
        str();
        ws();
        if (src[i] !== ':') fail('expected ":"');
        i++;
        value();
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') return void i++;
        else fail('expected "," or "}"');
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (src[i] === ']') return void i++;
      for (;;) {
        ws();
        if (src[i] === ']') fail('trailing comma');
        value();
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === ']') return void i++;
        else fail('expected "," or "]"');
      }
    } else if (ch === '"') str();
    else if (ch === 't') lit('true');
    else if (ch === 'f') lit('false');
    else if (ch === 'n') lit('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) num();
    else fail('expected a value');
  };
  try {
    value();
    ws();
    if (i < src.length) fail('unexpected text after the end of the JSON');
    return null;
  } catch (e) {
    return { at: (e as { at: number }).at, message: (e as Error).message };
  }
}

export function jsonSyntaxIssue(src: string): Issue {
  const { at, message } = findJsonError(src) ?? { at: src.length, message: 'invalid JSON' };
  const before = src.slice(0, at).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const found = at >= src.length ? 'the end of the text' : JSON.stringify(src[at]);
  return { path: '', message: `JSON syntax error at line ${line}, column ${column}: ${message}, found ${found}`, line, column };
}
