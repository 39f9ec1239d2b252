import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportExport } from '../../components/options/ImportExport';
import { detectFormat, previewImport } from '../../components/options/import-model';
import type { Contract } from '../../lib/contracts/model';
import { validateContracts } from '../../lib/contracts/validate';
import { byText, click, mount, settle, type } from './options-dom';
import { makeContract } from './options-fixtures';

// Stored contracts are validated (normalised) sets; start from one.
const stored = (() => {
  const r = validateContracts([
    makeContract({ id: 'acme', customer: { name: 'Acme Corp', domains: ['acme.com'] } }),
    makeContract({ id: 'globex', customer: { name: 'Globex', domains: ['globex.de'] }, tier: 'Premium' }),
  ]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.contracts;
})();
const file = (contracts: unknown[]) => JSON.stringify({ format: 'sla-lens/contracts', version: 1, contracts });

describe('previewImport (JSON)', () => {
  it('merges by id: adds new contracts, lists changed fields, keeps the rest', () => {
    const changed = { ...stored[0]!, tier: 'Strategic' };
    const added = makeContract({ id: 'initech', customer: { name: 'Initech', domains: ['initech.io'] } });
    const p = previewImport(file([changed, added]), stored, { format: 'json', mode: 'merge' });
    expect(p.errors).toEqual([]);
    expect(p.diff?.added.map((c) => c.id)).toEqual(['initech']);
    expect(p.diff?.changed.map((c) => [c.after.id, c.fields])).toEqual([['acme', ['tier']]]);
    expect(p.diff?.removed).toEqual([]);
    expect(p.next?.map((c) => c.id)).toEqual(['acme', 'globex', 'initech']);
  });

  it('replace mode removes contracts missing from the file', () => {
    const p = previewImport(file([stored[1]]), stored, { format: 'json', mode: 'replace' });
    expect(p.diff?.removed.map((c) => c.id)).toEqual(['acme']);
    expect(p.diff?.unchanged.map((c) => c.id)).toEqual(['globex']);
  });

  it('reports JSON syntax errors with line and column', () => {
    const p = previewImport('{\n  "contracts": [,]\n}', stored, { format: 'json', mode: 'merge' });
    expect(p.next).toBeNull();
    expect(p.errors[0]).toMatchObject({ row: 'line 2', column: 'column 17' });
  });

  it('names the contract and field of each validation error', () => {
    const bad = makeContract({ id: 'bad', customer: { name: 'Bad Inc', domains: ['not a domain'] } });
    const p = previewImport(file([stored[0], bad]), stored, { format: 'json', mode: 'merge' });
    expect(p.next).toBeNull();
    expect(p.errors).toContainEqual({ row: 'contract 2 (Bad Inc)', column: 'customer.domains[0]', message: 'must be a domain like example.com' });
  });

  it('catches clashes with contracts already stored (a domain owned by another contract)', () => {
    const clash = makeContract({ id: 'acme-eu', customer: { name: 'Acme EU', domains: ['acme.com'] } });
    const p = previewImport(file([clash]), stored, { format: 'json', mode: 'merge' });
    expect(p.next).toBeNull();
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]!.row).toBe('contract 1 (Acme EU)');
    expect(p.errors[0]!.message).toMatch(/"acme.com" is listed by both "Acme Corp"/);
  });
});

describe('previewImport (CSV)', () => {
  const header = 'id,customer,tier,domains,term_start,term_end,timezone,hours,channels,sev1_first_response';
  it('merges rows onto stored contracts and previews the change', () => {
    const p = previewImport(`${header}\nglobex,Globex,Enterprise,globex.de,2025-01-01,2026-12-31,Europe/Berlin,mon-fri 09:00-18:00,email,30m 24x7\n`, stored, { format: 'csv', mode: 'merge' });
    expect(p.errors).toEqual([]);
    expect(p.read).toBe(1);
    expect(p.diff?.changed[0]?.after.id).toBe('globex');
    expect(p.diff?.changed[0]?.fields).toContain('tier');
    expect(p.next).toHaveLength(2);
  });

  it('reports errors by spreadsheet row and column', () => {
    const p = previewImport(`${header}\nnew,New Co,Standard,newco.io,2025-01-01,2026-13-01,Europe/Berlin,mon-fri 09:00-18:00,email,soon\n`, stored, { format: 'csv', mode: 'merge' });
    expect(p.next).toBeNull();
    expect(p.errors.map((e) => [e.row, e.column])).toEqual(expect.arrayContaining([['row 2', 'sev1_first_response'], ['row 2', 'term_end']]));
  });

  it('detects the format from the file name or the first character', () => {
    expect(detectFormat('{"contracts": []}')).toBe('json');
    expect(detectFormat('  [ ]')).toBe('json');
    expect(detectFormat('id,tier')).toBe('csv');
    expect(detectFormat('{', 'contracts.csv')).toBe('csv');
  });
});

describe('<ImportExport> preview before apply', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  function setup(revision = 3) {
    const onApply = vi.fn(async (_next: Contract[], _rev: number): Promise<string | null> => null);
    const m = mount(<ImportExport contracts={stored} revision={revision} busy={false} onApply={onApply} onUndo={() => {}} onExport={() => {}} />);
    unmount = m.unmount;
    return { ...m, onApply };
  }

  it('shows adds and changes, writes nothing until Apply, then applies the whole set once', async () => {
    const { root, onApply } = setup();
    const added = makeContract({ id: 'initech', customer: { name: 'Initech' } });
    type(root.querySelector('#imp-text'), file([{ ...stored[1]!, tier: 'Enterprise' }, added]));
    click(byText(root, 'button', 'Preview'));
    await settle();
    expect(root.querySelector('.preview .summary')?.textContent).toMatch(/1 to add, 1 to change, 0 to remove, 1 unchanged/);
    expect(byText(root, '.diff-list li', /Globex\s*tier/)).not.toBeNull();
    expect(onApply).not.toHaveBeenCalled();
    const apply = byText(root, 'button', 'Apply 2 changes') as HTMLButtonElement;
    expect(apply.disabled).toBe(false);
    click(apply);
    await settle(0);
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(onApply.mock.calls[0]![0].map((c) => c.id)).toEqual(['acme', 'globex', 'initech']);
    expect(onApply.mock.calls[0]![1]).toBe(3);
    expect(root.querySelector('.msg.ok')?.textContent).toBe('Applied: 1 added, 1 changed, 0 removed.');
  });

  it('lists errors as row / column / message and keeps Apply disabled', async () => {
    const { root, onApply } = setup();
    type(root.querySelector('#imp-text'), 'id,customer,tier\nx,,Gold\n');
    click(byText(root, 'button', 'Preview'));
    await settle();
    const cells = [...root.querySelectorAll('table.errors tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toContainEqual(['row 2', 'customer', 'is required']);
    expect(cells).toContainEqual(['row 2', 'term_start', 'is required']);
    expect((byText(root, '.preview button', 'Apply') as HTMLButtonElement).disabled).toBe(true);
    expect(onApply).not.toHaveBeenCalled();
  });
});
