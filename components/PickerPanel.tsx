// The field picker in the helpdesk page (lib/runtime/picker-kit.tsx owns the state and the page
// interaction): a transparent layer that takes the pointer, the highlight box, and the panel where the
// agent chooses the field, sees the value read now and the proposed selector, and saves the rule.
import { useEffect, useRef } from 'preact/hooks';
import { isDateField } from '../lib/rules/model';
import type { Box, PickerActions, PickerModel } from '../lib/runtime/picker-kit';
import { FIELD_LABEL, PICKER_FIELDS } from '../lib/runtime/picker';

export interface LayerEvents {
  onPointerMove(e: PointerEvent): void;
  onClick(e: MouseEvent): void;
  onKeyDown(e: KeyboardEvent): void;
}

interface Props {
  model: PickerModel;
  actions: PickerActions;
  layer: LayerEvents;
}

const px = (n: number) => `${Math.round(n)}px`;

function Highlight({ box, kind }: { box: Box; kind: 'hover' | 'chosen' }) {
  return (
    <div class={`slp-box slp-box-${kind}`} data-testid={`slp-box-${kind}`} style={{ left: px(box.x), top: px(box.y), width: px(box.w), height: px(box.h) }}>
      {/* Above the box, or inside it when the box touches the top of the viewport. */}
      <span class="slp-box-label" style={box.y < 22 ? { top: '0px', left: '0px' } : undefined}>
        {box.label}
      </span>
    </div>
  );
}

export function PickerView({ model, actions, layer }: Props) {
  const fieldRef = useRef<HTMLSelectElement>(null);
  // Keyboard users start in the panel: choose the field, then Tab to the page layer and walk it with arrows.
  useEffect(() => fieldRef.current?.focus(), []);
  const p = model.preview;
  const canSave = model.phase === 'chosen' && !!p && !model.inputProblem && p.count === 1 && p.value !== undefined && !model.busy;
  const date = isDateField(model.field);
  const onInput = (set: (s: string) => void) => (e: Event) => set((e.currentTarget as HTMLInputElement).value);
  return (
    <div class="slp-root" data-testid="slp-root" data-phase={model.phase}>
      <div
        class="slp-layer"
        data-testid="slp-layer"
        tabIndex={0}
        role="application"
        aria-label="Page elements. Arrow keys move the highlight (up: the enclosing element), Enter chooses it, Escape closes the picker."
        onPointerMove={layer.onPointerMove}
        onClick={layer.onClick}
        onKeyDown={layer.onKeyDown}
      />
      {model.hover && <Highlight box={model.hover} kind="hover" />}
      {model.chosen && <Highlight box={model.chosen} kind="chosen" />}
      <section class="slp-panel" data-side={model.side} role="dialog" aria-label="SLA Lens field picker" data-testid="slp-panel">
        <header class="slp-head">
          <span class="slp-brand">SLA Lens</span> Pick a field
          {model.adapterLabel && <span class="slp-muted"> · overrides {model.adapterLabel}</span>}
        </header>
        <label class="slp-label">
          Field{' '}
          <select ref={fieldRef} data-testid="slp-field" value={model.field} onChange={(e) => actions.setField(e.currentTarget.value as PickerModel['field'])}>
            {PICKER_FIELDS.map((f) => (
              <option key={f} value={f}>
                {FIELD_LABEL[f]}
                {model.saved.includes(f) ? ' ✔' : ''}
              </option>
            ))}
          </select>
        </label>
        {model.status && (
          <div class={`slp-status slp-${model.status.kind}`} role="status" data-testid="slp-status">
            {model.status.text}
            {model.status.errors && (
              <ul>
                {model.status.errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {model.phase === 'chosen' && p && (
          <div class="slp-chosen">
            <dl class="slp-dl">
              <dt>Value now</dt>
              <dd data-testid="slp-value" class={p.value === undefined ? 'slp-bad' : ''}>
                {p.value ?? `— ${p.problem ?? 'nothing read'}`}
              </dd>
              {p.raw !== undefined && p.raw !== p.value && (
                <>
                  <dt>Text</dt>
                  <dd class="slp-muted" data-testid="slp-raw">{p.raw}</dd>
                </>
              )}
              <dt>Selector</dt>
              <dd>
                <code data-testid="slp-selector">{p.selector}</code>
                {p.path && <div class="slp-muted">inside {p.path}</div>}
                <div class="slp-muted">{p.how}</div>
                <div data-testid="slp-unique" class={p.count === 1 ? 'slp-ok' : 'slp-bad'}>
                  {p.count === 1 ? '✔ matches exactly this element' : `✖ matches ${p.count} elements: pick a more specific one`}
                </div>
              </dd>
            </dl>
            <label class="slp-label">
              Extract (regex, one group)
              <input data-testid="slp-regex" value={model.regex} placeholder="optional, e.g. Priority:\s*(\w+)" onInput={onInput(actions.setRegex)} />
            </label>
            {p.suggestRegex && (
              <button type="button" class="slp-button slp-link" data-testid="slp-suggest" onClick={() => actions.setRegex(p.suggestRegex!)}>
                Use the text after the label
              </button>
            )}
            {date && (
              <>
                <label class="slp-label">
                  Date format (luxon)
                  <input data-testid="slp-date-format" value={model.format} placeholder="automatic: ISO 8601, epoch, RFC 2822" onInput={onInput(actions.setFormat)} />
                </label>
                <label class="slp-label">
                  Time zone of the text
                  <input data-testid="slp-date-zone" value={model.zone} placeholder="the browser's zone" onInput={onInput(actions.setZone)} />
                </label>
              </>
            )}
            {model.inputProblem && (
              <p class="slp-bad" data-testid="slp-input-problem">
                {model.inputProblem}
              </p>
            )}
            <div class="slp-row">
              <button type="button" class="slp-button slp-primary" data-testid="slp-save" disabled={!canSave} onClick={actions.save}>
                Save {FIELD_LABEL[model.field].toLowerCase()}
              </button>
              <button type="button" class="slp-button" data-testid="slp-repick" onClick={actions.repick}>
                Pick again
              </button>
            </div>
          </div>
        )}
        {model.phase === 'chosen' && !p && model.inputProblem && (
          <p class="slp-bad" data-testid="slp-input-problem">
            {model.inputProblem}
          </p>
        )}
        <footer class="slp-row">
          <button type="button" class="slp-button" data-testid="slp-done" onClick={actions.close}>
            {model.saved.length ? 'Done' : 'Cancel'}
          </button>
          <span class="slp-muted">Esc closes</span>
        </footer>
      </section>
    </div>
  );
}
