// Options → Import & export → Reading rules: the rules in effect (policy and feed ones read-only), each
// local rule can be switched off or removed, and rules travel as files: a reading-rules file, or a
// contract file's `readingRules` (the contract export carries them too). Imports are validated and
// previewed before one atomic write; rules with the same id are replaced.
import { useEffect, useRef, useState } from 'preact/hooks';
import { parseContractsJson } from '../lib/contracts/json';
import { exportRulesJson, parseRulesJson, RULES_FORMAT, type MergedRule } from '../lib/rules/io';
import type { Rule } from '../lib/rules/model';
import type { StoredRules, RulesWriteResult } from '../lib/rules/store';
import type { Issue } from '../lib/rules/validate';
import { FIELD_LABEL } from '../lib/runtime/picker';

export interface RulesService {
  load(): Promise<StoredRules>;
  watch(cb: (v: StoredRules) => void): () => void;
  replace(next: readonly Rule[], expectedRevision: number): Promise<RulesWriteResult>;
  /** Rules from policy and feed, merged over the local ones (read-only here). */
  effective(): Promise<MergedRule[]>;
}

interface Props {
  rules: RulesService;
  download(fileName: string, mime: string, text: string): void;
  now(): Date;
}

type Preview = { ok: true; incoming: Rule[]; added: string[]; replaced: string[] } | { ok: false; errors: Issue[] };

/** A reading-rules file, or a contract file's readingRules. */
export function previewRulesImport(text: string, local: readonly Rule[]): Preview {
  const src = text.replace(/^\uFEFF/, '');
  let incoming: Rule[];
  if (/"format"\s*:\s*"sla-lens\/contracts"/.test(src)) {
    const r = parseContractsJson(src);
    if (!r.ok) return r;
    incoming = r.file.readingRules ?? [];
    if (!incoming.length) return { ok: false, errors: [{ path: '', message: 'This contract file carries no reading rules.' }] };
  } else {
    const r = parseRulesJson(src);
    if (!r.ok) return r;
    incoming = r.rules;
  }
  const ids = new Set(local.map((r) => r.id));
  return { ok: true, incoming, added: incoming.filter((r) => !ids.has(r.id)).map((r) => r.id), replaced: incoming.filter((r) => ids.has(r.id)).map((r) => r.id) };
}

/** The local list after an import: same ids replaced in place, new ones appended. */
export function mergeImported(local: readonly Rule[], incoming: readonly Rule[]): Rule[] {
  const byId = new Map(incoming.map((r) => [r.id, r]));
  const out = local.map((r) => byId.get(r.id) ?? r);
  for (const r of incoming) if (!local.some((x) => x.id === r.id)) out.push(r);
  return out;
}

const fieldsOf = (r: Rule) => Object.keys(r.fields).map((f) => FIELD_LABEL[f as keyof typeof FIELD_LABEL] ?? f).join(', ');

export function RulesPanel({ rules, download, now }: Props) {
  const [stored, setStored] = useState<StoredRules | null>(null);
  const [effective, setEffective] = useState<MergedRule[]>([]);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'bad'; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const refresh = () => {
      void rules.load().then(setStored);
      void rules.effective().then(setEffective, () => setEffective([]));
    };
    refresh();
    return rules.watch(refresh);
  }, [rules]);

  if (!stored) return <section class="card" aria-busy="true"><h2>Reading rules</h2><p>Loading…</p></section>;

  const write = async (next: Rule[], done: string) => {
    const r = await rules.replace(next, stored.revision);
    if (r.ok) setMessage({ kind: 'ok', text: done });
    else setMessage({ kind: 'bad', text: r.errors.map((e) => `${e.path}: ${e.message}`).slice(0, 5).join(' · ') });
    return r.ok;
  };
  const check = (t: string) => {
    setText(t);
    setMessage(null);
    setPreview(t.trim() ? previewRulesImport(t, stored.rules) : null);
  };
  const apply = async () => {
    if (!preview?.ok) return;
    if (await write(mergeImported(stored.rules, preview.incoming), `Imported ${preview.incoming.length} reading rule${preview.incoming.length === 1 ? '' : 's'}.`)) {
      setPreview(null);
      setText('');
    }
  };
  const others = effective.filter((r) => r.provenance !== 'local');

  return (
    <section class="card" aria-labelledby="rules-h" data-testid="rules-panel">
      <h2 id="rules-h">Reading rules</h2>
      <p class="muted">
        Where SLA Lens reads ticket fields on helpdesks it does not know, or in place of a built-in field. Make them with “Pick field” in the
        overlay’s diagnostics, or on a helpdesk you added under Helpdesk domains.
      </p>
      {stored.rules.length === 0 && others.length === 0 ? (
        <p data-testid="rules-empty">No reading rules yet.</p>
      ) : (
        <table class="rules" data-testid="rules-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Site</th>
              <th scope="col">Fields</th>
              <th scope="col">From</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {others.map((r) => (
              <tr key={`${r.provenance}:${r.id}`} data-rule={r.id}>
                <td>{r.label ?? r.id}</td>
                <td>{r.origin}{r.path && r.path !== '/**' ? r.path : ''}{r.adapter ? ` (${r.adapter})` : ''}</td>
                <td>{fieldsOf(r)}</td>
                <td>{r.provenance === 'managed' ? 'policy' : 'team feed'}</td>
                <td />
              </tr>
            ))}
            {stored.rules.map((r) => (
              <tr key={`local:${r.id}`} data-rule={r.id}>
                <td>{r.label ?? r.id}</td>
                <td>{r.origin}{r.path && r.path !== '/**' ? r.path : ''}{r.adapter ? ` (${r.adapter})` : ''}</td>
                <td>{fieldsOf(r)}</td>
                <td>{others.some((o) => o.id === r.id) ? 'yours (hidden by the same id above)' : 'yours'}{r.disabled ? ', off' : ''}</td>
                <td>
                  <button type="button" class="btn" onClick={() => void write(stored.rules.map((x) => (x.id === r.id ? { ...x, disabled: !x.disabled || undefined } : x)), `${r.disabled ? 'Switched on' : 'Switched off'}: ${r.label ?? r.id}.`)}>
                    {r.disabled ? 'Switch on' : 'Switch off'}
                  </button>{' '}
                  <button type="button" class="btn" onClick={() => void write(stored.rules.filter((x) => x.id !== r.id), `Removed: ${r.label ?? r.id}.`)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="row">
        <button type="button" class="btn" disabled={!stored.rules.length} data-testid="rules-export"
          onClick={() => download(`sla-lens-reading-rules-${now().toISOString().slice(0, 10)}.json`, 'application/json', exportRulesJson(stored.rules, now()))}>
          Export reading rules
        </button>
        <button type="button" class="btn" onClick={() => fileRef.current?.click()}>Import a file…</button>
        <input ref={fileRef} type="file" accept=".json,application/json" hidden
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void f.text().then(check);
          }} />
      </div>
      <label for="rules-import">Or paste a reading-rules file (<code>{RULES_FORMAT}</code>) or a contract file with <code>readingRules</code></label>
      <textarea id="rules-import" rows={4} value={text} data-testid="rules-import" onInput={(e) => check(e.currentTarget.value)} />
      {preview && !preview.ok && (
        <ul class="errors" data-testid="rules-import-errors">
          {preview.errors.slice(0, 20).map((e, i) => <li key={i}>{e.path ? `${e.path}: ` : ''}{e.message}</li>)}
        </ul>
      )}
      {preview?.ok && (
        <p data-testid="rules-import-preview">
          {preview.added.length} new, {preview.replaced.length} replaced{preview.replaced.length ? ` (${preview.replaced.join(', ')})` : ''}.{' '}
          <button type="button" class="btn primary" onClick={() => void apply()}>Apply</button>
        </p>
      )}
      {message && <p class={message.kind === 'ok' ? 'ok' : 'bad'} role="status" data-testid="rules-message">{message.text}</p>}
    </section>
  );
}
