// The overlay's side of reading rules: the controller provides, per mount, the reading health of each
// field and a way to start the field picker; Diagnostics and the health notice read it from context, so
// the Overlay's props stay as they are. Without a provider (tests, the popup) both render nothing extra.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import type { RuleField } from '../lib/rules/model';
import { lostMessage, type FieldRow } from '../lib/runtime/picker';

export interface PickerUi {
  /** Per field: who produced it and whether it went missing after working before; null while reading. */
  rows: ReadonlySignal<FieldRow[] | null>;
  /** Starts the field picker in the page (optionally on one field). */
  pick(field?: RuleField): void;
}

export const PickerContext = createContext<PickerUi | null>(null);

export function PickerProvider({ ui, children }: { ui: PickerUi; children: ComponentChildren }) {
  return <PickerContext.Provider value={ui}>{children}</PickerContext.Provider>;
}

export const usePicker = () => useContext(PickerContext);

const CSS = `.sla-health{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;margin-top:4px;color:var(--sla-atRisk)}`;

/** "Priority could not be read (it used to be) — Fix with picker", under the bar, once per lost field. */
export function PickerHealthNotice() {
  const ui = usePicker();
  const lost = ui?.rows.value?.filter((r) => r.lost) ?? [];
  if (!ui || !lost.length) return null;
  return (
    <>
      <style>{CSS}</style>
      {lost.map((r) => (
        <div key={r.field} class="sla-health" role="alert" data-testid="sla-health-lost" data-field={r.field}>
          <span>
            <span aria-hidden="true">⚠ </span>
            {lostMessage(r.field)}
          </span>
          <button type="button" class="sla-button" data-testid="sla-fix-with-picker" onClick={() => ui.pick(r.field)}>
            Fix with picker
          </button>
        </div>
      ))}
    </>
  );
}
