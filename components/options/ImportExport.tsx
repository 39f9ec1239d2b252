// Import (file or paste) with a preview of adds, changes and errors before anything is written;
// Apply is one atomic replace; Undo restores the set before the last change. Export JSON / CSV.
import { useMemo, useRef, useState } from 'preact/hooks';
import type { Contract } from '../../lib/contracts/model';
import { changeCount, detectFormat, previewImport, type ImportFormat, type ImportMode, type ImportPreview } from './import-model';

export interface ImportExportProps {
  contracts: readonly Contract[];
  revision: number;
  busy: boolean;
  onApply: (next: Contract[], basedOnRevision: number) => Promise<string | null>;
  onUndo: () => void;
  onExport: (format: ImportFormat) => void;
}

const MAX_LISTED = 50;

export function ImportExport(props: ImportExportProps) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [format, setFormat] = useState<'auto' | ImportFormat>('auto');
  const [mode, setMode] = useState<ImportMode>('merge');
  const [preview, setPreview] = useState<(ImportPreview & { basedOn: number; mode: ImportMode }) | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'bad'; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const effective: ImportFormat = format === 'auto' ? detectFormat(text, fileName) : format;
  // The preview goes stale when the stored set changes underneath it (another tab, a feed).
  const stale = preview !== null && preview.basedOn !== props.revision;

  const [checking, setChecking] = useState(false);
  const run = (t = text, f: ImportFormat = effective, m = mode) => {
    setMessage(null);
    setChecking(true);
    const revision = props.revision;
    // Validating thousands of contracts takes a moment: let the "Checking…" state paint first.
    setTimeout(() => {
      setPreview({ ...previewImport(t, props.contracts, { format: f, mode: m }), basedOn: revision, mode: m });
      setChecking(false);
    }, 20);
  };

  const onFile = async (file: File) => {
    const t = await file.text();
    setText(t);
    setFileName(file.name);
    run(t, format === 'auto' ? detectFormat(t, file.name) : format);
  };

  const apply = async () => {
    if (!preview?.next) return;
    const error = await props.onApply(preview.next, preview.basedOn);
    if (error) setMessage({ kind: 'bad', text: error });
    else {
      setMessage({ kind: 'ok', text: `Applied: ${describe(preview)}.` });
      setPreview(null);
      setText('');
      setFileName(undefined);
    }
  };

  return (
    <div class="import-export">
      <section aria-labelledby="imp-h" class="panel">
        <h2 id="imp-h">Import contracts</h2>
        <p class="section-desc">
          JSON (the export format, a list of contracts, or <code>{'{"contracts": […]}'}</code>) or CSV (one row per contract, merged onto
          existing contracts by id). Nothing is written until you apply the preview.
        </p>
        <div class="inline-form">
          <button type="button" class="btn" onClick={() => fileRef.current?.click()}>Choose file…</button>
          <input ref={fileRef} hidden type="file" accept=".json,.csv,application/json,text/csv" aria-label="Contracts file"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void onFile(f);
              e.currentTarget.value = '';
            }} />
          {fileName && <span class="muted">{fileName}</span>}
          <span class="spacer" />
          <label for="imp-format">Format</label>
          <select id="imp-format" value={format}
            onChange={(e) => {
              const f = e.currentTarget.value as 'auto' | ImportFormat;
              setFormat(f);
              if (preview) run(text, f === 'auto' ? detectFormat(text, fileName) : f);
            }}>
            <option value="auto">Detect ({effective.toUpperCase()})</option>
            <option value="json">JSON</option>
            <option value="csv">CSV</option>
          </select>
          <fieldset class="radios">
            <legend class="sr-only">Import mode</legend>
            <label class="check">
              <input type="radio" name="imp-mode" checked={mode === 'merge'} onChange={() => (setMode('merge'), preview && run(text, effective, 'merge'))} /> Merge (add and update by id)
            </label>
            <label class="check">
              <input type="radio" name="imp-mode" checked={mode === 'replace'} onChange={() => (setMode('replace'), preview && run(text, effective, 'replace'))} /> Replace all
            </label>
          </fieldset>
        </div>
        <label for="imp-text" class="block-label">…or paste</label>
        <textarea id="imp-text" class="code" rows={8} value={text} spellcheck={false}
          placeholder='{"format": "sla-lens/contracts", "version": 1, "contracts": [ … ]}'
          onInput={(e) => {
            setText(e.currentTarget.value);
            setFileName(undefined);
            setPreview(null);
          }} />
        <div class="inline-form">
          <button type="button" class="btn primary" disabled={text.trim() === '' || checking} onClick={() => run()}>Preview</button>
          {checking && <span class="muted" role="status">Checking against {props.contracts.length.toLocaleString()} contracts…</span>}
          {message && (
            <p class={`msg ${message.kind}`} role={message.kind === 'bad' ? 'alert' : 'status'}>{message.text}</p>
          )}
        </div>
        {preview && (
          <Preview preview={preview} stale={stale} busy={props.busy} onApply={apply} onRefresh={() => run()}
            onCancel={() => setPreview(null)} />
        )}
      </section>

      <section aria-labelledby="undo-h" class="panel">
        <h2 id="undo-h">Undo</h2>
        <p class="section-desc">Restores the contracts as they were before the last change (save, import or undo). Undoing twice redoes.</p>
        <button type="button" class="btn" disabled={props.busy} onClick={props.onUndo}>Undo last change</button>
      </section>

      <section aria-labelledby="exp-h" class="panel">
        <h2 id="exp-h">Export</h2>
        <p class="section-desc">
          JSON keeps everything. CSV holds the flat fields (identity, term, hours, targets, TAM); escalation matrices and helpdesk rules
          are JSON-only.
        </p>
        <div class="inline-form">
          <button type="button" class="btn" disabled={props.contracts.length === 0} onClick={() => props.onExport('json')}>Export JSON</button>
          <button type="button" class="btn" disabled={props.contracts.length === 0} onClick={() => props.onExport('csv')}>Export CSV</button>
          <span class="muted">{props.contracts.length.toLocaleString()} contracts</span>
        </div>
      </section>
    </div>
  );
}

function describe(p: ImportPreview): string {
  const d = p.diff;
  if (!d) return 'nothing';
  return `${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed`;
}

export function Preview(props: {
  preview: ImportPreview & { mode: ImportMode };
  stale: boolean;
  busy: boolean;
  onApply: () => void;
  onRefresh: () => void;
  onCancel: () => void;
}) {
  const { preview: p } = props;
  const d = p.diff;
  const n = changeCount(d);
  const errors = useMemo(() => p.errors.slice(0, 500), [p.errors]);
  return (
    <div class="preview" role="region" aria-label="Import preview">
      <h3>Preview</h3>
      {p.errors.length > 0 ? (
        <>
          <p class="msg bad" role="alert">
            {p.errors.length} {p.errors.length === 1 ? 'error' : 'errors'} in the {p.format.toUpperCase()}: nothing can be imported until {p.errors.length === 1 ? 'it is' : 'they are'} fixed.
          </p>
          <table class="errors">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.row || '—'}</td>
                  <td><code>{e.column || '—'}</code></td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.errors.length > errors.length && <p class="muted">…and {p.errors.length - errors.length} more.</p>}
        </>
      ) : d ? (
        <>
          <p class="summary" role="status">
            Read {p.read} {p.format === 'csv' ? 'rows' : 'contracts'}: <b class="add">{d.added.length} to add</b>, <b class="chg">{d.changed.length} to change</b>,{' '}
            <b class={d.removed.length ? 'del' : ''}>{d.removed.length} to remove</b>, {d.unchanged.length} unchanged.
          </p>
          {d.added.length > 0 && (
            <details open={d.added.length <= 10}>
              <summary>Added ({d.added.length})</summary>
              <ul class="diff-list">
                {d.added.slice(0, MAX_LISTED).map((c) => (
                  <li key={c.id}><b>{c.customer.name}</b> <span class="muted">{c.id} · {c.tier}</span></li>
                ))}
                {d.added.length > MAX_LISTED && <li class="muted">…and {d.added.length - MAX_LISTED} more</li>}
              </ul>
            </details>
          )}
          {d.changed.length > 0 && (
            <details open={d.changed.length <= 10}>
              <summary>Changed ({d.changed.length})</summary>
              <ul class="diff-list">
                {d.changed.slice(0, MAX_LISTED).map((c) => (
                  <li key={c.after.id}><b>{c.after.customer.name}</b> <span class="muted">{c.fields.join(', ')}</span></li>
                ))}
                {d.changed.length > MAX_LISTED && <li class="muted">…and {d.changed.length - MAX_LISTED} more</li>}
              </ul>
            </details>
          )}
          {d.removed.length > 0 && (
            <details open>
              <summary>Removed ({d.removed.length})</summary>
              <ul class="diff-list">
                {d.removed.slice(0, MAX_LISTED).map((c) => (
                  <li key={c.id}><b>{c.customer.name}</b> <span class="muted">{c.id}</span></li>
                ))}
                {d.removed.length > MAX_LISTED && <li class="muted">…and {d.removed.length - MAX_LISTED} more</li>}
              </ul>
            </details>
          )}
        </>
      ) : null}
      {props.stale && (
        <p class="msg warn" role="alert">
          The contracts changed in another tab or by a feed since this preview. <button type="button" class="btn small" onClick={props.onRefresh}>Preview again</button>
        </p>
      )}
      <div class="inline-form">
        <button type="button" class="btn primary" disabled={p.errors.length > 0 || n === 0 || props.stale || props.busy} onClick={props.onApply}>
          {p.errors.length > 0 ? 'Apply' : n === 0 ? 'Nothing to apply' : `Apply ${n} ${n === 1 ? 'change' : 'changes'}`}
        </button>
        <button type="button" class="btn ghost" onClick={props.onCancel}>Discard preview</button>
      </div>
    </div>
  );
}
