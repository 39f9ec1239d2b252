// Reading rules in the content script (lib/runtime/picker.ts), the kit's effective rule list, and rules
// travelling with contracts (the interchange file and the feed).
import { describe, expect, it, vi } from 'vitest';
import type { TicketSnapshot } from '../../lib/adapters/types';
import { exportContractsJson, parseContractsJson } from '../../lib/contracts/json';
import { validateContractFile } from '../../lib/contracts/validate';
import { emptyFeedState, refreshFeed, type FetchLike } from '../../lib/feed';
import type { Rule } from '../../lib/rules/model';
import {
  createReadHealth, createRulesKitLoader, handleRulesKitRequest, hasRulesFor, lostMessage, managedRulesValue, pickedPath,
  pickedRuleId, registerRulesKit, withPickedField, LOAD_RULES_KIT, RULES_KIT_SCRIPT, type RulesKit,
} from '../../lib/runtime/picker';
import { createRulesKit } from '../../lib/runtime/picker-kit';
import { ACME, acmeRule } from './rules-helpers';
import { sampleContracts } from './watch-fixtures';

const url = (s: string) => new URL(s);
const zdPriority: Rule = { id: 'zd-sev', origin: 'https://acme.zendesk.com', adapter: 'zendesk', fields: { priority: { selector: '#sev' } } };

describe('hasRulesFor: is the kit worth loading here', () => {
  const t = url(`${ACME}/desk/tickets/731`);
  it('finds a generic rule for the origin, from any source', () => {
    expect(hasRulesFor({ local: [acmeRule] }, t)).toBe(true);
    expect(hasRulesFor({ local: [], feed: [acmeRule] }, t)).toBe(true);
    expect(hasRulesFor({ local: [], managed: [{ ...acmeRule, origin: `${ACME}/` }] }, t)).toBe(true);
  });
  it('ignores other origins, disabled rules, other adapters and junk from policy', () => {
    expect(hasRulesFor({ local: [acmeRule] }, url('https://desk.acme-internal.example:8443/desk/tickets/1'))).toBe(false);
    expect(hasRulesFor({ local: [{ ...acmeRule, disabled: true }] }, t)).toBe(false);
    expect(hasRulesFor({ local: [{ ...acmeRule, adapter: 'zendesk' }] }, t)).toBe(false);
    expect(hasRulesFor({ local: [], managed: [null, 7, 'x', { origin: 5 }] }, t)).toBe(false);
  });
  it('for a built-in adapter: its own rules and rules for any adapter, not the generic ones', () => {
    const zd = url('https://acme.zendesk.com/agent/tickets/1');
    expect(hasRulesFor({ local: [zdPriority] }, zd, 'zendesk')).toBe(true);
    expect(hasRulesFor({ local: [zdPriority] }, zd, 'freshdesk')).toBe(false);
    expect(hasRulesFor({ local: [{ ...zdPriority, adapter: 'generic' }] }, zd, 'zendesk')).toBe(false);
    expect(hasRulesFor({ local: [{ ...zdPriority, adapter: undefined }] }, zd, 'zendesk')).toBe(true);
  });
});

describe('picked rules', () => {
  it('cover the ticket URL with id-like segments as *', () => {
    expect(pickedPath(url(`${ACME}/desk/tickets/731`))).toBe('/desk/tickets/*');
    expect(pickedPath(url('https://jira.example.com/browse/OPS-1234'))).toBe('/browse/*');
    expect(pickedPath(url('https://desk.example.com/app#ticket/7'))).toBe('/**');
    expect(pickedPath(url('https://acme.zendesk.com/agent/tickets/5'), 'zendesk')).toBe('/**');
  });
  it('have one id per origin and adapter, valid for the rule schema', () => {
    expect(pickedRuleId(ACME)).toBe('picked-desk.acme-internal.example-generic');
    expect(pickedRuleId('https://acme.zendesk.com', 'zendesk')).toBe('picked-acme.zendesk.com-zendesk');
    expect(pickedRuleId(`https://${'a'.repeat(80)}.example`)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  });
  it('add a field to the existing picked rule, keeping its other fields', () => {
    const t = { url: url(`${ACME}/desk/tickets/731`) };
    const first = withPickedField([], t, 'requesterEmail', { selector: '#mail' });
    expect(first).toEqual({
      id: pickedRuleId(ACME), label: 'desk.acme-internal.example (picked)', origin: ACME, path: '/desk/tickets/*',
      fields: { requesterEmail: { selector: '#mail' } },
    });
    const second = withPickedField([acmeRule, first], t, 'priority', { selector: '#prio-box', regex: 'Priority:\\s*(\\w+)' });
    expect(second.fields).toEqual({ requesterEmail: { selector: '#mail' }, priority: { selector: '#prio-box', regex: 'Priority:\\s*(\\w+)' } });
    const again = withPickedField([second], t, 'priority', { selector: '#p2' });
    expect(again.fields.priority).toEqual({ selector: '#p2' });
  });
  it('for a built-in adapter name it, so only that adapter’s field is overridden', () => {
    const r = withPickedField([], { url: url('https://acme.zendesk.com/agent/tickets/5'), adapterId: 'zendesk', adapterLabel: 'Zendesk' }, 'priority', { selector: '#sev' });
    expect(r).toEqual(expect.objectContaining({ adapter: 'zendesk', path: '/**', label: 'Zendesk on acme.zendesk.com (picked)' }));
  });
});

describe('reading health', () => {
  const snap = (over: Partial<TicketSnapshot>, sources: TicketSnapshot['sources'] = {}): TicketSnapshot => ({ helpdesk: 'zendesk', ticketId: '1', sources, ...over });
  it('says per field who produced it', () => {
    const rows = createReadHealth().check('o|zendesk', snap({ priority: 'High', subject: 'VPN' }, { priority: 'rule', subject: 'api' }));
    const by = Object.fromEntries(rows.map((r) => [r.field, r.source]));
    expect(by).toEqual(expect.objectContaining({ priority: 'rule', subject: 'api', status: 'missing' }));
    expect(rows.some((r) => r.lost)).toBe(false);
  });
  it('flags a field that was read before and is missing now, per origin and adapter', () => {
    const h = createReadHealth();
    h.check('a|zendesk', snap({ priority: 'High', status: 'Open' }));
    const rows = h.check('a|zendesk', snap({ ticketId: '2', status: 'Open' }));
    expect(rows.filter((r) => r.lost).map((r) => r.field)).toEqual(['priority']);
    expect(lostMessage('priority')).toBe('Priority could not be read (it used to be)');
    // Same call again: same answer (the overlay re-renders); another origin knows nothing of it.
    expect(h.check('a|zendesk', snap({ ticketId: '2', status: 'Open' })).filter((r) => r.lost).map((r) => r.field)).toEqual(['priority']);
    expect(h.check('b|zendesk', snap({ status: 'Open' })).some((r) => r.lost)).toBe(false);
  });
  it('does not flag fields a ticket may simply not have', () => {
    const h = createReadHealth();
    h.check('a|x', snap({ organization: 'Acme', firstAgentReplyAt: new Date(0) }));
    expect(h.check('a|x', snap({})).some((r) => r.lost)).toBe(false);
  });
});

describe('the kit script: injection and loading', () => {
  it('the background injects it into the asking tab and frame only, and ignores other messages', async () => {
    const executeScript = vi.fn(async () => []);
    expect(handleRulesKitRequest({ type: 'load-adapter', id: 'zendesk' }, { tab: { id: 3 } }, { executeScript })).toBeUndefined();
    await expect(handleRulesKitRequest({ type: LOAD_RULES_KIT }, { tab: { id: 3 }, frameId: 2 }, { executeScript })).resolves.toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [2] }, files: [RULES_KIT_SCRIPT] });
    await expect(handleRulesKitRequest({ type: LOAD_RULES_KIT }, {}, { executeScript })).resolves.toEqual(expect.objectContaining({ ok: false }));
  });
  it('the content script asks once, and again after a failure', async () => {
    const scope = {};
    const kit = { kitVersion: 1, startPicker: () => ({ close() {} }) } as unknown as RulesKit;
    const send = vi.fn().mockResolvedValueOnce({ ok: false, error: 'no tab' }).mockImplementation(async () => (registerRulesKit(scope, kit), { ok: true }));
    const load = createRulesKitLoader({ scope, send });
    await expect(load()).rejects.toThrow(/no tab/);
    await expect(load()).resolves.toBe(kit);
    await expect(load()).resolves.toBe(kit);
    expect(send).toHaveBeenCalledTimes(2);
  });
  it('takes the policy value as a list or JSON text of one', () => {
    expect(managedRulesValue([acmeRule])).toEqual([acmeRule]);
    expect(managedRulesValue(JSON.stringify([acmeRule]))).toEqual([acmeRule]);
    expect(managedRulesValue('{not json')).toBeNull();
    expect(managedRulesValue({ rules: [] })).toBeNull();
  });
});

describe('effective rules: policy > feed > local', () => {
  const kit = createRulesKit({ css: '' });
  it('merges by id with precedence and drops only the invalid policy rules', () => {
    const local = { ...acmeRule, label: 'mine' };
    const feed = { ...acmeRule, label: 'team' };
    const bad = { id: 'bad', origin: 'ftp://x', fields: {} };
    const r = kit.effectiveRules({ managed: [bad, { ...acmeRule, label: 'admin' }, zdPriority], feed: [feed], local: [local] });
    expect(r.map((x) => [x.id, x.label])).toEqual([['acme-desk', 'admin'], ['zd-sev', undefined]]);
    const r2 = kit.effectiveRules({ managed: null, feed: [feed], local: [local, { ...zdPriority, id: 'zd-local' }] });
    expect(r2.map((x) => [x.id, x.label])).toEqual([['acme-desk', 'team'], ['zd-local', undefined]]);
  });
});

describe('rules travel with contracts', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  it('the contract file carries readingRules, exported and read back validated', () => {
    const text = exportContractsJson(sampleContracts.slice(0, 1), now, [acmeRule]);
    const r = parseContractsJson(text);
    expect(r.ok && r.file.readingRules).toEqual([acmeRule]);
    expect(JSON.parse(exportContractsJson(sampleContracts.slice(0, 1), now, []))).not.toHaveProperty('readingRules');
  });
  it('refuses a file whose rules are invalid, with the path into readingRules', () => {
    const r = validateContractFile({ format: 'sla-lens/contracts', version: 1, contracts: sampleContracts.slice(0, 1), readingRules: [{ ...acmeRule, fields: { priority: { selector: 'a[' } } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['readingRules[0].fields.priority.selector']);
  });
  it('a feed version keeps its rules, and a change of the rules alone is a new version', async () => {
    let body = exportContractsJson(sampleContracts.slice(0, 1), now, [acmeRule]);
    const fetch: FetchLike = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    const feedUrl = 'https://feed.example.com/contracts.json';
    const one = await refreshFeed({ url: feedUrl, state: { ...emptyFeedState(), url: feedUrl } }, { fetch, now });
    expect(one.state.lastGood?.readingRules).toEqual([acmeRule]);
    body = exportContractsJson(sampleContracts.slice(0, 1), now, [{ ...acmeRule, label: 'Acme Desk v2' }]);
    const two = await refreshFeed({ url: feedUrl, state: one.state }, { fetch, now });
    expect(two.result).toBe('updated');
    expect(two.state.lastGood?.readingRules?.[0]?.label).toBe('Acme Desk v2');
    const three = await refreshFeed({ url: feedUrl, state: two.state }, { fetch, now });
    expect(three.result).toBe('unchanged');
  });
});
