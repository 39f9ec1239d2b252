import { defineContentScript } from '#imports';
import { SAAS_MATCHES } from '../../lib/adapters/hosts';
import { startOverlay } from '../../lib/runtime/controller';
import { safely } from '../../lib/runtime/safely';
import { contentDeps } from './deps';

/** When the load event does not come (a subresource hangs), start anyway after this long. */
const START_AT_LATEST_MS = 3000;

export default defineContentScript({
  matches: SAAS_MATCHES,
  // The overlay's CSS is bundled as text and given to its shadow root (see ./deps): nothing to inject.
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  main(ctx) {
    safely(
      'start',
      () => {
        const deps = contentDeps();
        // Ask for this page's adapter at once: the background injects it while the page finishes loading.
        void Promise.resolve(safely('adapter-prefetch', () => deps.adapterFor(new URL(location.href)), undefined)).catch(() => {});
        let started = false;
        const start = () => {
          if (started || ctx.isInvalid) return;
          started = true;
          const controller = startOverlay(ctx, deps);
          // newUrl, not location.href: the Navigation API fires before the URL commits.
          ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => controller.navigate(newUrl));
        };
        // document_idle can come before the page's load event, and a first read and render then would
        // hold that event back (test/bench/overlay.bench.ts): start a task after it instead.
        if (document.readyState === 'complete') start();
        else {
          ctx.addEventListener(window, 'load', () => ctx.setTimeout(start, 0), { once: true });
          ctx.setTimeout(start, START_AT_LATEST_MS);
        }
      },
      undefined,
    );
  },
});
