// "Go to the ticket" from the popup: focus a tab already showing it, else open it. Tab URLs are visible
// only for hosts SLA Lens may read (the helpdesks), which is where tickets live.

export interface TabsApi {
  tabs: {
    query(q: Record<string, never>): Promise<{ id?: number; url?: string; windowId?: number }[]>;
    update(id: number, p: { active: boolean }): Promise<unknown>;
    create(p: { url: string }): Promise<unknown>;
  };
  windows?: { update(id: number, p: { focused: boolean }): Promise<unknown> };
}

const sansHash = (u: string) => u.replace(/#.*$/, '');

/** Only http(s) pages: the URL came from a content script, never open another scheme from it. */
export async function openTicket(api: TabsApi, url: string): Promise<'focused' | 'opened' | 'refused'> {
  if (!/^https?:\/\//i.test(url)) return 'refused';
  const tabs = await api.tabs.query({});
  const tab = tabs.find((t) => t.id !== undefined && t.url && sansHash(t.url) === sansHash(url));
  if (tab?.id !== undefined) {
    await api.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await api.windows?.update(tab.windowId, { focused: true });
    return 'focused';
  }
  await api.tabs.create({ url });
  return 'opened';
}
