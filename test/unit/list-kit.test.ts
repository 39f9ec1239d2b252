import { describe, expect, it, vi } from 'vitest';
import { LIST_READERS } from '../../lib/list/index';
import {
  createListKitLoader, handleListKitRequest, lazyListBadges, listKitOf, registerListKit, LIST_KIT_SCRIPT, LOAD_LIST_KIT, type ListKit,
} from '../../lib/list/kit';
import { isListUrl } from '../../lib/list/urls';
import { handleRulesKitRequest, LOAD_RULES_KIT } from '../../lib/runtime/picker';

const ZD_VIEW = new URL('https://acme.zendesk.com/agent/filters/360001');
const ZD_TICKET = new URL('https://acme.zendesk.com/agent/tickets/42');
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('list URLs: the content script check agrees with the readers', () => {
  const urls = [
    ZD_VIEW, ZD_TICKET,
    new URL('https://acme.freshdesk.com/a/tickets/filters/all'), new URL('https://acme.freshdesk.com/a/tickets/7'),
    new URL('https://acme.atlassian.net/jira/servicedesk/projects/SUP/queues/custom/1'),
    new URL('https://jira.acme.test/servicedesk/customer/projects/SUP/queues/2'), new URL('https://acme.atlassian.net/browse/SUP-1'),
    new URL('https://rt.acme.test/rt/Search/Results.html?Query=x'), new URL('https://rt.acme.test/rt/Ticket/Display.html?id=1'),
    new URL('https://example.org/agent/filters/1'),
  ];
  it.each(urls.map((u) => [u.href, u]))('%s', (_, url) => {
    expect(isListUrl(url)).toBe(LIST_READERS.some((r) => r.matches(url)));
  });
  it('covers list pages and leaves ticket pages out', () => {
    const lists = [urls[0], urls[2], urls[4], urls[5], urls[7]] as URL[];
    const others = [urls[1], urls[3], urls[6], urls[8], urls[9]] as URL[];
    expect(lists.map(isListUrl)).toEqual([true, true, true, true, true]);
    expect(others.map(isListUrl)).toEqual([false, false, false, false, false]);
  });
});

describe('the list kit script: injection and loading', () => {
  it('the background injects list-kit.js into the asking tab and frame only; each kit answers only its own message', async () => {
    const executeScript = vi.fn(async () => []);
    expect(handleListKitRequest({ type: LOAD_RULES_KIT }, { tab: { id: 3 } }, { executeScript })).toBeUndefined();
    expect(handleRulesKitRequest({ type: LOAD_LIST_KIT }, { tab: { id: 3 } }, { executeScript })).toBeUndefined();
    await expect(handleListKitRequest({ type: LOAD_LIST_KIT, file: '/evil.js' }, { tab: { id: 3 }, frameId: 5 }, { executeScript })).resolves.toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [5] }, files: [LIST_KIT_SCRIPT] });
    await expect(handleListKitRequest({ type: LOAD_LIST_KIT }, { tab: { id: -1 } }, { executeScript })).resolves.toEqual(expect.objectContaining({ ok: false }));
    executeScript.mockRejectedValueOnce(new Error('frame gone'));
    await expect(handleListKitRequest({ type: LOAD_LIST_KIT }, { tab: { id: 3 } }, { executeScript })).resolves.toEqual({ ok: false, error: 'frame gone' });
  });
  it('the content script asks once, again after a failure, and rejects a script that registered nothing valid', async () => {
    const scope = {};
    const kit: ListKit = { kitVersion: 1, startListBadges: vi.fn() };
    const send = vi.fn().mockResolvedValueOnce({ ok: false, error: 'no tab' }).mockResolvedValueOnce({ ok: true })
      .mockImplementation(async () => (registerListKit(scope, kit), { ok: true }));
    const load = createListKitLoader({ scope, send });
    await expect(load()).rejects.toThrow(/no tab/);
    await expect(load()).rejects.toThrow(/registered nothing/);
    await expect(load()).resolves.toBe(kit);
    await expect(load()).resolves.toBe(kit);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send).toHaveBeenCalledWith({ type: LOAD_LIST_KIT });
    expect(listKitOf({ __slaLensListKit: { kitVersion: 2, startListBadges() {} } })).toBeUndefined();
  });
});

describe('lazyListBadges', () => {
  const kit: ListKit = { kitVersion: 1, startListBadges: vi.fn() };

  it('loads nothing on pages that are not lists', async () => {
    const loadKit = vi.fn(async () => kit);
    const start = vi.fn();
    const lists = lazyListBadges({ isListUrl, loadKit, start, signal: new AbortController().signal, onError: vi.fn() });
    lists.navigate(ZD_TICKET);
    await flush();
    expect(loadKit).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });
  it('on a list page loads once, starts with the kit, and hands over the latest URL, then forwards every navigation', async () => {
    let resolve!: (k: ListKit) => void;
    const loadKit = vi.fn(() => new Promise<ListKit>((r) => (resolve = r)));
    const navigate = vi.fn();
    const start = vi.fn(() => ({ navigate }));
    const lists = lazyListBadges({ isListUrl, loadKit, start, signal: new AbortController().signal, onError: vi.fn() });
    const other = new URL('https://acme.zendesk.com/agent/filters/99');
    lists.navigate(ZD_VIEW);
    lists.navigate(other);
    expect(loadKit).toHaveBeenCalledTimes(1);
    resolve(kit);
    await flush();
    expect(start).toHaveBeenCalledWith(kit);
    expect(navigate.mock.calls).toEqual([[other]]);
    lists.navigate(ZD_TICKET);
    expect(navigate).toHaveBeenLastCalledWith(ZD_TICKET);
    expect(loadKit).toHaveBeenCalledTimes(1);
  });
  it('reports a failed load and tries again on the next list page', async () => {
    const loadKit = vi.fn().mockRejectedValueOnce(new Error('no tab')).mockResolvedValue(kit);
    const navigate = vi.fn();
    const onError = vi.fn();
    const lists = lazyListBadges({ isListUrl, loadKit, start: () => ({ navigate }), signal: new AbortController().signal, onError });
    lists.navigate(ZD_VIEW);
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'no tab' }));
    lists.navigate(ZD_TICKET);
    expect(loadKit).toHaveBeenCalledTimes(1);
    lists.navigate(ZD_VIEW);
    await flush();
    expect(navigate).toHaveBeenCalledWith(ZD_VIEW);
  });
  it('starts nothing when the page context ended while the kit loaded', async () => {
    const ac = new AbortController();
    const start = vi.fn();
    const lists = lazyListBadges({ isListUrl, loadKit: async () => kit, start, signal: ac.signal, onError: vi.fn() });
    lists.navigate(ZD_VIEW);
    ac.abort();
    await flush();
    expect(start).not.toHaveBeenCalled();
  });
});
