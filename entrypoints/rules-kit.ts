// The reading-rules kit (generic adapter, rule overrides, field picker), injected on demand into a frame's
// content-script world where reading rules or the picker are needed (see lib/runtime/picker.ts).
import { defineUnlistedScript } from '#imports';
import { PICKER_CSS } from '../components/PickerStyles';
import { registerRulesKit } from '../lib/runtime/picker';
import { createRulesKit } from '../lib/runtime/picker-kit';

export default defineUnlistedScript({
  globalName: false,
  main: () => registerRulesKit(globalThis, createRulesKit({ css: PICKER_CSS, clock: () => performance.now() })),
});
