// Team rollout: the remote contract feed (address, access to its host, status, refresh, removal) and
// what the administrator set by browser policy. The background does the fetching (lib/feed.ts); this
// page configures it with messages and shows the state it keeps.
import { useEffect, useState } from 'preact/hooks';
import type { FeedStatusReply } from '../../lib/background/messages';
import { checkFeedUrl, clampRefreshMinutes, type FeedState } from '../../lib/feed';
import { mergeManagedSettings, type ManagedConfig } from '../../lib/managed';
import type { Settings } from '../../lib/settings';
import { LOCKED_TEXT } from './SettingsPanel';
import type { OptionsServices } from './services';

const INTERVALS = [15, 30, 60, 120, 360, 720, 1440];
const intervalLabel = (m: number) => (m % 60 !== 0 ? `${m} minutes` : m === 60 ? '1 hour' : `${m / 60} hours`);

const STATUS: Record<FeedState['status'], { cls: string; text: string }> = {
  off: { cls: '', text: 'No feed' },
  pending: { cls: 'info', text: 'Not downloaded yet' },
  ok: { cls: 'ok', text: 'Working' },
  error: { cls: 'bad', text: 'Last check failed' },
};

export function formatDateTime(iso: string | null | undefined, hour12: Settings['hour12'] | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    ...(hour12 === true || hour12 === false ? { hour12 } : {}),
  }).format(d);
}

type Busy = 'save' | 'refresh' | 'remove' | 'grant' | null;

export function TeamPanel({ services, policy, hour12 }: { services: OptionsServices; policy: ManagedConfig | null; hour12: Settings['hour12'] | undefined }) {
  return (
    <>
      <FeedSection services={services} policy={policy} hour12={hour12} />
      <PolicySection policy={policy} />
    </>
  );
}

function FeedSection({ services, policy, hour12 }: { services: OptionsServices; policy: ManagedConfig | null; hour12: Settings['hour12'] | undefined }) {
  const [status, setStatus] = useState<FeedStatusReply | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'warn'; text: string } | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const read = () =>
    void services.background({ type: 'feed:status' }).then((r) => {
      if (r.ok) {
        setStatus(r);
        setLoadError(null);
      } else setLoadError(r.error);
    });
  useEffect(() => {
    read();
    return services.feed.watch(read);
  }, []);

  if (!status) return <section class="panel"><h2>Team feed</h2><p class={loadError ? 'msg bad' : 'muted'}>{loadError ?? 'Loading…'}</p></section>;

  const s = status.state;
  const locked = status.managedUrl;
  const minutesLocked = policy?.feedRefreshMinutes != null;
  // What the background uses: the policy's interval when it sets one (clamped the same way).
  const inUse = minutesLocked ? clampRefreshMinutes(policy?.feedRefreshMinutes) : s.refreshMinutes;
  const url = text ?? s.url ?? '';
  const every = minutesLocked ? inUse : (minutes ?? s.refreshMinutes);
  const intervals = INTERVALS.includes(every) ? INTERVALS : [...INTERVALS, every].sort((a, b) => a - b);
  const check = url.trim() ? checkFeedUrl(url) : null;

  const afterReply = (r: Awaited<ReturnType<OptionsServices['background']>>, ok: (st: FeedStatusReply) => string) => {
    if (!r.ok) return setError(r.error);
    const reply = r as FeedStatusReply;
    setStatus(reply);
    setText(null);
    setMinutes(null);
    setError(null);
    setMessage({ kind: reply.state.status === 'error' ? 'warn' : 'ok', text: ok(reply) });
  };

  const save = (e: Event) => {
    e.preventDefault();
    setMessage(null);
    const c = checkFeedUrl(url);
    if (!c.ok) return setError(c.error);
    setError(null);
    // No await before this call: the browser only shows the permission prompt within the click.
    const asked = services.feed.requestAccess(c.pattern);
    setBusy('save');
    void asked
      .then(async (granted) => {
        if (!granted) return setError(`SLA Lens was not allowed to read ${new URL(c.url).hostname}, so the feed was not saved.`);
        const r = await services.background({ type: 'feed:configure', url: c.url, ...(minutesLocked ? {} : { refreshMinutes: every }) });
        afterReply(r, (st) =>
          st.state.status === 'ok' ? `Saved. The feed delivered ${st.state.lastGood?.contracts.length ?? 0} contracts.` : 'Saved. The first download did not succeed: see the error below.',
        );
      }, (err: unknown) => setError(`Could not ask for access: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => setBusy(null));
  };

  const grant = () => {
    const c = status.effectiveUrl ? checkFeedUrl(status.effectiveUrl) : null;
    if (!c?.ok) return;
    const asked = services.feed.requestAccess(c.pattern);
    setBusy('grant');
    void asked.then((granted) => (granted ? services.background({ type: 'feed:refresh' }).then((r) => afterReply(r, () => 'Access allowed; the feed was checked.')) : setError('Access was not allowed.')))
      .finally(() => setBusy(null));
  };

  const refresh = () => {
    setMessage(null);
    setError(null);
    setBusy('refresh');
    void services.background({ type: 'feed:refresh' })
      .then((r) => afterReply(r, (st) => (st.state.status === 'ok' ? `Checked: ${st.state.lastGood?.contracts.length ?? 0} contracts in use.` : 'The check failed: see the error below.')))
      .finally(() => setBusy(null));
  };

  const remove = () => {
    setConfirmRemove(false);
    setBusy('remove');
    void services.background({ type: 'feed:configure', url: null })
      .then((r) => afterReply(r, () => 'The feed was removed; its contracts are no longer used.'))
      .finally(() => setBusy(null));
  };

  const st = STATUS[s.status];
  const good = s.lastGood;
  return (
    <section class="panel feed" aria-labelledby="feed-h">
      <h2 id="feed-h">Team feed</h2>
      <p class="section-desc">
        Share one set of contracts with your whole team: an <code>https://</code> address serving the contracts file (the same JSON as
        “Export”). SLA Lens checks it regularly, takes a new version only when every contract in it is valid, and keeps the last good
        version otherwise. Feed contracts are read-only here.
      </p>

      {locked ? (
        <div class="field feed-url">
          <span class="block-label" id="feed-url-l">Feed address</span>
          <p><code aria-labelledby="feed-url-l">{status.effectiveUrl}</code> <span class="badge locked">{LOCKED_TEXT}</span></p>
        </div>
      ) : (
        <form class="feed-form" onSubmit={save} noValidate>
          <div class={`field grow${error && !check?.ok ? ' invalid' : ''}`}>
            <label for="feed-url">Feed address</label>
            <input id="feed-url" type="url" inputMode="url" value={url} placeholder="https://support-ops.example.com/sla-lens/contracts.json"
              spellcheck={false} aria-invalid={!!error && !check?.ok} aria-describedby={error ? 'feed-err' : 'feed-url-hint'}
              onInput={(e) => (setText(e.currentTarget.value), setError(null), setMessage(null))} />
            <p class="hint" id="feed-url-hint">Saving asks your browser to let SLA Lens read this one site.</p>
          </div>
          <div class="field">
            <label for="feed-every">Check every</label>
            <select id="feed-every" value={String(every)} disabled={minutesLocked} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
              {intervals.map((m) => <option key={m} value={String(m)}>{intervalLabel(m)}</option>)}
            </select>
          </div>
          <div class="feed-buttons">
            <button type="submit" class="btn primary" disabled={busy !== null}>{busy === 'save' ? 'Saving…' : 'Save'}</button>
          </div>
        </form>
      )}
      {error && <p id="feed-err" class="msg bad" role="alert">{error}</p>}
      {message && <p class={`msg ${message.kind}`} role="status">{message.text}</p>}

      {s.status !== 'off' || status.effectiveUrl ? (
        <>
          <dl class="kv">
            <dt>Status</dt>
            <dd><span class={`badge ${st.cls}`}>{st.text}</span></dd>
            <dt>Access</dt>
            <dd>
              {status.permission === true ? <span class="badge ok">Allowed</span>
                : status.permission === false ? (
                  <>
                    <span class="badge warn">Not allowed</span>{' '}
                    <button type="button" class="btn small" disabled={busy !== null} onClick={grant}>Allow access</button>
                    <span class="hint"> {locked ? 'Without it the feed must be served with CORS headers.' : 'SLA Lens cannot read the feed without it.'}</span>
                  </>
                ) : <span class="muted">unknown</span>}
            </dd>
            <dt>Last check</dt>
            <dd>{formatDateTime(s.lastAttemptAt, hour12)}</dd>
            <dt>Last success</dt>
            <dd>{formatDateTime(s.lastSuccessAt, hour12)}</dd>
            <dt>In use</dt>
            <dd>
              {good ? (
                <>
                  <b>{good.contracts.length.toLocaleString()} contract{good.contracts.length === 1 ? '' : 's'}</b>
                  <span class="muted"> · downloaded {formatDateTime(good.fetchedAt, hour12)}{good.exportedAt ? ` · exported ${formatDateTime(good.exportedAt, hour12)}` : ''}</span>
                </>
              ) : <span class="muted">nothing yet</span>}
            </dd>
            <dt>ETag</dt>
            <dd>{good?.etag ? <code>{good.etag}</code> : <span class="muted">none: every check downloads the whole file</span>}</dd>
            <dt>Checked every</dt>
            <dd>{intervalLabel(inUse)}{minutesLocked && <span class="badge locked">{LOCKED_TEXT}</span>}</dd>
            {s.lastChange && (
              <>
                <dt>Last change</dt>
                <dd>
                  {formatDateTime(s.lastChange.at, hour12)}: {s.lastChange.added.length} added, {s.lastChange.changed.length} changed, {s.lastChange.removed.length} removed
                </dd>
              </>
            )}
          </dl>
          {s.lastError && (
            <div class="msg bad feed-error">
              <p><b>Last error</b> ({formatDateTime(s.lastAttemptAt, hour12)}): {s.lastError}</p>
              {s.errors.length > 0 && (
                <table class="errors">
                  <caption class="sr-only">Problems in the refused version</caption>
                  <thead><tr><th scope="col">Where</th><th scope="col">Problem</th></tr></thead>
                  <tbody>
                    {s.errors.map((i, k) => (
                      <tr key={k}><td><code>{i.path || '(file)'}</code></td><td>{i.message}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
          <div class="toolbar">
            <button type="button" class="btn" disabled={busy !== null || !status.effectiveUrl} onClick={refresh}>{busy === 'refresh' ? 'Checking…' : 'Refresh now'}</button>
            {!locked && s.url && <button type="button" class="btn danger" disabled={busy !== null} onClick={() => setConfirmRemove(true)}>Remove feed…</button>}
          </div>
          {confirmRemove && (
            <div class="banner bad" role="alertdialog" aria-labelledby="feed-rm-t">
              <p id="feed-rm-t">Stop using this feed? Its {good?.contracts.length ?? 0} contracts disappear from SLA Lens at once.</p>
              <button type="button" class="btn" autoFocus onClick={() => setConfirmRemove(false)}>Keep the feed</button>
              <button type="button" class="btn danger" onClick={remove}>Remove feed</button>
            </div>
          )}
        </>
      ) : (
        <p class="muted empty-note">No feed set up. Contracts come from this computer{policy?.contracts.length ? ' and your administrator' : ''} only.</p>
      )}
    </section>
  );
}

const SETTING_LABEL: Record<string, string> = {
  warnPercent: 'At-risk warning threshold',
  hour12: 'Clock format',
  theme: 'Theme',
  collapsed: 'Overlay collapsed',
  'notifications.enabled': 'Notifications',
  'notifications.atRisk': 'At-risk notifications',
  'notifications.quietHours.enabled': 'Quiet hours on/off',
  'notifications.quietHours.start': 'Quiet hours start',
  'notifications.quietHours.end': 'Quiet hours end',
};

function PolicySection({ policy }: { policy: ManagedConfig | null }) {
  if (!policy) return null;
  const locked = mergeManagedSettings({}, policy.settings).locked;
  const anything = policy.contracts.length || policy.contractErrors.length || locked.length || policy.feedUrl || policy.feedRefreshMinutes || policy.problems.length;
  return (
    <section class="panel" aria-labelledby="pol-h">
      <h2 id="pol-h">Browser policy</h2>
      <p class="section-desc">What your organisation's administrator pushes to SLA Lens with browser policy. It overrides the feed and your own contracts and settings.</p>
      {!policy.available ? (
        <p class="muted">This browser offers no policy storage to SLA Lens (Firefox without a policies file, or none configured).</p>
      ) : !anything ? (
        <p class="muted">No policy is set for SLA Lens.</p>
      ) : (
        <dl class="kv">
          <dt>Contracts</dt>
          <dd>{policy.contracts.length ? `${policy.contracts.length.toLocaleString()}, shown read-only as “Managed by policy”` : policy.contractErrors.length ? 'refused (see problems)' : 'none'}</dd>
          <dt>Settings</dt>
          <dd>{locked.length ? locked.map((p) => SETTING_LABEL[p] ?? p).join(', ') : 'none'}</dd>
          <dt>Feed</dt>
          <dd>{policy.feedUrl ? <code>{policy.feedUrl}</code> : 'not set'}{policy.feedRefreshMinutes ? `, checked every ${intervalLabel(policy.feedRefreshMinutes)}` : ''}</dd>
        </dl>
      )}
      {policy.problems.length > 0 && (
        <div class="msg bad" role="alert">
          <p><b>Problems in the policy</b> (tell your administrator):</p>
          <ul>{policy.problems.map((p, i) => <li key={i}>{p}</li>)}</ul>
        </div>
      )}
    </section>
  );
}
