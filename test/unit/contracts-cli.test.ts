import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm run contracts:check FILE`'s script as a child process. */
function check(file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['test/tools/contracts-check.mjs', file], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, out: stdout + stderr });
    });
  });
}

describe('contracts:check CLI', () => {
  it('accepts good files with a one-line summary and refuses bad ones listing every problem', async () => {
    const dir = 'test/fixtures/contracts';
    const [goodJson, goodCsv, sample, badJson, badCsv, syntax, missing] = await Promise.all(
      ['good.json', 'good.csv', '../../demo/sample-contracts.json', 'bad.json', 'bad.csv', 'syntax-error.json', 'nope.json'].map((f) => check(`${dir}/${f}`)),
    );
    expect(goodJson).toEqual({ code: 0, out: `OK ${dir}/good.json: 2 contracts (JSON), 2 domains: acme-gold, fabrikam-basic\n` });
    expect(goodCsv).toEqual({ code: 0, out: `OK ${dir}/good.csv: 2 contracts (CSV), 2 domains: acme-gold, fabrikam-basic\n` });
    expect(sample!.code).toBe(0);
    expect(sample!.out).toContain('5 contracts (JSON)');

    expect(badJson!.code).toBe(1);
    const badLines = badJson!.out.trim().split('\n');
    expect(badLines.at(-1)).toBe(`10 problems in ${dir}/bad.json`);
    for (const expected of [
      'contracts[0].customer.contacts[0]: must be an email address',
      'contracts[0].channels[1]: must be one of',
      'contracts[0].targets.sev1.firstResponse.minutes: must be a positive number of minutes',
      'contracts[0].entitlements.tam.chat: must be an https:// link',
      'contracts[0].term.end: must not be before term.start (2026-12-31)',
      'contracts[0].calendar.timezone: unknown time zone "Mars/Olympus_Mons"',
      'contracts[1].term.start: must be a real date',
      'contracts[1].calendar.weekly.mon[0]: start 17:00 must be before end 09:00',
      'contracts[1].id: "acme-gold" is already the id of "Acme Widgets" (contracts[0])',
      'contracts[1].customer.domains[0]: "acme-widgets.example" is listed by both "Acme Widgets" (contracts[0]) and "Acme Widgets EU" (contracts[1])',
    ])
      expect(badLines.some((l) => l.startsWith(`${dir}/bad.json: ${expected}`)), expected).toBe(true);

    expect(badCsv!.code).toBe(1);
    expect(badCsv!.out).toContain(`${dir}/bad.csv: row 1, column "colour": is not a known column`);
    expect(badCsv!.out).toContain(`${dir}/bad.csv: row 2, column "sev1_first_response": "soon": expected a duration`);
    expect(badCsv!.out).toContain(`${dir}/bad.csv: row 3, column "hours": "weekdays 8-5"`);
    expect(badCsv!.out).toContain(`${dir}/bad.csv: row 4, column "id": "acme-gold" is already on row 2`);
    expect(badCsv!.out).toContain(`5 problems in ${dir}/bad.csv`);

    expect(syntax).toEqual({
      code: 1,
      out: `${dir}/syntax-error.json:5:26: JSON syntax error at line 5, column 26: trailing comma, found "}"\n1 problem in ${dir}/syntax-error.json\n`,
    });
    expect(missing!.code).toBe(2);
    expect(missing!.out).toContain('cannot read (ENOENT)');
  }, 60_000);
});
