// Options → Import & export → Reading rules (components/RulesPanel.tsx): rules in effect with where they
// come from, import from a rules file or a contract file's readingRules (validated, previewed, one write),
// export, switch off and remove.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportContractsJson } from '../../lib/contracts/json';
import { exportRulesJson, type MergedRule } from '../../lib/rules/io';
import type { Rule } from '../../lib/rules/model';
import type { StoredRules } from '../../lib/rules/store';
import { RulesPanel, mergeImported, previewRulesImport, type RulesService } from '../../components/RulesPanel';
import { click, mount, type } from './options-dom';
import { acmeRule } from './rules-helpers';
import { sampleContracts } from './watch-fixtures';

const now = new Date('2026-11-20T10:00:00Z');
const zd: Rule = { id: 'zd-sev', origin: 'https://acme.zendesk.com', adapter: 'zendesk', fields: { priority: { selector: '#sev' } } };
const policyRule: MergedRule = { ...acmeRule, id: 'policy-acme', label: 'Acme (IT policy)', provenance: 'managed' };

function service(initial: Rule[]) {
  let value: StoredRules = { rules: initial, revision: 3, updatedAt: null };
  const watchers: ((v: StoredRules) => void)[] = [];
  const svc: RulesService = {
    load: async () => value,
    watch: (cb) => (watchers.push(cb), () => {}),
    replace: vi.fn(async (next: readonly Rule[], rev: number) => {
      if (rev !== value.revision) return { ok: false as const, errors: [{ path: '', message: 'conflict' }], conflict: true as const };
      value = { rules: [...next], revision: rev + 1, updatedAt: now.toISOString() };
      watchers.forEach((w) => w(value));
      return { ok: true as const, revision: value.revision, rules: value.rules };
    }),
    effective: async () => [policyRule, ...value.rules.map((r) => ({ ...r, provenance: 'local' as const }))],
  };
  return svc;
}

const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));
let unmount: (() => void) | null = null;
afterEach(() => unmount?.());

describe('reading-rules import', () => {
  it('reads a rules file, a bare list and a contract file’s readingRules', () => {
    expect(previewRulesImport(exportRulesJson([acmeRule], now), [])).toEqual({ ok: true, incoming: [acmeRule], added: ['acme-desk'], replaced: [] });
    expect(previewRulesImport(JSON.stringify([zd]), [zd])).toEqual(expect.objectContaining({ ok: true, added: [], replaced: ['zd-sev'] }));
    const withRules = exportContractsJson(sampleContracts.slice(0, 1), now, [acmeRule, zd]);
    expect(previewRulesImport(withRules, [])).toEqual(expect.objectContaining({ ok: true, added: ['acme-desk', 'zd-sev'] }));
    const without = previewRulesImport(exportContractsJson(sampleContracts.slice(0, 1), now), []);
    expect(without.ok).toBe(false);
  });
  it('reports invalid rules with their paths, and JSON syntax errors with line and column', () => {
    const bad = previewRulesImport(JSON.stringify([{ ...acmeRule, origin: 'desk.acme' }]), []);
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['rules[0].origin']);
    const syntax = previewRulesImport('{"format": "sla-lens/reading-rules", "rules": [', []);
    expect(syntax.ok ? null : syntax.errors[0]?.line).toBe(1);
  });
  it('replaces same ids in place and appends new ones', () => {
    expect(mergeImported([acmeRule, zd], [{ ...zd, label: 'new' }, { ...acmeRule, id: 'x' }]).map((r) => [r.id, r.label])).toEqual([
      ['acme-desk', 'Acme Desk'], ['zd-sev', 'new'], ['x', 'Acme Desk'],
    ]);
  });
});

describe('the reading-rules panel', () => {
  it('lists policy and local rules, imports a contract file’s rules in one write, exports, switches off and removes', async () => {
    const svc = service([zd]);
    const download = vi.fn();
    const m = mount(<RulesPanel rules={svc} download={download} now={() => now} />);
    unmount = m.unmount;
    await settle();
    const rows = () => Array.from(m.root.querySelectorAll('[data-testid="rules-table"] tbody tr')).map((tr) => tr.textContent);
    expect(rows()).toEqual([expect.stringContaining('policy'), expect.stringContaining('yours')]);
    expect(rows()[0]).toContain('Acme (IT policy)');

    type(m.root.querySelector('[data-testid="rules-import"]'), exportContractsJson(sampleContracts.slice(0, 1), now, [acmeRule]));
    expect(m.root.querySelector('[data-testid="rules-import-preview"]')?.textContent).toContain('1 new, 0 replaced');
    click(Array.from(m.root.querySelectorAll('button')).find((b) => b.textContent === 'Apply') ?? null);
    await settle();
    expect(svc.replace).toHaveBeenCalledWith([zd, acmeRule], 3);
    expect(m.root.querySelector('[data-testid="rules-message"]')?.textContent).toBe('Imported 1 reading rule.');

    click(m.root.querySelector('[data-testid="rules-export"]'));
    expect(download).toHaveBeenCalledWith('sla-lens-reading-rules-2026-11-20.json', 'application/json', exportRulesJson([zd, acmeRule], now));

    const rowOf = (id: string) => m.root.querySelector(`tr[data-rule="${id}"]:last-child, tbody tr[data-rule="${id}"]`);
    const btn = (id: string, label: string) => Array.from(rowOf(id)?.querySelectorAll('button') ?? []).find((b) => b.textContent === label) ?? null;
    click(btn('zd-sev', 'Switch off'));
    await settle();
    expect(vi.mocked(svc.replace).mock.calls.at(-1)![0]).toEqual([{ ...zd, disabled: true }, acmeRule]);
    click(btn('zd-sev', 'Switch on'));
    await settle();
    expect(vi.mocked(svc.replace).mock.calls.at(-1)![0]).toEqual([zd, acmeRule]);
    click(btn('zd-sev', 'Remove'));
    await settle();
    expect(vi.mocked(svc.replace).mock.calls.at(-1)![0]).toEqual([acmeRule]);
  });
});
