// The list-badge kit (readers, clocks, badges), injected on demand into a frame's content-script world
// on ticket-list pages (see lib/list/kit.ts).
import { defineUnlistedScript } from '#imports';
import { startListBadges } from '../lib/list/badges';
import { registerListKit } from '../lib/list/kit';

export default defineUnlistedScript({
  globalName: false,
  main: () => registerListKit(globalThis, { kitVersion: 1, startListBadges }),
});
