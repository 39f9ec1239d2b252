import { defineConfig } from 'vitest/config';

// Browser E2E: the built extension (.output/chrome-mv3) in Debian's Chromium via playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
