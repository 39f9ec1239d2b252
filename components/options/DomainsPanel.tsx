// Self-hosted helpdesks: add an origin (the browser asks for the host permission on the click), list,
// re-grant and remove. The background registers the content script for every granted origin.
import { useEffect, useState } from 'preact/hooks';
import { checkOrigin } from '../../lib/custom-domains';
import type { DomainStatus, OptionsServices } from './services';

export function DomainsPanel({ domains }: { domains: OptionsServices['domains'] }) {
  const [list, setList] = useState<DomainStatus[] | null>(null);
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => void domains.load().then(setList);
  useEffect(() => {
    refresh();
    return domains.watch(refresh);
  }, []);

  const add = (e: Event) => {
    e.preventDefault();
    setStatus(null);
    const r = checkOrigin(input);
    if (!r.ok) return setError(r.error);
    if (list?.some((d) => d.origin === r.origin && d.granted)) return setError(`${r.origin} is already in the list.`);
    setError(null);
    // No await before this call: the permission prompt needs the click's user gesture.
    void domains.add(r.origin, r.pattern).then((res) => {
      if (res.ok) {
        setInput('');
        setStatus(`${r.origin} added. Open helpdesk tabs need a reload to show the overlay.`);
      } else setError(res.error);
      refresh();
    });
  };

  return (
    <section class="panel" aria-labelledby="dom-h">
      <h2 id="dom-h">Self-hosted helpdesks</h2>
      <p class="section-desc">
        Zendesk, Freshdesk, Jira Cloud, ServiceNow and the other hosted helpdesks work out of the box. For a helpdesk on your own domain
        (Request Tracker, Zammad, osTicket, FreeScout, Jira Data Center…), add its address: the browser asks you to allow SLA Lens on that
        site only.
      </p>
      <form class="inline-form" onSubmit={add} noValidate>
        <label for="dom-input">Helpdesk address</label>
        <input id="dom-input" class="grow" type="url" value={input} placeholder="https://rt.example.com" aria-invalid={!!error}
          aria-describedby={error ? 'dom-err' : undefined} onInput={(e) => (setInput(e.currentTarget.value), setError(null))} />
        <button type="submit" class="btn primary">Add and allow</button>
      </form>
      {error && <p id="dom-err" class="msg bad" role="alert">{error}</p>}
      {status && <p class="msg ok" role="status">{status}</p>}
      <table class="domains">
        <caption class="sr-only">Added helpdesk addresses</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Permission</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {list === null ? (
            <tr><td colSpan={3} class="muted">Loading…</td></tr>
          ) : list.length === 0 ? (
            <tr><td colSpan={3} class="muted">No self-hosted helpdesks yet.</td></tr>
          ) : (
            list.map((d) => (
              <tr key={d.origin}>
                <td><code>{d.origin}</code></td>
                <td>
                  {d.granted ? (
                    <span class="badge ok">Allowed</span>
                  ) : (
                    <>
                      <span class="badge warn">Not allowed</span>{' '}
                      <button type="button" class="btn small" onClick={() => void domains.grant(d.pattern).then(refresh)}>Allow</button>
                    </>
                  )}
                </td>
                <td class="right">
                  <button type="button" class="btn small danger" aria-label={`Remove ${d.origin}`}
                    onClick={() => void domains.remove(d.origin, d.pattern).then(() => (setStatus(`${d.origin} removed.`), refresh()))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
