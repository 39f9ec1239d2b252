import { browser, defineBackground } from '#imports';
import { optionsPrefillHash, parseOpenOptions } from '../lib/runtime/messages';

export default defineBackground(() => {
  // Wired in later issues: watched tickets, alarms, runtime content scripts for self-hosted domains.

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
