import { defineContentScript } from '#imports';
import { SAAS_MATCHES } from '../../lib/adapters/hosts';
import { startOverlay } from '../../lib/runtime/controller';
import { safely } from '../../lib/runtime/safely';
import { contentDeps } from './deps';
// Imported here so WXT bundles it into the content script's CSS, which createShadowRootUi puts in the shadow root.
import '../../components/Overlay.css';

export default defineContentScript({
  matches: SAAS_MATCHES,
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    safely(
      'start',
      () => {
        const controller = startOverlay(ctx, contentDeps());
        // newUrl, not location.href: the Navigation API fires before the URL commits.
        ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => controller.navigate(newUrl));
      },
      undefined,
    );
  },
});
