// Targets per severity as a matrix: rows = severities, columns = first response / update cadence /
// resolution; each cell holds the contractual target and, beside it, the stricter internal one.
import { useEffect, useState } from 'preact/hooks';
import { businessDayMinutes } from '../../lib/contracts/csv';
import { SEVERITIES, TARGET_KINDS, type ClockBasis, type Severity, type Target, type TargetKind } from '../../lib/contracts/model';
import { bestUnit, fromUnit, getAt, messagesFor, toUnit, type TargetUnit } from './draft';
import { FieldErrors, NumberInput, useEditor } from './fields';

export const SEV_LABEL: Record<Severity, string> = { sev1: 'Sev 1', sev2: 'Sev 2', sev3: 'Sev 3', sev4: 'Sev 4' };
export const KIND_LABEL: Record<TargetKind, string> = { firstResponse: 'First response', updateCadence: 'Update cadence', resolution: 'Resolution' };

export function TargetsEditor() {
  const { draft } = useEditor();
  const bd = businessDayMinutes(draft.calendar?.weekly);
  return (
    <div class="targets">
      <table class="matrix">
        <caption class="sr-only">Targets per severity; internal targets are private and stricter</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            {TARGET_KINDS.map((k) => (
              <th scope="col" key={k}>{KIND_LABEL[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((sev) => (
            <tr key={sev}>
              <th scope="row">{SEV_LABEL[sev]}</th>
              {TARGET_KINDS.map((kind) => (
                <td key={kind}>
                  <TargetCell root="targets" sev={sev} kind={kind} bd={bd} />
                  <TargetCell root="internalTargets" sev={sev} kind={kind} bd={bd} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">
        Empty = no target. "bd" = business days of {Math.round((bd / 60) * 10) / 10} h (this calendar's usual day). Business targets count only
        coverage hours; 24×7 targets count every minute. Internal targets are shown to agents beside the contractual ones.
      </p>
    </div>
  );
}

function TargetCell({ root, sev, kind, bd }: { root: 'targets' | 'internalTargets'; sev: Severity; kind: TargetKind; bd: number }) {
  const { draft, update, errors, readOnly } = useEditor();
  const path = [root, sev, kind] as const;
  const target = getAt(draft, path) as Target | undefined;
  const [unit, setUnit] = useState<TargetUnit>(bestUnit(target, bd));
  // A business-day unit makes no sense once the target counts 24x7.
  useEffect(() => {
    if (unit === 'bd' && target?.basis === '24x7') setUnit('h');
  }, [target?.basis]);
  const internal = root === 'internalTargets';
  const name = `${SEV_LABEL[sev]} ${KIND_LABEL[kind].toLowerCase()}${internal ? ', internal' : ''}`;
  const key = `${root}.${sev}.${kind}`;
  const msgs = messagesFor(errors, key, { deep: true });
  const minutes = target?.minutes;
  const shown = typeof minutes === 'number' ? toUnit(minutes, unit, bd) : minutes;
  const basis: ClockBasis = target?.basis ?? (sev === 'sev1' ? '24x7' : 'business');
  const set = (m: number | string | undefined, b: ClockBasis) => {
    if (m === undefined) return update(path, undefined);
    update(path, { minutes: typeof m === 'number' ? fromUnit(m, unit, bd) : m, basis: b });
  };
  const errId = `err-${key}`;
  return (
    <div class={`target${internal ? ' internal' : ''}${msgs.length ? ' invalid' : ''}`}>
      <span class="tag" aria-hidden="true">{internal ? 'internal' : 'contract'}</span>
      <NumberInput class="num" value={shown} readOnly={readOnly} label={`${name}: amount`} invalid={msgs.length > 0}
        describedBy={msgs.length ? errId : undefined} placeholder="—" onChange={(v) => set(v, basis)} />
      <select aria-label={`${name}: unit`} value={unit} disabled={readOnly}
        onChange={(e) => {
          const u = e.currentTarget.value as TargetUnit;
          setUnit(u);
          // Keep the number, change its meaning: "4" hours → "4" business days is what someone switching units means.
          if (typeof shown === 'number') update(path, { minutes: fromUnit(shown, u, bd), basis: u === 'bd' ? 'business' : basis });
        }}>
        <option value="min">min</option>
        <option value="h">h</option>
        <option value="bd">bd</option>
      </select>
      <select aria-label={`${name}: clock`} value={basis} disabled={readOnly || minutes === undefined}
        onChange={(e) => set(typeof shown === 'number' || typeof shown === 'string' ? shown : undefined, e.currentTarget.value as ClockBasis)}>
        <option value="business">business</option>
        <option value="24x7">24×7</option>
      </select>
      <FieldErrors id={errId} messages={msgs} />
    </div>
  );
}
