// Escalation matrix: ordered levels, each with severities, a trigger and contacts.
import { SEVERITIES, TARGET_KINDS, type EscalationLevel, type EscalationTrigger } from '../../lib/contracts/model';
import { ContactFields } from './ContactEditor';
import { getAt, messagesFor } from './draft';
import { FieldErrors, GroupErrors, NumberInput, TextField, useEditor } from './fields';
import { KIND_LABEL, SEV_LABEL } from './TargetsEditor';

const NEXT_NAMES = ['Tier 1', 'Tier 2', 'Tier 3', 'Management', 'Executive'];

export function EscalationEditor() {
  const { draft, update, readOnly } = useEditor();
  const levels = (getAt(draft, ['escalation']) ?? []) as EscalationLevel[];
  const set = (next: EscalationLevel[]) => update(['escalation'], next.length ? next : undefined);
  const move = (i: number, d: -1 | 1) => {
    const next = [...levels];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    set(next);
  };
  return (
    <div class="escalation-editor">
      {levels.length === 0 && <p class="muted">No escalation levels.</p>}
      <ol class="levels">
        {levels.map((level, i) => (
          <li key={i} class="level">
            <div class="level-head">
              <strong>Level {i + 1}</strong>
              <span class="spacer" />
              <button type="button" class="btn small ghost" disabled={readOnly || i === 0} aria-label={`Move level ${i + 1} up`} onClick={() => move(i, -1)}>↑</button>
              <button type="button" class="btn small ghost" disabled={readOnly || i === levels.length - 1} aria-label={`Move level ${i + 1} down`} onClick={() => move(i, 1)}>↓</button>
              <button type="button" class="btn small danger" disabled={readOnly} onClick={() => set(levels.filter((_, k) => k !== i))}>Remove level</button>
            </div>
            <Level index={i} level={level} />
          </li>
        ))}
      </ol>
      <button type="button" class="btn" disabled={readOnly}
        onClick={() => set([...levels, { name: NEXT_NAMES[levels.length] ?? `Level ${levels.length + 1}`, severities: ['sev1', 'sev2'], trigger: { type: 'percent', percent: 75 }, contacts: [{ name: '' }] }])}>
        + Add level
      </button>
      <GroupErrors path={['escalation']} />
    </div>
  );
}

function Level({ index, level }: { index: number; level: EscalationLevel }) {
  const { update, errors, readOnly } = useEditor();
  const base = ['escalation', index] as const;
  const trigger = level.trigger ?? { type: 'breach' };
  const setTrigger = (t: EscalationTrigger) => update([...base, 'trigger'], t);
  const sevMsgs = messagesFor(errors, `escalation[${index}].severities`, { deep: true });
  const trigMsgs = messagesFor(errors, `escalation[${index}].trigger`, { deep: true });
  const contacts = level.contacts ?? [];
  return (
    <div class="level-body">
      <div class="row">
        <TextField path={[...base, 'name']} label="Name" placeholder="Tier 2" />
        <fieldset class="field checks">
          <legend>Severities</legend>
          {SEVERITIES.map((s) => (
            <label key={s} class="check">
              <input type="checkbox" checked={(level.severities ?? []).includes(s)} disabled={readOnly}
                onChange={(e) => update([...base, 'severities'], e.currentTarget.checked ? SEVERITIES.filter((x) => x === s || level.severities?.includes(x)) : (level.severities ?? []).filter((x) => x !== s))} />
              {SEV_LABEL[s]}
            </label>
          ))}
          <FieldErrors id={`err-esc-${index}-sev`} messages={sevMsgs} />
        </fieldset>
        <fieldset class="field trigger">
          <legend>Trigger</legend>
          <div class="inline-form">
            <select aria-label={`Level ${index + 1} trigger`} value={trigger.type} disabled={readOnly}
              onChange={(e) => {
                const t = e.currentTarget.value;
                setTrigger(t === 'percent' ? { type: 'percent', percent: 75 } : t === 'minutes' ? { type: 'minutes', minutes: 60 } : { type: 'breach' });
              }}>
              <option value="percent">at % of a target</option>
              <option value="minutes">after minutes</option>
              <option value="breach">on breach</option>
            </select>
            {trigger.type === 'percent' && (
              <>
                <NumberInput class="num" value={trigger.percent} label={`Level ${index + 1} percent`} readOnly={readOnly}
                  onChange={(v) => setTrigger({ ...trigger, percent: v as number })} />
                <span>% of</span>
                <select aria-label={`Level ${index + 1} target`} value={trigger.target ?? 'resolution'} disabled={readOnly}
                  onChange={(e) => setTrigger({ ...trigger, target: e.currentTarget.value as (typeof TARGET_KINDS)[number] })}>
                  {TARGET_KINDS.map((k) => (
                    <option key={k} value={k}>{KIND_LABEL[k].toLowerCase()}</option>
                  ))}
                </select>
              </>
            )}
            {trigger.type === 'minutes' && (
              <>
                <NumberInput class="num" value={trigger.minutes} label={`Level ${index + 1} minutes`} readOnly={readOnly}
                  onChange={(v) => setTrigger({ type: 'minutes', minutes: v as number })} />
                <span>minutes after creation</span>
              </>
            )}
          </div>
          <FieldErrors id={`err-esc-${index}-trig`} messages={trigMsgs} />
        </fieldset>
      </div>
      <h4>Contacts</h4>
      {contacts.map((_, k) => (
        <div class="contact-row" key={k}>
          <ContactFields path={[...base, 'contacts', k]} withSide />
          <button type="button" class="icon-btn" disabled={readOnly} aria-label={`Remove contact ${k + 1} of level ${index + 1}`}
            onClick={() => update([...base, 'contacts'], contacts.filter((__, j) => j !== k))}>×</button>
        </div>
      ))}
      <GroupErrors path={[...base, 'contacts']} />
      <button type="button" class="btn small ghost" disabled={readOnly} onClick={() => update([...base, 'contacts'], [...contacts, { name: '', side: 'internal' }])}>
        + contact
      </button>
    </div>
  );
}
