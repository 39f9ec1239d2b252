// Injected on demand into a frame's content-script world (see lib/runtime/adapter-loader.ts).
import { defineUnlistedScript } from '#imports';
import { adapter } from '../lib/adapters/osticket';
import { registerAdapter } from '../lib/adapters/registry';

export default defineUnlistedScript({ globalName: false, main: () => registerAdapter(globalThis, adapter) });
