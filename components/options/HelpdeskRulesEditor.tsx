// Per-helpdesk rules: which status labels pause the resolution clock, and which priority label is
// which severity. Edited as rows (helpdesk, value) and written back as records, keeping the rows as
// typed so renaming a helpdesk key mid-word does not merge or drop rows.
import { useEffect, useId, useState } from 'preact/hooks';
import { DEFAULT_PAUSING_STATUSES, DEFAULT_SEVERITY_MAP } from '../../lib/contracts/defaults';
import { SEVERITIES, type Severity } from '../../lib/contracts/model';
import { sameJson } from '../../lib/contracts/diff';
import { getAt } from './draft';
import { FieldErrors, splitList, useEditor } from './fields';
import { SEV_LABEL } from './TargetsEditor';

const HELPDESKS = [...new Set(['*', ...Object.keys(DEFAULT_PAUSING_STATUSES), ...Object.keys(DEFAULT_SEVERITY_MAP)])];

/** Local rows mirror a record in the draft; outside changes (undo, reload) replace the rows. */
function useRows<R>(fromRecord: () => R[], toRecord: (rows: R[]) => unknown, current: unknown): [R[], (rows: R[]) => R[]] {
  const [rows, setRows] = useState<R[]>(fromRecord);
  useEffect(() => {
    if (!sameJson(toRecord(rows), current)) setRows(fromRecord());
  }, [JSON.stringify(current ?? null)]);
  return [rows, (next) => (setRows(next), next)];
}

function errorsUnder(errors: ReadonlyMap<string, string[]>, prefix: string): string[] {
  const out: string[] = [];
  for (const [k, msgs] of errors) if (k === prefix || k.startsWith(`${prefix}[`) || k.startsWith(`${prefix}.`)) {
    const where = k.slice(prefix.length).replace(/^\[("?)(.*?)\1\]/, '$2 ').replace(/\[(\d+)\]/g, ' item $1').trim();
    for (const m of msgs) out.push(where ? `${where}: ${m}` : m);
  }
  return out;
}

export function PausingEditor() {
  const { draft, update, errors, readOnly } = useEditor();
  const listId = useId();
  const current = getAt(draft, ['pausingStatuses']) as Record<string, string[]> | undefined;
  type Row = { helpdesk: string; statuses: string };
  const toRecord = (rows: Row[]) => {
    const rec: Record<string, string[]> = {};
    for (const r of rows) if (r.helpdesk.trim()) rec[r.helpdesk.trim()] = [...(rec[r.helpdesk.trim()] ?? []), ...splitList(r.statuses)];
    return Object.keys(rec).length ? rec : undefined;
  };
  const [rows, setRows] = useRows<Row>(() => Object.entries(current ?? {}).map(([helpdesk, s]) => ({ helpdesk, statuses: s.join(', ') })), toRecord, current);
  const commit = (next: Row[]) => update(['pausingStatuses'], toRecord(setRows(next)));
  return (
    <div class="rules">
      <p class="section-desc">
        Statuses listed here replace the built-in ones for that helpdesk ("*" = every helpdesk). A trailing * matches the start of a
        label ("awaiting*"). Built-in: {Object.entries(DEFAULT_PAUSING_STATUSES).slice(0, 4).map(([k, v]) => `${k}: ${v.join(', ')}`).join(' · ')} …
      </p>
      <datalist id={listId}>
        {HELPDESKS.map((h) => (
          <option key={h} value={h} />
        ))}
      </datalist>
      <table class="rule-table">
        <thead>
          <tr>
            <th scope="col">Helpdesk</th>
            <th scope="col">Pausing statuses (comma separated)</th>
            <th scope="col"><span class="sr-only">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input list={listId} value={r.helpdesk} readOnly={readOnly} aria-label={`Helpdesk of pausing rule ${i + 1}`}
                  onInput={(e) => commit(rows.map((x, k) => (k === i ? { ...x, helpdesk: e.currentTarget.value } : x)))} />
              </td>
              <td>
                <input class="grow" value={r.statuses} readOnly={readOnly} aria-label={`Pausing statuses for ${r.helpdesk || `rule ${i + 1}`}`}
                  placeholder={DEFAULT_PAUSING_STATUSES[r.helpdesk]?.join(', ') ?? 'pending, on hold'}
                  onInput={(e) => commit(rows.map((x, k) => (k === i ? { ...x, statuses: e.currentTarget.value } : x)))} />
              </td>
              <td>
                <button type="button" class="icon-btn" disabled={readOnly} aria-label={`Remove pausing rule ${i + 1}`} onClick={() => commit(rows.filter((_, k) => k !== i))}>×</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="btn small ghost" disabled={readOnly} onClick={() => setRows([...rows, { helpdesk: rows.length ? '' : '*', statuses: '' }])}>+ pausing rule</button>
      <FieldErrors id="err-pausing" messages={errorsUnder(errors, 'pausingStatuses')} />
    </div>
  );
}

export function SeverityMapEditor() {
  const { draft, update, errors, readOnly } = useEditor();
  const listId = useId();
  const current = getAt(draft, ['severityMap']) as Record<string, Record<string, Severity>> | undefined;
  type Row = { helpdesk: string; label: string; severity: Severity };
  const toRecord = (rows: Row[]) => {
    const rec: Record<string, Record<string, Severity>> = {};
    for (const r of rows) {
      const hd = r.helpdesk.trim();
      if (!hd || !r.label.trim()) continue;
      rec[hd] = { ...(rec[hd] ?? {}), [r.label.trim()]: r.severity };
    }
    return Object.keys(rec).length ? rec : undefined;
  };
  const [rows, setRows] = useRows<Row>(
    () => Object.entries(current ?? {}).flatMap(([helpdesk, m]) => Object.entries(m).map(([label, severity]) => ({ helpdesk, label, severity }))),
    toRecord,
    current,
  );
  const commit = (next: Row[]) => update(['severityMap'], toRecord(setRows(next)));
  return (
    <div class="rules">
      <p class="section-desc">
        Maps a helpdesk's priority label to a severity; overrides the built-in map (urgent/critical → Sev 1, high → Sev 2, normal/medium → Sev 3,
        low → Sev 4, and P1…P4).
      </p>
      <datalist id={listId}>
        {HELPDESKS.map((h) => (
          <option key={h} value={h} />
        ))}
      </datalist>
      <table class="rule-table">
        <thead>
          <tr>
            <th scope="col">Helpdesk</th>
            <th scope="col">Priority label</th>
            <th scope="col">Severity</th>
            <th scope="col"><span class="sr-only">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input list={listId} value={r.helpdesk} readOnly={readOnly} aria-label={`Helpdesk of severity rule ${i + 1}`}
                  onInput={(e) => commit(rows.map((x, k) => (k === i ? { ...x, helpdesk: e.currentTarget.value } : x)))} />
              </td>
              <td>
                <input value={r.label} readOnly={readOnly} aria-label={`Priority label of severity rule ${i + 1}`} placeholder="Urgent"
                  onInput={(e) => commit(rows.map((x, k) => (k === i ? { ...x, label: e.currentTarget.value } : x)))} />
              </td>
              <td>
                <select value={r.severity} disabled={readOnly} aria-label={`Severity of rule ${i + 1}`}
                  onChange={(e) => commit(rows.map((x, k) => (k === i ? { ...x, severity: e.currentTarget.value as Severity } : x)))}>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>{SEV_LABEL[s]}</option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" class="icon-btn" disabled={readOnly} aria-label={`Remove severity rule ${i + 1}`} onClick={() => commit(rows.filter((_, k) => k !== i))}>×</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="btn small ghost" disabled={readOnly} onClick={() => setRows([...rows, { helpdesk: '*', label: '', severity: 'sev3' }])}>+ severity rule</button>
      <FieldErrors id="err-sevmap" messages={errorsUnder(errors, 'severityMap')} />
    </div>
  );
}
