import { describe, expect, it } from 'vitest';
import { SAAS_MATCHES } from '../../lib/adapters/hosts';

describe('static host matches', () => {
  it('are https match patterns for the SaaS helpdesks only', () => {
    for (const m of SAAS_MATCHES) expect(m).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/);
    expect(SAAS_MATCHES).toContain('https://*.zendesk.com/*');
    expect(SAAS_MATCHES.some((m) => m.includes('localhost'))).toBe(false);
  });
});
