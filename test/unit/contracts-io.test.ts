import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  businessDayMinutes,
  contractsToCsv,
  formatHours,
  formatTarget,
  mergeCsvIntoContracts,
  parseContractsCsv,
  parseHours,
  parseTarget,
  readContractsCsv,
} from '../../lib/contracts/csv';
import { diffContractSets } from '../../lib/contracts/diff';
import { exportContractsJson, findJsonError, parseContractsJson } from '../../lib/contracts/json';
import type { Contract, Target } from '../../lib/contracts/model';

const sampleText = readFileSync('test/demo/sample-contracts.json', 'utf8');
const sample: Contract[] = JSON.parse(sampleText).contracts;
const byId = (id: string) => structuredClone(sample.find((c) => c.id === id)!);
const csvErrors = (r: { errors: { path: string; message: string }[] }) => r.errors.map((e) => `${e.path}: ${e.message}`);

describe('JSON', () => {
  it('round-trips losslessly through export and import', () => {
    const now = new Date('2026-11-21T10:15:00Z');
    const text = exportContractsJson(sample, now);
    const r = parseContractsJson(text);
    expect(r.ok && r.file).toEqual({ format: 'sla-lens/contracts', version: 1, exportedAt: '2026-11-21T10:15:00.000Z', contracts: sample });
    expect(text.split('\n')[1]).toBe('  "format": "sla-lens/contracts",');
  });

  it('gives line and column for syntax errors', () => {
    const cases: [string, number, number, string][] = [
      ['{\n  "contracts": [\n    {"id": "a" "tier": "b"}\n  ]\n}', 3, 16, 'expected "," or "}"'],
      ['{\n  "contracts": [1, 2,]\n}', 2, 22, 'trailing comma'],
      ['\uFEFF{"contracts": [', 1, 16, 'expected a value, found the end of the text'],
      ["{'contracts': []}", 1, 2, 'expected a "quoted" property name'],
      ['{"contracts": []} x', 1, 19, 'unexpected text after the end'],
      ['{"a": "line\nbreak"}', 1, 12, 'control character'],
    ];
    for (const [text, line, column, words] of cases) {
      const r = parseContractsJson(text);
      expect(r.ok).toBe(false);
      const e = !r.ok ? r.errors[0]! : undefined;
      expect({ line: e?.line, column: e?.column }, text).toEqual({ line, column });
      expect(e?.message).toContain(words);
    }
  });

  it('finds an error exactly when JSON.parse rejects the text', () => {
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', ' ', '0', '-', '\n', 'tru'));
    fc.assert(
      fc.property(mutated, ([json, at, insert]) => {
        const i = at % (json.length + 1);
        const text = json.slice(0, i) + insert + json.slice(i + (insert ? 0 : 1));
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CSV cell syntax', () => {
  it('reads durations with their basis', () => {
    const table: [string, number, Target | string][] = [
      ['15m 24x7', 540, { minutes: 15, basis: '24x7' }],
      ['2h', 540, { minutes: 120, basis: 'business' }],
      ['2 h business', 540, { minutes: 120, basis: 'business' }],
      ['1h30m', 540, { minutes: 90, basis: 'business' }],
      ['90', 540, { minutes: 90, basis: 'business' }],
      ['90min 24/7', 540, { minutes: 90, basis: '24x7' }],
      ['3bd', 540, { minutes: 1620, basis: 'business' }],
      ['3BD', 480, { minutes: 1440, basis: 'business' }],
      ['1d', 540, { minutes: 1440, basis: '24x7' }],
      ['1.5h', 540, { minutes: 90, basis: 'business' }],
      ['3bd 24x7', 540, 'business days (bd) cannot be counted 24x7'],
      ['1d business', 540, 'use bd for business days'],
      ['soon', 540, 'expected a duration'],
      ['15 minutes', 540, 'expected a duration'],
      ['24x7', 540, 'expected a duration'],
    ];
    for (const [cell, bd, want] of table) {
      const got = parseTarget(cell, bd);
      if (typeof want === 'string') expect('error' in got && got.error, cell).toContain(want);
      else expect(got, cell).toEqual(want);
    }
  });

  it('writes targets it reads back unchanged', () => {
    expect(formatTarget({ minutes: 1620, basis: 'business' }, 540)).toBe('3bd');
    expect(formatTarget({ minutes: 90, basis: 'business' }, 540)).toBe('1h30m');
    expect(formatTarget({ minutes: 2880, basis: '24x7' }, 540)).toBe('2d 24x7');
    expect(formatTarget({ minutes: 15, basis: '24x7' }, 540)).toBe('15m 24x7');
    const target = fc.record({
      minutes: fc.oneof(fc.integer({ min: 1, max: 525_600 }), fc.double({ min: 0.5, max: 10_000, noNaN: true }).map((x) => Math.round(x * 4) / 4)),
      basis: fc.constantFrom('business' as const, '24x7' as const),
    });
    fc.assert(
      fc.property(target, fc.constantFrom(60, 480, 510, 540, 720, 1440), (t, bd) => {
        expect(parseTarget(formatTarget(t, bd), bd)).toEqual(t);
      }),
    );
  });

  it('reads and writes opening hours', () => {
    expect(parseHours('mon-fri 09:00-18:00; sat 10:00-14:00')).toEqual({
      weekly: {
        mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']],
        sat: [['10:00', '14:00']],
      },
    });
    expect(parseHours('Fri-Mon 9:00-12:00, 13:00-17:00')).toEqual({
      weekly: Object.fromEntries(['fri', 'sat', 'sun', 'mon'].map((d) => [d, [['09:00', '12:00'], ['13:00', '17:00']]])),
    });
    expect(parseHours('24x7')).toEqual({ weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) });
    expect(parseHours('weekdays 9-5')).toEqual({ error: '"weekdays 9-5": expected days and times like "mon-fri 09:00-18:00"' });
    expect(parseHours('mon 09:00 to 17:00')).toEqual({ error: '"09:00 to 17:00": expected a time range like 09:00-18:00' });
    expect(formatHours({ mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [['10:00', '14:00']] })).toBe(
      'mon-wed,fri 09:00-18:00; sat 10:00-14:00',
    );
    const time = fc.integer({ min: 0, max: 96 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    const day = fc.array(fc.tuple(time, time), { minLength: 1, maxLength: 3 });
    const weekly = fc.dictionary(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'), day, { minKeys: 1 });
    fc.assert(
      fc.property(weekly, (w) => {
        const back = parseHours(formatHours(w));
        expect('weekly' in back && back.weekly).toEqual(w);
      }),
    );
  });

  it('takes a business day from the calendar: its most common open day', () => {
    const nine = [['09:00', '18:00']] as [string, string][];
    expect(businessDayMinutes({ mon: nine, tue: nine, wed: nine, thu: nine, fri: [['09:00', '15:00']] })).toBe(540);
    expect(businessDayMinutes({ mon: [['09:00', '12:00'], ['13:00', '18:00']] })).toBe(480);
    expect(businessDayMinutes({ mon: [['00:00', '24:00']] })).toBe(1440);
    expect(businessDayMinutes({})).toBe(480);
  });
});

describe('CSV import and export', () => {
  const flat = (c: Contract) => Object.fromEntries(CSV_COLUMNS.map((col) => [col.name, col.path.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], c)]));

  it('round-trips the flat fields of every sample contract', () => {
    const csv = contractsToCsv(sample);
    const fresh = parseContractsCsv(csv);
    expect(csvErrors(fresh)).toEqual([]);
    expect(fresh.contracts.map(flat)).toEqual(sample.map(flat));
    // Merged onto the originals, nothing changes at all.
    const merged = mergeCsvIntoContracts(sample, fresh.rows);
    expect(merged.errors).toEqual([]);
    expect(merged.contracts).toEqual(sample);
  });

  it('writes the internal target columns only when a contract has internal targets', () => {
    const plain = [byId('globex-standard')];
    expect(contractsToCsv(plain).split('\r\n')[0]).not.toContain('internal_');
    expect(contractsToCsv(sample).split('\r\n')[0]).toContain('internal_sev1_first_response');
  });

  it('merges a partial sheet by id and keeps what CSV cannot express; the diff names the changes', () => {
    const csv = 'ID,Tier,sev1 first response,notes,tam_name,tam_email,tam_phone\nnorthwind-enterprise,Enterprise Plus,12m 24x7,,,,\n';
    const { contracts, errors } = mergeCsvIntoContracts(sample, readContractsCsv(csv).rows);
    expect(errors).toEqual([]);
    const before = byId('northwind-enterprise');
    const after = contracts.find((c) => c.id === before.id)!;
    expect(after.tier).toBe('Enterprise Plus');
    expect(after.targets.sev1?.firstResponse).toEqual({ minutes: 12, basis: '24x7' });
    expect(after.targets.sev1?.resolution).toEqual(before.targets.sev1?.resolution);
    expect(after.notes).toBeUndefined();
    expect(after.entitlements).toEqual({ ...before.entitlements, tam: undefined });
    expect(after.escalation).toEqual(before.escalation);
    expect(after.severityMap).toEqual(before.severityMap);
    const diff = diffContractSets(sample, contracts);
    expect(diff.changed.map((c) => [c.after.id, c.fields])).toEqual([['northwind-enterprise', ['tier', 'targets.sev1', 'entitlements.tam', 'notes']]]);
    expect(diff.unchanged.map((c) => c.id)).toEqual(sample.slice(1).map((c) => c.id));
    expect([diff.added, diff.removed]).toEqual([[], []]);
  });

  it('adds new contracts and reports what a new row lacks by row and column', () => {
    const csv = [
      'id,customer,domains,tier,timezone,hours,channels,sev1_first_response',
      'hooli,Hooli,hooli.example,Gold,America/Los_Angeles,mon-fri 08:00-17:00,email,1h',
      'pied-piper,Pied Piper,northwind.example,,Europe/Nowhere,mon-fri 09:00-17:00,email,2h',
    ].join('\n');
    const r = mergeCsvIntoContracts(sample, readContractsCsv(csv).rows);
    expect(csvErrors(r)).toEqual([
      'row 2, column "term_start": is required',
      'row 2, column "term_end": is required',
      'row 3, column "tier": is required',
      'row 3, column "term_start": is required',
      'row 3, column "term_end": is required',
      'row 3, column "timezone": unknown time zone "Europe/Nowhere"',
      'row 3, column "domains": "northwind.example" is listed by both "Northwind Traders" (contracts[0]) and "Pied Piper" (row 3)',
    ]);
    const ok = mergeCsvIntoContracts(sample, readContractsCsv(csv.split('\n').slice(0, 2).join('\n').replace('hours,', 'hours,term_start,term_end,').replace('17:00,', '17:00,2026-01-01,2026-12-31,')).rows);
    expect(csvErrors(ok)).toEqual([]);
    expect(diffContractSets(sample, ok.contracts).added.map((c) => [c.id, c.calendar.timezone, c.targets])).toEqual([
      ['hooli', 'America/Los_Angeles', { sev1: { firstResponse: { minutes: 60, basis: 'business' } } }],
    ]);
  });

  it('reports cell, header and row problems without applying the broken cells', () => {
    const csv = [
      'id,customer,colour,hours,sev1_first_response,notice_days,,domains',
      'contoso-premium,Contoso,blue,weekdays 9-5,soon,ninety,,contoso.example',
      ',Nameless,,,,,,',
      'contoso-premium,Again,,,,,,',
      'globex-standard,Globex,,mon-fri 09:00-18:00,2h,30,,not a domain,extra',
      '',
    ].join('\n');
    const read = readContractsCsv(csv);
    const r = parseContractsCsv(csv, sample);
    expect(csvErrors(r)).toEqual([
      'row 1, column "colour": is not a known column (see "Contract files" in the README)',
      'row 3, column "id": is required',
      'row 4, column "id": "contoso-premium" is already on row 2',
      'row 5: has 9 cells but the header has 8 columns',
      'row 2, column "notice_days": must be a number',
      'row 2, column "hours": "weekdays 9-5": expected days and times like "mon-fri 09:00-18:00"',
      'row 2, column "sev1_first_response": "soon": expected a duration like 15m, 2h, 1h30m, 3bd or 1d, optionally followed by 24x7 or business',
      'row 5, column "domains": must be a domain like example.com',
    ]);
    expect(read.rows.map((x) => x.row)).toEqual([2, 5]);
    expect(readContractsCsv('customer\nAcme').errors).toEqual([{ path: 'row 1', message: 'needs an "id" column' }]);
  });

  it('guards spreadsheet formulas on export and reads them back', () => {
    const c = byId('globex-standard');
    c.customer.name = '=HYPERLINK("https://evil.example","click")';
    c.entitlements = { tam: { name: 'Ana', phone: '+1 212 555 0100' } };
    const csv = contractsToCsv([c]);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(csv).toContain(`'+1 212 555 0100`);
    const back = parseContractsCsv(csv);
    expect(csvErrors(back)).toEqual([]);
    expect(back.contracts[0]!.customer.name).toBe(c.customer.name);
    expect(back.contracts[0]!.entitlements?.tam?.phone).toBe('+1 212 555 0100');
  });

  it('reads semicolon-delimited sheets as saved by European spreadsheet apps', () => {
    const csv = 'id;tier;channels\r\nglobex-standard;Gold;"email; phone"\r\n';
    const r = parseContractsCsv(csv, sample);
    expect(csvErrors(r)).toEqual([]);
    const g = r.contracts.find((c) => c.id === 'globex-standard')!;
    expect([g.tier, g.channels]).toEqual(['Gold', ['email', 'phone']]);
  });
});

describe('diffContractSets', () => {
  it('sorts contracts into added, changed, removed and unchanged by id', () => {
    const a = byId('contoso-premium');
    const b = { ...byId('globex-standard'), tier: 'Gold', term: { ...byId('globex-standard').term, end: '2028-02-29' } };
    const d = diffContractSets([byId('northwind-enterprise'), byId('globex-standard'), a], [a, b, byId('initech-jp')]);
    expect({
      added: d.added.map((c) => c.id),
      changed: d.changed.map((c) => [c.before.id, c.fields]),
      removed: d.removed.map((c) => c.id),
      unchanged: d.unchanged.map((c) => c.id),
    }).toEqual({
      added: ['initech-jp'],
      changed: [['globex-standard', ['tier', 'term.end']]],
      removed: ['northwind-enterprise'],
      unchanged: ['contoso-premium'],
    });
  });
});

describe('CSV delimiter', () => {
  it('follows the header row, not cells full of ;-lists (short file, trailing newline)', () => {
    const csv = readFileSync(`${import.meta.dirname}/../fixtures/_console/good-import.csv`, 'utf8').trimEnd() + '\n';
    const r = parseContractsCsv(csv);
    expect(r.errors).toEqual([]);
    expect(r.contracts.map((c) => c.id)).toEqual(['northwind-enterprise', 'adventure-works']);
    expect(r.contracts[0]?.customer.domains).toEqual(['northwind.example', 'nwtraders.example']);
  });
});
