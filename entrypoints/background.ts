import { browser, defineBackground } from '#imports';
import { optionsPrefillHash, parseOpenOptions } from '../lib/runtime/messages';
import { handleAdapterRequest, type ScriptInjector } from '../lib/runtime/adapter-loader';
import { handleRulesKitRequest } from '../lib/runtime/picker';
import { handleListKitRequest } from '../lib/list/kit';
import { startCustomDomainSync } from '../lib/custom-domains';
import { startBackground } from '../lib/background';

export default defineBackground(() => {
  // Watched tickets, alarms, notifications, toolbar badge, breach log, contract feed, policy.
  startBackground(browser);

  // The content script asks for its helpdesk's adapter: inject that one script into the asking frame.
  const scripting: ScriptInjector = {
    // lib/ knows the file names as strings; WXT types them as its generated public paths.
    executeScript: (i) => browser.scripting.executeScript(i as Parameters<typeof browser.scripting.executeScript>[0]),
  };
  browser.runtime.onMessage.addListener((msg: unknown, sender) => handleAdapterRequest(msg, sender, scripting));
  // Reading rules or the field picker wanted in a page: inject the rules kit the same way.
  browser.runtime.onMessage.addListener((msg: unknown, sender) => handleRulesKitRequest(msg, sender, scripting));
  // A ticket list in a page: inject the list-badge kit.
  browser.runtime.onMessage.addListener((msg: unknown, sender) => handleListKitRequest(msg, sender, scripting));

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
