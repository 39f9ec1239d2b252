// The Team feed section: address validation, the host permission asked inside the click, configure /
// refresh / remove messages, the status the background keeps, and a feed fixed by policy.
import { afterEach, describe, expect, it } from 'vitest';
import { TeamPanel } from '../../components/options/TeamPanel';
import type { BackgroundRequest, FeedStatusReply } from '../../lib/background/messages';
import { emptyFeedState, type FeedState } from '../../lib/feed';
import { emptyManaged, type ManagedConfig } from '../../lib/managed';
import { byText, click, mount, settle, type } from './options-dom';
import { makeContract } from './options-fixtures';
import { feedStatus, fakeServices, type FakeOptions } from './options-services';

const URL_OK = 'https://ops.example.com/sla/contracts.json';
const working = (over: Partial<FeedState> = {}): FeedState => ({
  ...emptyFeedState(),
  url: URL_OK,
  status: 'ok',
  lastAttemptAt: '2026-11-25T09:00:00Z',
  lastSuccessAt: '2026-11-25T09:00:00Z',
  lastGood: { url: URL_OK, etag: '"v7-abc"', fetchedAt: '2026-11-24T08:00:00Z', contracts: [makeContract({ id: 'a' }), makeContract({ id: 'b' })] },
  ...over,
});

describe('options: Team feed', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  async function open(o: FakeOptions & { policy?: ManagedConfig } = {}) {
    const f = fakeServices(o);
    const m = mount(<TeamPanel services={f.services} policy={o.policy ?? emptyManaged(false)} hour12={false} />);
    unmount = m.unmount;
    await settle();
    return { ...m, ...f, input: () => m.root.querySelector('#feed-url') as HTMLInputElement };
  }

  it('refuses an http:, credentialed or partial address without asking for any permission', async () => {
    const { root, input, requestAccess, background } = await open();
    expect(root.textContent).toMatch(/No feed set up/);
    for (const [text, error] of [
      ['http://ops.example.com/contracts.json', 'The feed must be served over https://.'],
      ['https://me:secret@ops.example.com/c.json', 'Remove the user name and password from the address.'],
      ['ops.example.com/contracts.json', '"ops.example.com/contracts.json" is not a web address.'],
    ] as const) {
      type(input(), text);
      click(byText(root, 'button', 'Save'));
      expect(root.querySelector('#feed-err')?.textContent).toBe(error);
      expect(input().getAttribute('aria-invalid')).toBe('true');
    }
    await settle();
    expect(requestAccess).not.toHaveBeenCalled();
    expect(background.mock.calls.map(([m]) => m.type)).toEqual(['feed:status']);
  });

  it('asks for the feed host inside the click, then configures the feed and shows what it delivered', async () => {
    const sent: BackgroundRequest[] = [];
    const { root, input, requestAccess, background } = await open({
      reply: (msg) => {
        sent.push(msg);
        if (msg.type === 'feed:configure') return feedStatus({ state: working(), effectiveUrl: URL_OK, permission: true });
        return undefined;
      },
    });
    type(input(), `  ${URL_OK}#top `);
    click(byText(root, 'button', 'Save'));
    // Synchronously within the click (no await before it), for the origin pattern of the feed host.
    expect(requestAccess).toHaveBeenCalledWith('https://ops.example.com/*');
    expect(sent.map((m) => m.type)).toEqual(['feed:status']);
    await settle();
    expect(background).toHaveBeenLastCalledWith({ type: 'feed:configure', url: URL_OK, refreshMinutes: 60 });
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Saved. The feed delivered 2 contracts.');
    const facts = Object.fromEntries([...root.querySelectorAll('dl.kv dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    expect(facts).toMatchObject({ Status: 'Working', Access: 'Allowed', ETag: '"v7-abc"', 'Checked every': '1 hour' });
    expect(facts['In use']).toMatch(/^2 contracts · downloaded /);
  });

  it('does not save when the browser refuses access', async () => {
    const { root, input, background } = await open({ requestAccess: async () => false });
    type(input(), URL_OK);
    click(byText(root, 'button', 'Save'));
    await settle();
    expect(root.querySelector('#feed-err')?.textContent).toBe('SLA Lens was not allowed to read ops.example.com, so the feed was not saved.');
    expect(background.mock.calls.some(([m]) => m.type === 'feed:configure')).toBe(false);
  });

  it('shows the last error with the refused version\'s problems, refreshes, and removes the feed after confirming', async () => {
    let state = working({
      status: 'error',
      lastAttemptAt: '2026-11-25T10:00:00Z',
      lastError: 'The feed was refused: 1 problem (first: contracts[0].calendar.timezone: unknown time zone). The previous version is still in use.',
      errors: [{ path: 'contracts[0].calendar.timezone', message: 'unknown time zone "Mars/Base"' }],
    });
    const { root, background } = await open({
      reply: (msg) => {
        if (msg.type === 'feed:refresh') state = { ...state, status: 'ok', lastError: null, errors: [] };
        if (msg.type === 'feed:configure' && msg.url === null) state = { ...emptyFeedState() };
        if (msg.type.startsWith('feed:')) return feedStatus({ state, effectiveUrl: state.url, permission: state.url ? true : null } satisfies Partial<FeedStatusReply>);
        return undefined;
      },
    });
    expect(root.querySelector('.badge.bad')?.textContent).toBe('Last check failed');
    expect(root.querySelector('.feed-error')?.textContent).toMatch(/^Last error \(.*\): The feed was refused: 1 problem .*The previous version is still in use\./);
    expect([...root.querySelectorAll('.feed-error tbody td')].map((td) => td.textContent)).toEqual(['contracts[0].calendar.timezone', 'unknown time zone "Mars/Base"']);

    click(byText(root, 'button', 'Refresh now'));
    await settle();
    expect(background).toHaveBeenLastCalledWith({ type: 'feed:refresh' });
    expect(root.querySelector('.feed-error')).toBeNull();
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Checked: 2 contracts in use.');

    click(byText(root, 'button', 'Remove feed…'));
    expect(background).not.toHaveBeenLastCalledWith({ type: 'feed:configure', url: null });
    click(byText(root, '[role="alertdialog"] button', 'Remove feed'));
    await settle();
    expect(background).toHaveBeenLastCalledWith({ type: 'feed:configure', url: null });
    expect(root.textContent).toMatch(/No feed set up/);
  });

  it('shows a feed set by policy read-only, and offers to allow access to its host', async () => {
    const url = 'https://policy.example.org/feed.json';
    const policy = { ...emptyManaged(true), feedUrl: url, feedRefreshMinutes: 30 };
    const { root, requestAccess } = await open({
      policy,
      reply: (msg) => (msg.type === 'feed:status' || msg.type === 'feed:refresh' ? feedStatus({ state: { ...emptyFeedState(), status: 'pending' }, effectiveUrl: url, managedUrl: true, permission: false }) : undefined),
    });
    expect(root.querySelector('#feed-url')).toBeNull();
    expect(byText(root, 'button', 'Save')).toBeNull();
    expect(byText(root, 'button', 'Remove feed…')).toBeNull();
    expect(root.querySelector('.feed-url')?.textContent).toBe(`Feed address${url} Set by your administrator`);
    expect(root.textContent).toMatch(/Checked every30 minutesSet by your administrator/);
    click(byText(root, 'button', 'Allow access'));
    expect(requestAccess).toHaveBeenCalledWith('https://policy.example.org/*');
    expect(root.querySelector('section[aria-labelledby="pol-h"]')?.textContent).toMatch(/Feedhttps:\/\/policy\.example\.org\/feed\.json, checked every 30 minutes/);
  });
});
