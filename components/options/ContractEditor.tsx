// The contract editor: every field of the model, validated as you type with the validator's own
// messages next to the field, Save disabled while anything is invalid.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { sameJson } from '../../lib/contracts/diff';
import { CHANNELS, type Contract } from '../../lib/contracts/model';
import { validateContracts, type Issue } from '../../lib/contracts/validate';
import { CalendarEditor } from './CalendarEditor';
import { ContactFields } from './ContactEditor';
import { cleanDraft, getAt, issuesByField, setAt, type Path } from './draft';
import { EscalationEditor } from './EscalationEditor';
import { Editor, GroupErrors, ListField, NumberField, Section, SelectField, TextField, useEditor, type EditorCtx } from './fields';
import { PausingEditor, SeverityMapEditor } from './HelpdeskRulesEditor';
import { TargetsEditor } from './TargetsEditor';

export interface ContractEditorProps {
  /** The stored version: "unsaved changes" are measured against it. */
  initial: Contract;
  /** Where editing starts when it is not `initial` (edits kept across a reload). */
  startDraft?: Contract;
  /** Always holds the current (cleaned) draft, for the page to merge on reload. */
  draftRef?: { current: Contract | null };
  isNew: boolean;
  /** Ids of the other contracts in the set (a new id must not clash). */
  otherIds: ReadonlySet<string>;
  /** A policy or feed contract: shown, never saved (its source is the only place to change it). */
  readOnly?: { source: 'managed' | 'feed'; feedUrl?: string | null } | null;
  saving?: boolean;
  /** Issues from the last save attempt, paths `contracts[index]…`. */
  saveIssues?: { index: number; issues: Issue[] } | null;
  /** Shown above the form (conflicts, changes made elsewhere). */
  notice?: ComponentChildren;
  onSave: (contract: Contract) => void;
  onCancel: () => void;
  onDuplicate: (draft: Contract) => void;
  onDelete?: () => void;
  onDirtyChange: (dirty: boolean) => void;
}

const SECTIONS: { id: string; title: string; prefixes: string[] }[] = [
  { id: 'sec-identity', title: 'Customer', prefixes: ['id', 'customer', 'tier'] },
  { id: 'sec-term', title: 'Term & onboarding', prefixes: ['term', 'onboarding'] },
  { id: 'sec-coverage', title: 'Coverage', prefixes: ['calendar', 'channels', 'primaryChannel', 'languages'] },
  { id: 'sec-targets', title: 'Targets', prefixes: ['targets', 'internalTargets', 'warnPercent'] },
  { id: 'sec-rules', title: 'Helpdesk rules', prefixes: ['pausingStatuses', 'severityMap'] },
  { id: 'sec-entitlements', title: 'Entitlements', prefixes: ['entitlements'] },
  { id: 'sec-escalation', title: 'Escalation', prefixes: ['escalation'] },
  { id: 'sec-commercial', title: 'Commercial & notes', prefixes: ['serviceCredits', 'outOfScope', 'governance', 'notes'] },
];

const sectionOf = (key: string) =>
  SECTIONS.find((s) => s.prefixes.some((p) => key === p || key.startsWith(`${p}.`) || key.startsWith(`${p}[`)))?.id ?? 'sec-identity';

export function ContractEditor(props: ContractEditorProps) {
  const [draft, setDraft] = useState<Contract>(props.startDraft ?? props.initial);
  const [shownSaveIssues, setShownSaveIssues] = useState(props.saveIssues);
  useEffect(() => setShownSaveIssues(props.saveIssues), [props.saveIssues]);

  const cleaned = useMemo(() => cleanDraft(draft), [draft]);
  if (props.draftRef) props.draftRef.current = cleaned;
  const errors = useMemo(() => {
    const r = validateContracts([cleaned]);
    const map = issuesByField(r.ok ? [] : r.errors, 0);
    if (typeof cleaned.id === 'string' && props.otherIds.has(cleaned.id.trim())) {
      map.set('id', [...(map.get('id') ?? []), `"${cleaned.id}" is already the id of another contract`]);
    }
    if (shownSaveIssues) {
      for (const [k, msgs] of issuesByField(shownSaveIssues.issues, shownSaveIssues.index)) map.set(k, [...new Set([...(map.get(k) ?? []), ...msgs])]);
    }
    return map;
  }, [cleaned, props.otherIds, shownSaveIssues]);
  const errorCount = [...errors.values()].reduce((n, m) => n + m.length, 0);
  // A new contract left untouched loses nothing when abandoned, but can still be saved as it is.
  const dirty = !sameJson(cleaned, cleanDraft(props.initial));
  useEffect(() => props.onDirtyChange(dirty), [dirty]);

  const ctx: EditorCtx = {
    draft,
    errors,
    readOnly: !!props.readOnly,
    update: (path: Path, value: unknown) => {
      setShownSaveIssues(null);
      setDraft((d) => setAt(d, path, value));
    },
  };
  const perSection = new Map<string, number>();
  for (const [k, m] of errors) perSection.set(sectionOf(k), (perSection.get(sectionOf(k)) ?? 0) + m.length);
  const name = (getAt(draft, ['customer', 'name']) as string | undefined)?.trim();

  return (
    <Editor.Provider value={ctx}>
      <form
        class="editor"
        aria-label={props.isNew ? 'New contract' : `Edit contract ${name ?? ''}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (errorCount === 0 && !props.readOnly) props.onSave(cleaned);
        }}
      >
        <header class="editor-head">
          <div>
            <h2>{props.isNew ? 'New contract' : name || 'Contract'}</h2>
            <p class="muted">
              {props.readOnly ? (props.readOnly.source === 'managed' ? 'Managed by policy: read-only.' : 'From the team feed: read-only.') : dirty ? 'Unsaved changes' : props.isNew ? 'Not saved yet' : 'No changes'}
              {errorCount > 0 && (
                <span class="badge bad" role="status">
                  {errorCount} {errorCount === 1 ? 'problem' : 'problems'} to fix before saving
                </span>
              )}
            </p>
          </div>
          <div class="actions">
            <button type="button" class="btn" onClick={props.onCancel}>{dirty ? 'Cancel' : 'Back to list'}</button>
            {!props.isNew && <button type="button" class="btn" onClick={() => props.onDuplicate(cleaned)}>Duplicate as template</button>}
            {props.onDelete && !props.readOnly && <button type="button" class="btn danger" onClick={props.onDelete}>Delete…</button>}
            <button type="submit" class="btn primary" disabled={errorCount > 0 || !(dirty || props.isNew) || !!props.readOnly || props.saving}
              title={errorCount > 0 ? 'Fix the problems marked below first' : undefined}>
              {props.saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </header>
        {props.notice}
        {props.readOnly && <ReadOnlyNote {...props.readOnly} />}
        <div class="editor-layout">
          <nav class="toc" aria-label="Contract sections">
            <ul>
              {SECTIONS.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`} onClick={(e) => (e.preventDefault(), document.getElementById(s.id)?.scrollIntoView({ block: 'start' }))}>
                    {s.title}
                    {perSection.get(s.id) ? <span class="dot" aria-label={`${perSection.get(s.id)} to fix`} /> : null}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <fieldset class="sections" disabled={!!props.readOnly}>
            <Section id="sec-identity" title="Customer" errorCount={perSection.get('sec-identity')}>
              <div class="grid">
                <TextField path={['customer', 'name']} label="Customer name" autoFocus={props.isNew} />
                <TextField path={['id']} label="Contract id" hint="Short and stable: letters, digits, . _ -" />
                <TextField path={['tier']} label="Tier" list="tier-options" placeholder="Enterprise" />
                <TextField path={['customer', 'country']} label="Country" placeholder="DE" />
                <ListField path={['customer', 'aliases']} label="Aliases" hint="Other names the helpdesk may show (one per line)." />
                <ListField path={['customer', 'domains']} label="Email domains" hint="Subdomains are included. One per line." placeholder="acme.com" />
                <ListField path={['customer', 'contacts']} label="Authorised contacts" hint="Email addresses, one per line." />
                <ListField path={['customer', 'externalIds']} label="Helpdesk organisation ids" hint='"zendesk:360001", or a bare id for any helpdesk.' />
              </div>
              <datalist id="tier-options">
                {['Enterprise', 'Premium', 'Business', 'Standard', 'Basic'].map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </Section>

            <Section id="sec-term" title="Term & onboarding" errorCount={perSection.get('sec-term')}>
              <div class="grid">
                <TextField path={['term', 'start']} label="Term start" type="date" />
                <TextField path={['term', 'end']} label="Term end (last day)" type="date" />
                <SelectField path={['term', 'renewal']} label="Renewal" empty="—"
                  options={[{ value: 'auto', label: 'Automatic' }, { value: 'manual', label: 'Manual' }, { value: 'none', label: 'None (ends)' }]} />
                <NumberField path={['term', 'noticeDays']} label="Notice period (days)" />
                <TextField path={['onboarding', 'start']} label="Onboarding start" type="date" />
                <TextField path={['onboarding', 'end']} label="Onboarding end" type="date" />
                <TextField path={['onboarding', 'note']} label="Onboarding note" wide />
              </div>
            </Section>

            <Section id="sec-coverage" title="Coverage" errorCount={perSection.get('sec-coverage')}
              description="When business-hours targets count, in the customer's zone.">
              <CalendarEditor />
              <Channels />
              <div class="grid">
                <ListField path={['languages']} label="Support languages" placeholder="en, de" />
              </div>
            </Section>

            <Section id="sec-targets" title="Targets" errorCount={perSection.get('sec-targets')}>
              <TargetsEditor />
              <div class="grid">
                <NumberField path={['warnPercent']} label="At-risk warning at (% of a target)" hint="Empty = the team setting." />
              </div>
            </Section>

            <Section id="sec-rules" title="Helpdesk rules" errorCount={perSection.get('sec-rules')}>
              <h4>Statuses that pause the resolution clock</h4>
              <PausingEditor />
              <h4>Priority → severity</h4>
              <SeverityMapEditor />
            </Section>

            <Section id="sec-entitlements" title="Entitlements" errorCount={perSection.get('sec-entitlements')}>
              <h4>Technical account manager (TAM)</h4>
              <ContactFields path={['entitlements', 'tam']} />
              <h4>Dedicated agent</h4>
              <ContactFields path={['entitlements', 'dedicatedAgent']} />
              <div class="grid">
                <TextField path={['entitlements', 'pod']} label="Support pod / team" />
                <ListField path={['entitlements', 'badges']} label="Badges" hint="Shown to agents, e.g. 24×7 phone, Named engineer." />
              </div>
            </Section>

            <Section id="sec-escalation" title="Escalation" errorCount={perSection.get('sec-escalation')}
              description="Levels fire in order; the overlay suggests the highest level whose trigger is met.">
              <EscalationEditor />
            </Section>

            <Section id="sec-commercial" title="Commercial & notes" errorCount={perSection.get('sec-commercial')}>
              <div class="grid">
                <TextField path={['serviceCredits']} label="Service credits" multiline />
                <TextField path={['outOfScope']} label="Out of scope" multiline />
                <TextField path={['governance', 'qbrCadence']} label="Review cadence" placeholder="Quarterly business review" />
                <TextField path={['governance', 'nextReview']} label="Next review" type="date" />
                <TextField path={['notes']} label="Notes" multiline />
              </div>
            </Section>
          </fieldset>
        </div>
      </form>
    </Editor.Provider>
  );
}

function Channels() {
  const ctx = useEditorChannels();
  return (
    <div class="grid">
      <fieldset class="field checks wide">
        <legend>Channels</legend>
        {CHANNELS.map((c) => (
          <label key={c} class="check">
            <input type="checkbox" checked={ctx.channels.includes(c)} disabled={ctx.readOnly}
              onChange={(e) => ctx.set(e.currentTarget.checked ? CHANNELS.filter((x) => x === c || ctx.channels.includes(x)) : ctx.channels.filter((x) => x !== c))} />
            {c}
          </label>
        ))}
        <GroupErrors path={['channels']} deep />
      </fieldset>
      <SelectField path={['primaryChannel']} label="Primary channel" empty="—" options={ctx.channels.map((c) => ({ value: c, label: c }))} />
    </div>
  );
}

function useEditorChannels() {
  const { draft, update, readOnly } = useEditor();
  const channels = (Array.isArray(draft.channels) ? draft.channels : []) as string[];
  return { channels, readOnly, set: (next: string[]) => update(['channels'], next) };
}

function ReadOnlyNote({ source, feedUrl }: { source: 'managed' | 'feed'; feedUrl?: string | null }) {
  return (
    <div class="banner info" role="note">
      <p>
        {source === 'managed'
          ? 'Your administrator sets this contract by browser policy, so it cannot be edited or deleted here. Ask them for changes.'
          : <>This contract comes from the team feed{feedUrl ? <> (<code>{feedUrl}</code>)</> : null}, so it cannot be edited here: changes belong in the feed's file and arrive at the next refresh.</>}
        {' '}“Duplicate as template” makes an editable local copy under a new id.
      </p>
    </div>
  );
}
