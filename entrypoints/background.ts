import { browser, defineBackground } from '#imports';
import { optionsPrefillHash, parseOpenOptions } from '../lib/runtime/messages';
import { startCustomDomainSync } from '../lib/custom-domains';

export default defineBackground(() => {
  // Self-hosted helpdesks: the content script is registered at runtime for every origin the user
  // granted, on install/startup and whenever the list or the permissions change.
  startCustomDomainSync(browser, (e) => console.warn('[sla-lens] custom domains:', e));

  // "Add contract" in the overlay: open the options page on the new-contract form, prefilled.
  browser.runtime.onMessage.addListener((msg: unknown) => {
    const m = parseOpenOptions(msg);
    if (!m) return undefined;
    const url = browser.runtime.getURL('/options.html') + optionsPrefillHash(m.prefill);
    return browser.tabs.create({ url }).then(
      () => ({ ok: true }),
      () => browser.runtime.openOptionsPage().then(() => ({ ok: true })),
    );
  });
});
