// Form fields bound to the contract draft by path. Each field shows the validator's messages for its
// path right below it (aria-describedby + aria-invalid), so the admin sees what to fix where it is.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useId, useState } from 'preact/hooks';
import type { Contract } from '../../lib/contracts/model';
import { getAt, messagesFor, pathKey, type Path } from './draft';

export interface EditorCtx {
  draft: Contract;
  update: (path: Path, value: unknown) => void;
  errors: ReadonlyMap<string, string[]>;
  readOnly: boolean;
}

export const Editor = createContext<EditorCtx | null>(null);

export function useEditor(): EditorCtx {
  const ctx = useContext(Editor);
  if (!ctx) throw new Error('field outside <Editor.Provider>');
  return ctx;
}

export function FieldErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul class="field-errors" id={id}>
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

interface ShellProps {
  label: string;
  hint?: string;
  messages: readonly string[];
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  wide?: boolean;
}

function Shell({ label, hint, messages, children, wide }: ShellProps) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [messages.length ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${wide ? ' wide' : ''}${messages.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: messages.length > 0 })}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldErrors id={errId} messages={messages} />
    </div>
  );
}

interface BaseProps {
  path: Path;
  label: string;
  hint?: string;
  placeholder?: string;
  wide?: boolean;
  /** Also show messages of nested paths (list items, sub-objects). */
  deep?: boolean;
}

export function TextField(props: BaseProps & { multiline?: boolean; type?: 'text' | 'email' | 'tel' | 'url' | 'date'; list?: string; autoFocus?: boolean }) {
  const { draft, update, errors, readOnly } = useEditor();
  const value = getAt(draft, props.path);
  const messages = messagesFor(errors, pathKey(props.path), { deep: props.deep });
  return (
    <Shell label={props.label} hint={props.hint} messages={messages} wide={props.wide || props.multiline}>
      {({ id, describedBy, invalid }) =>
        props.multiline ? (
          <textarea
            id={id}
            rows={3}
            value={typeof value === 'string' ? value : ''}
            placeholder={props.placeholder}
            readOnly={readOnly}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onInput={(e) => update(props.path, e.currentTarget.value)}
          />
        ) : (
          <input
            id={id}
            type={props.type ?? 'text'}
            list={props.list}
            value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
            placeholder={props.placeholder}
            readOnly={readOnly}
            autoFocus={props.autoFocus}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onInput={(e) => update(props.path, e.currentTarget.value)}
          />
        )
      }
    </Shell>
  );
}

/** Keeps what the person typed while it is not a number yet; the draft gets the number or the raw text. */
export function NumberField(props: BaseProps & { min?: number; max?: number; step?: number }) {
  const { draft, update, errors, readOnly } = useEditor();
  const value = getAt(draft, props.path);
  const messages = messagesFor(errors, pathKey(props.path));
  return (
    <Shell label={props.label} hint={props.hint} messages={messages} wide={props.wide}>
      {({ id, describedBy, invalid }) => (
        <NumberInput id={id} value={value} readOnly={readOnly} invalid={invalid} describedBy={describedBy} placeholder={props.placeholder}
          onChange={(v) => update(props.path, v)} />
      )}
    </Shell>
  );
}

export function NumberInput(props: {
  id?: string;
  value: unknown;
  onChange: (v: number | string | undefined) => void;
  readOnly?: boolean;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  label?: string;
  class?: string;
}) {
  const shown = typeof props.value === 'number' ? String(props.value) : typeof props.value === 'string' ? props.value : '';
  const [text, setText] = useState(shown);
  // Follow outside changes (undo, reload) without fighting the person typing "1." or "".
  useEffect(() => {
    if (parseNumber(text) !== props.value && !(text === '' && props.value === undefined)) setText(shown);
  }, [shown]);
  return (
    <input
      id={props.id}
      class={props.class}
      type="text"
      inputMode="decimal"
      value={text}
      placeholder={props.placeholder}
      readOnly={props.readOnly}
      aria-label={props.label}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      onInput={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        props.onChange(parseNumber(t));
      }}
    />
  );
}

function parseNumber(t: string): number | string | undefined {
  const s = t.trim().replace(',', '.');
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : t;
}

/** A list of strings typed one per line or separated by commas. */
export function ListField(props: BaseProps & { rows?: number }) {
  const { draft, update, errors, readOnly } = useEditor();
  const value = getAt(draft, props.path);
  const list = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  const [text, setText] = useState(list.join('\n'));
  useEffect(() => {
    if (splitList(text).join('\n') !== list.join('\n')) setText(list.join('\n'));
  }, [list.join('\n')]);
  const messages = messagesFor(errors, pathKey(props.path), { deep: true }).map((m) => {
    const item = /^item (\d+): (.*)$/s.exec(m);
    const v = item ? list[Number(item[1]) - 1] : undefined;
    return item && v !== undefined ? `"${v}" ${item[2]}` : m;
  });
  return (
    <Shell label={props.label} hint={props.hint ?? 'One per line or separated by commas.'} messages={messages} wide={props.wide}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          class="list"
          rows={props.rows ?? Math.min(6, Math.max(2, list.length + 1))}
          value={text}
          placeholder={props.placeholder}
          readOnly={readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onInput={(e) => {
            setText(e.currentTarget.value);
            const items = splitList(e.currentTarget.value);
            update(props.path, items.length ? items : undefined);
          }}
        />
      )}
    </Shell>
  );
}

export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function SelectField(props: BaseProps & { options: readonly { value: string; label: string }[]; empty?: string }) {
  const { draft, update, errors, readOnly } = useEditor();
  const value = getAt(draft, props.path);
  const messages = messagesFor(errors, pathKey(props.path));
  return (
    <Shell label={props.label} hint={props.hint} messages={messages} wide={props.wide}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          disabled={readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => update(props.path, e.currentTarget.value || undefined)}
        >
          {props.empty !== undefined && <option value="">{props.empty}</option>}
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

/** Group-level messages (e.g. "channels: must list at least one channel") where no single input owns them. */
export function GroupErrors({ path, deep }: { path: Path; deep?: boolean }) {
  const { errors } = useEditor();
  const id = useId();
  return <FieldErrors id={id} messages={messagesFor(errors, pathKey(path), { deep })} />;
}

export function Section(props: { id: string; title: string; children: ComponentChildren; description?: string; errorCount?: number }) {
  return (
    <section class="editor-section" id={props.id} aria-labelledby={`${props.id}-h`}>
      <h3 id={`${props.id}-h`}>
        {props.title}
        {props.errorCount ? <span class="badge bad">{props.errorCount} to fix</span> : null}
      </h3>
      {props.description && <p class="section-desc">{props.description}</p>}
      {props.children}
    </section>
  );
}
