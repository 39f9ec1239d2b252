import { defineBackground } from '#imports';

export default defineBackground(() => {
  // Wired in later issues: watched tickets, alarms, runtime content scripts for self-hosted domains.
});
