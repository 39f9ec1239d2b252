import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { SAAS_MATCHES } from './lib/adapters/hosts';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // SOURCEMAP=1 npm run build: source maps for size analysis (test/bench/bundle-sizes).
  vite: () => ({ plugins: [preact()], build: { sourcemap: process.env.SOURCEMAP === '1' } }),
  manifest: ({ browser }) => ({
    name: 'SLA Lens',
    description:
      'B2B support contracts inside your helpdesk: live SLA countdowns, entitlements and escalation contacts.',
    permissions: ['storage', 'alarms', 'scripting', 'notifications'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    host_permissions: SAAS_MATCHES,
    // Contracts, settings, feed and reading rules pushed by browser policy (Chrome/Edge; Firefox
    // reads policies.json "3rdparty" without a schema).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'sla-lens@example.org', strict_min_version: '128.0' } } }
      : {}),
  }),
});
