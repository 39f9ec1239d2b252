import { defineContentScript } from '#imports';
import { SAAS_MATCHES } from '../../lib/adapters/hosts';

export default defineContentScript({
  matches: SAAS_MATCHES,
  cssInjectionMode: 'ui',
  async main() {
    // The overlay is wired in the overlay issue.
  },
});
