import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addCustomDomain, checkOrigin, CUSTOM_SCRIPT_ID, customDomainsItem, originPattern, removeCustomDomain,
  startCustomDomainSync, syncCustomDomainScripts, type CustomDomainApi, type RegisteredScript,
} from '../../lib/custom-domains';

/** fakeBrowser has no scripting or permissions: a small in-memory stand-in. */
function fakeApi(granted: string[]) {
  const registered = new Map<string, RegisteredScript>();
  const api = {
    permissions: { contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o))) },
    scripting: {
      getRegisteredContentScripts: vi.fn(async (f?: { ids?: string[] }) => [...registered.values()].filter((s) => !f?.ids || f.ids.includes(s.id))),
      registerContentScripts: vi.fn(async (scripts: RegisteredScript[]) => {
        for (const s of scripts) {
          if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.set(s.id, s);
        }
      }),
      updateContentScripts: vi.fn(async (scripts: RegisteredScript[]) => {
        for (const s of scripts) registered.set(s.id, { ...registered.get(s.id)!, ...s });
      }),
      unregisterContentScripts: vi.fn(async (f?: { ids?: string[] }) => {
        for (const id of f?.ids ?? [...registered.keys()]) registered.delete(id);
      }),
    },
    runtime: { getManifest: () => ({ content_scripts: [{ js: ['content-scripts/content.js'], css: ['content-scripts/content.css'] }] }) },
  } satisfies CustomDomainApi;
  return { api, registered };
}

beforeEach(() => fakeBrowser.reset());

describe('checkOrigin', () => {
  it.each([
    ['rt.example.com', 'https://rt.example.com', 'https://rt.example.com/*'],
    ['https://rt.example.com/Ticket/Display.html?id=7', 'https://rt.example.com', 'https://rt.example.com/*'],
    ['http://helpdesk.corp.local:8080/', 'http://helpdesk.corp.local:8080', 'http://helpdesk.corp.local/*'],
    ['  HTTPS://Zammad.Example.ORG  ', 'https://zammad.example.org', 'https://zammad.example.org/*'],
  ])('%s → %s', (input, origin, pattern) => {
    expect(checkOrigin(input)).toEqual({ ok: true, origin, pattern });
  });

  it.each([
    ['', /Enter the address/],
    ['ftp://files.example.com', /Only https/],
    ['https://*.example.com', /Wildcards|not a web address/],
    ['intranet', /not a full host name/],
    ['https://user:pw@rt.example.com', /user name/],
    ['https://acme.zendesk.com/agent/tickets/1', /already supported/],
  ])('rejects %j', (input, message) => {
    const r = checkOrigin(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('syncCustomDomainScripts', () => {
  it('registers one script for the granted origins only, with the built content script files', async () => {
    await customDomainsItem.setValue(['https://rt.example.com', 'https://osticket.example.net']);
    const { api, registered } = fakeApi(['https://rt.example.com/*']);
    const r = await syncCustomDomainScripts(api);
    expect(r).toEqual({ registered: ['https://rt.example.com/*'], notGranted: ['https://osticket.example.net'] });
    expect(registered.get(CUSTOM_SCRIPT_ID)).toEqual({
      id: CUSTOM_SCRIPT_ID, matches: ['https://rt.example.com/*'], js: ['content-scripts/content.js'],
      css: ['content-scripts/content.css'], runAt: 'document_idle', allFrames: false,
    });
  });

  it('updates the matches as origins are added and unregisters when none are left', async () => {
    const granted = ['https://rt.example.com/*', 'https://zammad.example.org/*'];
    const { api, registered } = fakeApi(granted);
    await addCustomDomain('https://rt.example.com');
    await syncCustomDomainScripts(api);
    await addCustomDomain('https://zammad.example.org');
    await syncCustomDomainScripts(api);
    expect(api.scripting.updateContentScripts).toHaveBeenCalledTimes(1);
    expect(registered.get(CUSTOM_SCRIPT_ID)?.matches).toEqual(['https://rt.example.com/*', 'https://zammad.example.org/*']);

    await removeCustomDomain('https://rt.example.com');
    await removeCustomDomain('https://zammad.example.org');
    expect(await syncCustomDomainScripts(api)).toEqual({ registered: [], notGranted: [] });
    expect(registered.size).toBe(0);
  });

  it('serialises concurrent syncs (startup + storage change) so the id is registered once', async () => {
    await customDomainsItem.setValue(['https://rt.example.com']);
    const { api, registered } = fakeApi(['https://rt.example.com/*']);
    await Promise.all([syncCustomDomainScripts(api), syncCustomDomainScripts(api), syncCustomDomainScripts(api)]);
    expect(api.scripting.registerContentScripts).toHaveBeenCalledTimes(1);
    expect(registered.size).toBe(1);
  });

  it('keeps working after a failed sync', async () => {
    await customDomainsItem.setValue(['https://rt.example.com']);
    const { api, registered } = fakeApi(['https://rt.example.com/*']);
    api.scripting.getRegisteredContentScripts.mockRejectedValueOnce(new Error('boom'));
    await expect(syncCustomDomainScripts(api)).rejects.toThrow('boom');
    await syncCustomDomainScripts(api);
    expect(registered.has(CUSTOM_SCRIPT_ID)).toBe(true);
  });

  it('skips an unreadable stored entry', async () => {
    await customDomainsItem.setValue(['not a url', 'https://rt.example.com']);
    const { api } = fakeApi(['https://rt.example.com/*']);
    expect((await syncCustomDomainScripts(api)).registered).toEqual(['https://rt.example.com/*']);
  });

  it('re-syncs on its own when the stored list or the granted permissions change', async () => {
    const granted = ['https://rt.example.com/*'];
    const { api, registered } = fakeApi(granted);
    const added = new Set<() => void>();
    const ev = () => ({ addListener: (cb: () => void) => added.add(cb), removeListener: (cb: () => void) => added.delete(cb) });
    const onError = vi.fn();
    const stop = startCustomDomainSync(
      { ...api, permissions: { ...api.permissions, onAdded: ev(), onRemoved: ev() }, runtime: { ...api.runtime, onStartup: ev(), onInstalled: ev() } },
      onError,
    );
    expect(added.size).toBe(1); // one listener function, added to the four events
    await vi.waitFor(() => expect(api.scripting.getRegisteredContentScripts).toHaveBeenCalled());
    await addCustomDomain('https://rt.example.com');
    await vi.waitFor(() => expect(registered.get(CUSTOM_SCRIPT_ID)?.matches).toEqual(['https://rt.example.com/*']));
    granted.length = 0; // revoked in the browser's settings
    added.forEach((cb) => cb());
    await vi.waitFor(() => expect(registered.size).toBe(0));
    stop();
    expect(added.size).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('stores each origin once, sorted', async () => {
    await addCustomDomain('https://b.example.com');
    await addCustomDomain('https://a.example.com');
    await addCustomDomain('https://b.example.com');
    expect(await customDomainsItem.getValue()).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(originPattern('https://a.example.com:8443')).toBe('https://a.example.com/*');
  });
});
