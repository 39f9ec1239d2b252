// The team lead console: contract list, editor, compliance report, team feed and policy, import/export,
// self-hosted helpdesks, settings. Contracts are watched live; every write names the revision it was
// based on, so two tabs never silently overwrite each other. Policy and feed contracts (the effective
// set the background merges) are listed beside the local ones, read-only.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { contractsToCsv } from '../../lib/contracts/csv';
import { diffContractSets, sameJson } from '../../lib/contracts/diff';
import { exportContractsJson } from '../../lib/contracts/json';
import type { Contract } from '../../lib/contracts/model';
import { localDate } from '../../lib/contracts/status';
import type { StoredContracts, WriteResult } from '../../lib/contracts/store';
import type { Issue } from '../../lib/contracts/validate';
import { readOnlyContracts, type EffectiveContracts, type ManagedConfig } from '../../lib/managed';
import type { Settings } from '../../lib/settings';
import { CompliancePanel } from './CompliancePanel';
import { ContractEditor } from './ContractEditor';
import { ContractList } from './ContractList';
import { DomainsPanel } from './DomainsPanel';
import { duplicateContract, merge3, newContract } from './draft';
import { ImportExport } from './ImportExport';
import { RulesPanel } from '../RulesPanel';
import { buildRows, DEFAULT_QUERY, type ListQuery } from './list-model';
import { parseRoute, routeHash, type Route } from './routes';
import type { OptionsServices } from './services';
import { SettingsPanel } from './SettingsPanel';
import { SourceConflicts } from './SourceConflicts';
import { TeamPanel } from './TeamPanel';

interface Session {
  /** Changes when a different contract (or a fresh new one) is opened: remounts the editor. */
  key: string;
  initial: Contract;
  startDraft?: Contract;
  isNew: boolean;
  /** Id of the contract being edited in the stored set (null for new). */
  originalId: string | null;
  baseRevision: number;
  /** A policy or feed contract, shown read-only. */
  readOnly: 'managed' | 'feed' | null;
}

type Banner = { kind: 'conflict' | 'changed'; at: string | null; contractChanged: string[] | null };

export function formatTime(iso: string | null, hour12: Settings['hour12'] | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', ...(hour12 === 'auto' || hour12 === undefined ? {} : { hour12 }) }).format(d);
}

export function OptionsApp({ services }: { services: OptionsServices }) {
  const [stored, setStored] = useState<StoredContracts | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  /** undefined while loading; null when the background has not merged the sources yet. */
  const [effective, setEffective] = useState<EffectiveContracts | null | undefined>(undefined);
  const [policy, setPolicy] = useState<ManagedConfig | null>(null);
  const [route, setRoute] = useState<Route>(() => parseRoute(services.nav.hash()));
  const [query, setQuery] = useState<ListQuery>(DEFAULT_QUERY);
  const [session, setSession] = useState<Session | null>(null);
  const [saveIssues, setSaveIssues] = useState<{ index: number; issues: Issue[] } | null>(null);
  const [banner, setBanner] = useState<Banner | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<{ text: string; undo: boolean; kind?: 'bad' } | null>(null);
  const [confirm, setConfirm] = useState<{ title: string; text: string; action: string; run: () => void } | null>(null);
  const template = useRef<Contract | null>(null);
  const dirty = useRef(false);
  const currentHash = useRef(services.nav.hash());

  useEffect(() => {
    void services.contracts.load().then(setStored);
    void services.settings.load().then(setSettings);
    void services.effective.load().then(setEffective, () => setEffective(null));
    const readPolicy = () => void services.policy.load().then(setPolicy, () => setPolicy(null));
    readPolicy();
    const offC = services.contracts.watch(setStored);
    const offS = services.settings.watch(setSettings);
    const offE = services.effective.watch(setEffective);
    const offP = services.policy.watch(readPolicy);
    const offU = services.nav.guardUnload(() => dirty.current);
    const offH = services.nav.onHashChange(() => {
      const h = services.nav.hash();
      if (h === currentHash.current) return;
      if (dirty.current) {
        // Put the editor's address back and ask first.
        const target = h;
        services.nav.replaceHash(currentHash.current);
        askDiscard(() => go(target));
        return;
      }
      currentHash.current = h;
      setRoute(parseRoute(h));
    });
    return () => (offC(), offS(), offE(), offP(), offU(), offH());
  }, []);

  const go = (hash: string) => {
    dirty.current = false;
    if (hash === currentHash.current || (hash === '#' && currentHash.current === '')) {
      setRoute(parseRoute(hash));
      return;
    }
    services.nav.go(hash);
  };
  const navigate = (hash: string) => (dirty.current ? askDiscard(() => go(hash)) : go(hash));
  const askDiscard = (then: () => void) =>
    setConfirm({ title: 'Discard unsaved changes?', text: 'You have unsaved changes to this contract. Leaving now discards them.', action: 'Discard changes', run: then });

  const contracts = stored?.contracts ?? [];
  const now = services.now();
  const readOnly = useMemo(() => readOnlyContracts(effective ?? null), [effective]);
  // A local contract whose id a policy or feed contract takes is hidden from agents; the notice above
  // the list says so and offers to delete the local copy.
  const listed = useMemo(
    () => [...(effective?.contracts.filter((c) => readOnly.has(c.id)) ?? []), ...contracts.filter((c) => !readOnly.has(c.id))],
    [effective, contracts],
  );
  const rows = useMemo(() => buildRows(listed, now, readOnly), [listed]);
  const ids = useMemo(() => new Set(listed.map((c) => c.id)), [listed]);
  const ready = !!stored && effective !== undefined;
  const feedUrl = useFeedUrl(services, policy);

  // Open an editor session when the route asks for one (not when the stored set changes under it).
  const routeKey = routeHash(route);
  useEffect(() => {
    if (!stored || !ready) return;
    setSaveIssues(null);
    setBanner(null);
    if (route.page === 'edit') {
      if (session && !session.isNew && session.originalId === route.id) return;
      const source = readOnly.get(route.id);
      const c = source ? effective?.contracts.find((x) => x.id === route.id) : stored.contracts.find((x) => x.id === route.id);
      setSession(c ? { key: `edit:${c.id}:${stored.revision}`, initial: c, isNew: false, originalId: c.id, baseRevision: stored.revision, readOnly: source ?? null } : null);
    } else if (route.page === 'new') {
      const base = template.current ?? newContract({ ...route, today: localDate(now, services.zone()), zone: services.zone(), taken: ids });
      template.current = null;
      setSession({ key: `new:${services.now().getTime()}`, initial: base, isNew: true, originalId: null, baseRevision: stored.revision, readOnly: null });
    } else setSession(null);
  }, [routeKey, ready]);

  // A read-only contract shown while its source changes (feed refresh, new policy): show the new version.
  useEffect(() => {
    if (!session?.readOnly || !session.originalId) return;
    const source = readOnly.get(session.originalId);
    const c = source ? effective?.contracts.find((x) => x.id === session.originalId) : undefined;
    if (c && source && !sameJson(c, session.initial)) setSession({ ...session, key: `${session.key}~`, initial: c, readOnly: source });
  }, [effective]);

  // Live changes from elsewhere while editing: say so, keep the draft.
  useEffect(() => {
    if (!stored || !session || session.readOnly || stored.revision === session.baseRevision) return;
    setBanner((b) => (b?.kind === 'conflict' ? { ...b, at: stored.updatedAt } : { kind: 'changed', at: stored.updatedAt, contractChanged: changedFields(session, stored) }));
  }, [stored?.revision, session?.baseRevision]);

  const draftRef = useRef<Contract | null>(null);
  const reloadBase = () => {
    if (!stored || !session) return;
    const fresh = session.originalId ? stored.contracts.find((c) => c.id === session.originalId) : undefined;
    const mine = draftRef.current ?? session.initial;
    // Put this tab's edits on top of the latest version; where both sides changed a field, ours is kept.
    const merged = fresh ? merge3(session.initial, mine, fresh) : { value: mine, conflicts: [] };
    setSession({ ...session, key: `${session.key}+${stored.revision}`, baseRevision: stored.revision, initial: fresh ?? session.initial, startDraft: merged.value, readOnly: null });
    setBanner(null);
    setToast({
      text: merged.conflicts.length
        ? `Reloaded. Changed on both sides, your value kept: ${merged.conflicts.join(', ')}. Review and save.`
        : 'Reloaded the latest contracts with your edits on top. Review and save.',
      undo: false,
    });
  };

  const writeDone = (r: WriteResult, okText: string, onOk?: (r: Extract<WriteResult, { ok: true }>) => void): boolean => {
    if (r.ok) {
      setToast({ text: okText, undo: true });
      onOk?.(r);
      return true;
    }
    if (r.conflict) {
      setBanner({ kind: 'conflict', at: stored?.updatedAt ?? null, contractChanged: session && stored ? changedFields(session, stored) : null });
      return false;
    }
    setToast({ text: r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).slice(0, 3).join(' · '), undo: false, kind: 'bad' });
    return false;
  };

  const save = async (draft: Contract) => {
    if (!stored || !session) return;
    const next = [...stored.contracts];
    let index = session.originalId ? next.findIndex((c) => c.id === session.originalId) : -1;
    if (index >= 0) next[index] = draft;
    else index = next.push(draft) - 1;
    setBusy(true);
    const r = await services.contracts.replace(next, session.baseRevision);
    setBusy(false);
    if (!r.ok && !r.conflict) {
      setSaveIssues({ index, issues: r.errors });
      setToast({ text: 'Not saved: fix the problems marked in the form.', undo: false, kind: 'bad' });
      return;
    }
    writeDone(r, `Saved "${draft.customer.name}".`, (ok) => {
      const saved = ok.contracts[index] ?? draft;
      dirty.current = false;
      setBanner(null);
      setSession({ key: session.isNew ? `edit:${saved.id}:${ok.revision}` : session.key, initial: saved, isNew: false, originalId: saved.id, baseRevision: ok.revision, readOnly: null });
      const hash = routeHash({ page: 'edit', id: saved.id });
      if (hash !== currentHash.current) {
        currentHash.current = hash;
        services.nav.replaceHash(hash);
        setRoute({ page: 'edit', id: saved.id });
      }
    });
  };

  const remove = () => {
    if (!stored || !session?.originalId) return;
    const id = session.originalId;
    setConfirm({
      title: 'Delete this contract?',
      text: `Delete the contract "${session.initial.customer.name}"? You can undo this right after.`,
      action: 'Delete contract',
      run: async () => {
        const r = await services.contracts.replace(stored.contracts.filter((c) => c.id !== id), session.baseRevision);
        if (writeDone(r, `Deleted "${session.initial.customer.name}".`)) go('#');
      },
    });
  };

  const undo = async () => {
    if (!stored) return;
    setBusy(true);
    const r = await services.contracts.undo(stored.revision);
    setBusy(false);
    if (r.ok) setToast({ text: 'Undone: the contracts are back to before the last change.', undo: false });
    else writeDone(r, '');
  };

  const exportAs = async (format: 'json' | 'csv') => {
    const day = localDate(services.now(), services.zone());
    // The JSON file carries the agent's reading rules with the contracts (components/RulesPanel.tsx imports them).
    const rules = format === 'json' && services.rules ? (await services.rules.load()).rules : [];
    if (format === 'json') services.download(`sla-lens-contracts-${day}.json`, 'application/json', exportContractsJson(contracts, services.now(), rules));
    else services.download(`sla-lens-contracts-${day}.csv`, 'text/csv', contractsToCsv(contracts));
  };

  const deleteLocalCopy = (id: string) => {
    if (!stored) return;
    const c = stored.contracts.find((x) => x.id === id);
    if (!c) return;
    setConfirm({
      title: 'Delete the local copy?',
      text: `Your local contract "${c.customer.name}" (${id}) is hidden because the ${readOnly.get(id) === 'managed' ? 'policy' : 'feed'} provides a contract with the same id. Delete the local copy? You can undo this right after.`,
      action: 'Delete local copy',
      run: async () => void writeDone(await services.contracts.replace(stored.contracts.filter((x) => x.id !== id), stored.revision), `Deleted the local copy of "${c.customer.name}".`),
    });
  };

  const hour12 = settings?.hour12;
  const tabs: { hash: string; label: string; active: boolean }[] = [
    { hash: '#', label: 'Contracts', active: route.page === 'list' || route.page === 'edit' || route.page === 'new' },
    { hash: '#compliance', label: 'Compliance', active: route.page === 'compliance' },
    { hash: '#team', label: 'Team feed', active: route.page === 'team' },
    { hash: '#import', label: 'Import & export', active: route.page === 'import' },
    { hash: '#domains', label: 'Helpdesk domains', active: route.page === 'domains' },
    { hash: '#settings', label: 'Settings', active: route.page === 'settings' },
  ];

  return (
    <div class="app">
      <header class="topbar">
        <span class="brand" aria-hidden="true">◔</span>
        <h1>SLA Lens <span class="muted">contracts console</span></h1>
        <nav aria-label="Sections" class="tabs">
          {tabs.map((t) => (
            <a key={t.hash} href={t.hash} class={t.active ? 'active' : ''} aria-current={t.active ? 'page' : undefined}
              onClick={(e) => (e.preventDefault(), navigate(t.hash))}>
              {t.label}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        {stored && stored.updatedAt && (
          <span class="muted small" title={`Revision ${stored.revision}`}>Last change {formatTime(stored.updatedAt, hour12)}</span>
        )}
      </header>

      <main class="content" id="main">
        {!stored || !ready ? (
          <p class="muted">Loading contracts…</p>
        ) : route.page === 'list' ? (
          <ContractList rows={rows} query={query} onQuery={setQuery} hrefFor={(id) => routeHash({ page: 'edit', id })}
            onNew={() => navigate('#new')}
            notice={effective && <SourceConflicts effective={effective} local={contracts} onDeleteLocal={deleteLocalCopy} />} />
        ) : route.page === 'edit' || route.page === 'new' ? (
          session ? (
            <ContractEditor
              key={session.key}
              initial={session.initial}
              startDraft={session.startDraft}
              draftRef={draftRef}
              isNew={session.isNew}
              otherIds={new Set([...ids].filter((id) => id !== session.originalId))}
              readOnly={session.readOnly ? { source: session.readOnly, feedUrl } : null}
              saving={busy}
              saveIssues={saveIssues}
              notice={banner && <ChangeBanner banner={banner} hour12={hour12} onReload={reloadBase} />}
              onSave={(c) => void save(c)}
              onCancel={() => navigate('#')}
              onDuplicate={(draft) => {
                template.current = duplicateContract(draft, ids);
                go('#new');
              }}
              onDelete={session.isNew || session.readOnly ? undefined : remove}
              onDirtyChange={(d) => (dirty.current = d)}
            />
          ) : (
            <div class="panel">
              <h2>Contract not found</h2>
              <p>No contract has the id “{route.page === 'edit' ? route.id : ''}”. It may have been deleted in another tab.</p>
              <button type="button" class="btn" onClick={() => go('#')}>Back to the list</button>
            </div>
          )
        ) : route.page === 'import' ? (
          <>
          <ImportExport contracts={contracts} revision={stored.revision} busy={busy}
            onApply={async (next, basedOn) => {
              setBusy(true);
              const r = await services.contracts.replace(next, basedOn);
              setBusy(false);
              if (r.ok) return (setToast({ text: 'Import applied.', undo: true }), null);
              return r.conflict
                ? `These contracts were changed in another tab or by a feed at ${formatTime(stored.updatedAt, hour12)}. Preview again to see the changes; nothing was written.`
                : r.errors.map((e) => `${e.path}: ${e.message}`).slice(0, 5).join(' · ');
            }}
            onUndo={() => void undo()}
            onExport={(f) => void exportAs(f)} />
          {services.rules && <RulesPanel rules={services.rules} download={services.download} now={services.now} />}
          </>
        ) : route.page === 'domains' ? (
          <DomainsPanel domains={services.domains} />
        ) : route.page === 'compliance' ? (
          <CompliancePanel services={services} hour12={hour12} />
        ) : route.page === 'team' ? (
          <TeamPanel services={services} policy={policy} hour12={hour12} />
        ) : (
          <SettingsPanel settings={settings} policy={policy?.settings ?? null} onChange={services.settings.update} />
        )}
      </main>

      {toast && (
        <div class={`toast${toast.kind === 'bad' ? ' bad' : ''}`} role={toast.kind === 'bad' ? 'alert' : 'status'}>
          <span>{toast.text}</span>
          {toast.undo && <button type="button" class="btn small" disabled={busy} onClick={() => (setToast(null), void undo())}>Undo</button>}
          <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => setToast(null)}>×</button>
        </div>
      )}
      {confirm && (
        <ConfirmDialog title={confirm.title} text={confirm.text} action={confirm.action} onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const run = confirm.run;
            setConfirm(null);
            dirty.current = false;
            run();
          }} />
      )}
    </div>
  );
}

/** The feed address in use (for the read-only note of feed contracts): the policy's, else the agent's. */
function useFeedUrl(services: OptionsServices, policy: ManagedConfig | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const read = () => void services.background({ type: 'feed:status' }).then((r) => r.ok && setUrl(r.effectiveUrl));
    read();
    return services.feed.watch(read);
  }, []);
  return policy?.feedUrl ?? url;
}

function changedFields(session: Session, stored: StoredContracts): string[] | null {
  if (!session.originalId) return null;
  const now = stored.contracts.find((c) => c.id === session.originalId);
  if (!now) return ['(deleted)'];
  if (sameJson(now, session.initial)) return null;
  return diffContractSets([session.initial], [now]).changed[0]?.fields ?? null;
}

function ChangeBanner({ banner, hour12, onReload }: { banner: Banner; hour12: Settings['hour12'] | undefined; onReload: () => void }) {
  const at = banner.at ? ` at ${formatTime(banner.at, hour12)}` : '';
  const own = banner.contractChanged;
  const detail: ComponentChildren = own
    ? own[0] === '(deleted)'
      ? ' This contract was deleted there.'
      : ` This contract changed too (${own.join(', ')}).`
    : ' This contract itself was not changed.';
  const ref = useRef<HTMLDivElement>(null);
  // The banner sits above the form while Save is in the sticky header: a refused save must not go unseen.
  useEffect(() => {
    if (banner.kind === 'conflict') ref.current?.scrollIntoView?.({ block: 'center' });
  }, [banner.kind]);
  return (
    <div ref={ref} class={`banner ${banner.kind === 'conflict' ? 'bad' : 'warn'}`} role="alert">
      <p>
        {banner.kind === 'conflict' ? 'Not saved. ' : ''}
        These contracts were changed in another tab or by a feed{at}. Reload to see the changes; your edits are kept below.{detail}
      </p>
      <button type="button" class="btn small" onClick={onReload}>Reload</button>
    </div>
  );
}

function ConfirmDialog(props: { title: string; text: string; action: string; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="dlg-t" aria-describedby="dlg-d">
        <h2 id="dlg-t">{props.title}</h2>
        <p id="dlg-d">{props.text}</p>
        <div class="actions">
          <button type="button" class="btn" ref={ref} onClick={props.onCancel}>Keep editing</button>
          <button type="button" class="btn danger" onClick={props.onConfirm}>{props.action}</button>
        </div>
      </div>
    </div>
  );
}
