import { describe, expect, it } from 'vitest';
import { applyRules, readFieldRule, ruleAnchor, rulesFor } from '../../lib/rules/engine';
import { parseDateText } from '../../lib/rules/dates';
import type { FieldRule, Rule, RuleField } from '../../lib/rules/model';
import { loadFixture, parseHtml } from './adapters/fixtures';
import { ACME, acmeRule, acmeWidgetsRule, attachDeclarativeShadowRoots } from './rules-helpers';

const d = (iso: string) => new Date(iso);
const classic = () => loadFixture('_unknown', 'acme-desk');
function widgets() {
  const f = loadFixture('_unknown', 'acme-desk-widgets');
  attachDeclarativeShadowRoots(f.doc);
  return f;
}
const rule = (fields: Rule['fields'], extra: Partial<Rule> = {}): Rule => ({ id: 'r', origin: ACME, fields, ...extra });
/** One field rule read against a fixture document (no scope). */
function read(doc: Document, field: RuleField, f: FieldRule, url = new URL(`${ACME}/desk/tickets/731`)) {
  return readFieldRule(doc, doc, url, field, f);
}

describe('applyRules on the classic Acme Desk page', () => {
  it('reads every field the rule names, all with source "rule"', () => {
    const f = classic();
    const r = applyRules(f.doc, f.url, [acmeRule]);
    expect(r.values).toEqual({
      ticketId: '731',
      subject: 'Printer queue stuck on floor 3',
      requesterName: 'Jane Cooper',
      requesterEmail: 'jane.cooper@northwind.example',
      organization: 'Northwind Traders',
      priority: 'Urgent',
      status: 'Open',
      createdAt: d('2026-11-18T08:42:00Z'),
      firstAgentReplyAt: d('2026-11-18T09:15:00Z'),
      lastAgentReplyAt: d('2026-11-18T11:05:00Z'),
    });
    expect(Object.values(r.sources)).toEqual(Array(10).fill('rule'));
    expect(r.problems).toEqual([]);
    expect(r.used).toEqual(['acme-desk']);
  });

  it('reads inside the scope: the queue sidebar has the same data-field first in the document', () => {
    const f = classic();
    const fields = { subject: { selector: '[data-field="subject"]' } };
    expect(applyRules(f.doc, f.url, [rule(fields)]).values.subject).toBe('VPN drops every 20 minutes');
    expect(applyRules(f.doc, f.url, [rule(fields, { scope: { selector: '#ticket-main' } })]).values.subject).toBe('Printer queue stuck on floor 3');
  });

  it('skips a rule whose scope is missing and says so', () => {
    const f = classic();
    f.doc.getElementById('ticket-main')!.removeAttribute('data-view');
    const r = applyRules(f.doc, f.url, [acmeRule]);
    expect(r.values).toEqual({});
    expect(r.missingScope).toEqual(['acme-desk']);
    expect(r.problems).toEqual(['rule acme-desk: scope "main[data-view="ticket"]" not found; its fields were not read']);
  });

  it('lets the first rule that yields a value win a field, falling through failures silently', () => {
    const f = classic();
    const broken = rule({ priority: { selector: '#gone' }, status: { selector: '[data-qa="ticket-status"]' } }, { id: 'first' });
    const r = applyRules(f.doc, f.url, [broken, acmeRule]);
    expect(r.values.priority).toBe('Urgent'); // from the second rule
    expect(r.values.status).toBe('Open'); // the first rule's badge, not the select
    expect(r.outcomes.find((o) => o.ruleId === 'first' && o.field === 'priority')?.problem).toBe('selector "#gone" matched nothing');
    expect(r.problems).toEqual([]);
  });

  it('reports each failed attempt when no rule yields the field', () => {
    const f = classic();
    const r = applyRules(f.doc, f.url, [rule({ priority: { selector: '.nope' }, organization: { selector: '#prio-box', regex: 'Company: (\\w+)' } })]);
    expect(r.values).toEqual({});
    expect(r.problems).toEqual([
      'rule r: organization: regex did not match "Priority: Urgent"',
      'rule r: priority: selector ".nope" matched nothing',
    ]);
  });
});

describe('rule selection by URL', () => {
  const zd = rule({ priority: { selector: 'x' } }, { id: 'zd', origin: 'https://northwind.zendesk.com', adapter: 'zendesk', path: '/agent/tickets/*' });
  const any = rule({ priority: { selector: 'x' } }, { id: 'any', origin: 'https://northwind.zendesk.com' });
  const off = rule({ priority: { selector: 'x' } }, { id: 'off', origin: 'https://northwind.zendesk.com', disabled: true });

  it.each([
    ['https://northwind.zendesk.com/agent/tickets/48213', undefined, ['zd', 'any']],
    ['https://northwind.zendesk.com/agent/tickets/48213/events', undefined, ['any']], // * stops at "/"
    ['https://northwind.zendesk.com/agent/tickets/48213', 'zendesk', ['zd', 'any']],
    ['https://northwind.zendesk.com/agent/tickets/48213', 'generic', ['any']],
    ['http://northwind.zendesk.com/agent/tickets/48213', undefined, []], // other origin (scheme)
    ['https://northwind.zendesk.com.evil.example/agent/tickets/1', undefined, []],
  ])('%s for %s → %j', (href, adapter, ids) => {
    expect(rulesFor([zd, any, off], new URL(href), adapter).map((r) => r.id)).toEqual(ids);
  });

  it('"**" crosses path segments', () => {
    const deep = rule({ subject: { selector: 'h1' } }, { path: '/desk/**' });
    expect(rulesFor([deep], new URL(`${ACME}/desk/tickets/731/edit`))).toHaveLength(1);
    expect(rulesFor([deep], new URL(`${ACME}/reports/desk`))).toHaveLength(0);
  });
});

describe('source kinds', () => {
  it('text is collapsed textContent', () => {
    expect(read(classic().doc, 'organization', { selector: '[data-field="company"]' }).value).toBe('Northwind Traders');
  });

  it('attribute reads the named attribute and says when it is missing', () => {
    const doc = classic().doc;
    expect(read(doc, 'createdAt', { selector: 'dl time', read: 'attribute', attribute: 'datetime' }).value).toEqual(d('2026-11-18T08:42:00Z'));
    expect(read(doc, 'createdAt', { selector: 'dl time', read: 'attribute', attribute: 'data-ts' }).problem).toBe('the element has no "data-ts" attribute');
  });

  it('value reads a select by its selected option and an input by its current value', () => {
    const doc = classic().doc;
    expect(read(doc, 'status', { selector: 'main select[name="status"]', read: 'value' }).value).toBe('Open');
    const input = doc.querySelector<HTMLInputElement>('#quick-edit input[name="subject"]')!;
    input.value = 'Edited in the page';
    expect(read(doc, 'subject', { selector: '#quick-edit input', read: 'value' }).value).toBe('Edited in the page');
    expect(read(doc, 'subject', { selector: 'h1', read: 'value' }).problem).toBe('the element is empty');
  });

  it('url and title read the address and the document title', () => {
    const doc = classic().doc;
    const url = new URL(`${ACME}/desk/tickets/731?from=queue#reply`);
    expect(read(doc, 'ticketId', { from: 'url', regex: 'tickets/(\\d+)' }, url).value).toBe('731');
    expect(read(doc, 'ticketId', { from: 'url', regex: '#(\\w+)' }, url).value).toBe('reply');
    expect(read(doc, 'subject', { from: 'title', regex: '^#\\d+ (.+?) ·' }).value).toBe('Printer queue stuck on floor 3');
  });

  it('which: "last" takes the last match in document order', () => {
    const doc = classic().doc;
    const sel = 'article[data-author-role="agent"] time';
    expect(read(doc, 'lastAgentReplyAt', { selector: sel, read: 'attribute', attribute: 'datetime' }).value).toEqual(d('2026-11-18T09:15:00Z'));
    expect(read(doc, 'lastAgentReplyAt', { selector: sel, which: 'last', read: 'attribute', attribute: 'datetime' }).value).toEqual(d('2026-11-18T11:05:00Z'));
  });

  it('a ticket id loses its "#", an email is extracted and lower-cased, a container is refused', () => {
    const doc = classic().doc;
    expect(read(doc, 'ticketId', { selector: '.TicketHeader_number__Zx81a' }).value).toBe('731');
    doc.querySelector('dl > dd span:nth-of-type(2)')!.textContent = 'Jane <Jane.Cooper@Northwind.example>';
    expect(read(doc, 'requesterEmail', { selector: 'dl > dd:nth-of-type(1)' }).value).toBe('jane.cooper@northwind.example');
    expect(read(doc, 'requesterEmail', { selector: '[data-field="company"]' }).problem).toBe('no email address in "Northwind Traders"');
    expect(read(doc, 'subject', { selector: 'body' }).problem).toMatch(/^value is \d+ characters long \(at most 500\): the selector probably names a container$/);
  });
});

describe('frames and shadow roots', () => {
  it('reads the 2026 UI through the shadow root and the same-origin iframe', () => {
    const f = widgets();
    const r = applyRules(f.doc, f.url, [acmeWidgetsRule]);
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({
      subject: 'Password reset mail never arrives',
      requesterName: 'Li Wei',
      requesterEmail: 'li.wei@contoso.example',
      organization: 'Contoso Ltd',
      priority: 'High',
      status: 'Waiting for customer',
      createdAt: d('2026-11-20T13:30:00Z'), // 14:30 in Berlin
    });
  });

  it('follows several hops: a shadow root inside an iframe', () => {
    const f = widgets();
    const inner = f.doc.querySelector<HTMLIFrameElement>('#details-frame')!.contentDocument!;
    const host = inner.createElement('sla-badge');
    inner.body.append(host);
    const label = inner.createElement('b');
    label.textContent = 'Sev 2';
    host.attachShadow({ mode: 'open' }).append(label);
    const got = read(f.doc, 'priority', { within: [{ frame: '#details-frame' }, { shadow: 'sla-badge' }], selector: 'b' }, f.url);
    expect(got.value).toBe('Sev 2');
  });

  it('names the hop that failed: missing frame, missing host, closed shadow root, unreadable frame', () => {
    const f = widgets();
    expect(read(f.doc, 'priority', { within: [{ frame: '#nope' }], selector: 'td' }).problem).toBe('frame "#nope" not found');
    expect(read(f.doc, 'priority', { within: [{ shadow: 'acme-x' }], selector: 'b' }).problem).toBe('shadow host "acme-x" not found');
    const closed = f.doc.createElement('acme-closed');
    closed.attachShadow({ mode: 'closed' });
    f.doc.body.append(closed);
    expect(read(f.doc, 'priority', { within: [{ shadow: 'acme-closed' }], selector: 'b' }).problem).toBe('"acme-closed" has no open shadow root');
    // A cross-origin frame's contentDocument is null in a browser; a frame that is not an iframe has none either.
    expect(read(f.doc, 'priority', { within: [{ frame: 'h1' }], selector: 'td' }).problem).toBe('frame "h1" is not readable (another origin, or not loaded yet)');
  });
});

describe('regex capture', () => {
  const doc = () => classic().doc;
  it('takes the one capture group and trims it', () => {
    expect(read(doc(), 'priority', { selector: '#prio-box', regex: 'Priority:(.*)' }).value).toBe('Urgent');
    expect(read(doc(), 'priority', { selector: '#prio-box', regex: 'priority: (\\w+)', flags: 'i' }).value).toBe('Urgent');
  });

  it('says when the regex does not match or its group is empty', () => {
    expect(read(doc(), 'priority', { selector: '#prio-box', regex: '^Prio (\\w+)' }).problem).toBe('regex did not match "Priority: Urgent"');
    expect(read(doc(), 'priority', { selector: '#prio-box', regex: 'Priority:(x?)' }).problem).toBe('regex matched, but its capture group is empty');
  });

  it('never runs a pattern that fails the safety check, even when it reaches the engine unvalidated', () => {
    const o = read(doc(), 'priority', { selector: '#prio-box', regex: '(\\w+\\s?)*$' });
    expect(o.value).toBeUndefined();
    expect(o.problem).toMatch(/^regex must not nest repeats/);
  });

  it('searches only the first 1000 characters of long text', () => {
    const d0 = doc();
    d0.getElementById('prio-box')!.textContent = `${'x'.repeat(1200)} Priority: Low`;
    const o = read(d0, 'priority', { selector: '#prio-box', regex: 'Priority: (\\w+)' });
    expect(o.problem).toMatch(/\(only the first 1000 characters are searched\)$/);
  });

  it('switches a slow regex off for the session (circuit breaker with an injected clock)', () => {
    const f = classic();
    let t = 0;
    const clock = () => (t += 80); // every exec "takes" 80 ms
    const slow = new Set<string>();
    const rules = [rule({ priority: { selector: '#prio-box', regex: 'Priority: (\\w+)' } })];
    const first = applyRules(f.doc, f.url, rules, { clock, slow });
    expect(first.values.priority).toBe('Urgent');
    expect(first.outcomes[0]?.ms).toBe(80);
    expect([...slow]).toEqual(['r:priority']);
    const second = applyRules(f.doc, f.url, rules, { clock, slow });
    expect(second.values.priority).toBeUndefined();
    expect(second.problems).toEqual(['rule r: priority: regex switched off for this session: it ran too long earlier']);
  });
});

describe('dates', () => {
  it('a luxon format in an IANA zone, across a DST change', () => {
    expect(parseDateText('18.11.2026 09:42', { format: 'dd.MM.yyyy HH:mm', zone: 'Europe/Berlin' })).toEqual(d('2026-11-18T08:42:00Z'));
    expect(parseDateText('18.07.2026 09:42', { format: 'dd.MM.yyyy HH:mm', zone: 'Europe/Berlin' })).toEqual(d('2026-07-18T07:42:00Z'));
    expect(parseDateText('Nov 18, 2026 9:42 PM', { format: 'LLL d, yyyy h:mm a', zone: 'America/New_York' })).toEqual(d('2026-11-19T02:42:00Z'));
    expect(parseDateText('18. November 2026, 09:42', { format: "d. LLLL yyyy', 'HH:mm", zone: 'Europe/Vienna', locale: 'de' })).toEqual(d('2026-11-18T08:42:00Z'));
  });

  it('an offset in the text wins over the zone', () => {
    expect(parseDateText('18.11.2026 09:42 +05:30', { format: 'dd.MM.yyyy HH:mm ZZ', zone: 'Europe/Berlin' })).toEqual(d('2026-11-18T04:12:00Z'));
  });

  it('automatic: ISO with and without offset, epoch seconds and milliseconds, SQL, RFC 2822', () => {
    const z = { zone: 'Asia/Kathmandu' }; // +05:45
    expect(parseDateText('2026-11-18T08:42:00Z', z)).toEqual(d('2026-11-18T08:42:00Z'));
    expect(parseDateText('2026-11-18T14:27', z)).toEqual(d('2026-11-18T08:42:00Z'));
    expect(parseDateText('2026-11-18 14:27:00', z)).toEqual(d('2026-11-18T08:42:00Z'));
    expect(parseDateText('1795336920', z)).toEqual(d('2026-11-22T08:42:00Z'));
    expect(parseDateText('1795336920000', z)).toEqual(d('2026-11-22T08:42:00Z'));
    expect(parseDateText('Wed, 18 Nov 2026 09:42:00 +0100', z)).toEqual(d('2026-11-18T08:42:00Z'));
  });

  it('text that is not a date (or not in the format) gives a problem, not a wrong date', () => {
    const doc = classic().doc;
    expect(parseDateText('yesterday')).toBeUndefined();
    expect(parseDateText('31.02.2026 09:00', { format: 'dd.MM.yyyy HH:mm', zone: 'UTC' })).toBeUndefined();
    expect(read(doc, 'createdAt', { selector: 'dl time' }).problem).toBe(
      '"Wed 18 Nov, 09:42" is not a date (ISO 8601, epoch, SQL or RFC 2822; set date.format for other text)',
    );
    expect(read(doc, 'createdAt', { selector: 'dl time', date: { format: 'yyyy-MM-dd', zone: 'UTC' } }).problem).toBe('"Wed 18 Nov, 09:42" is not a date in the format yyyy-MM-dd');
  });
});

describe('missing elements and odd documents', () => {
  it('an empty page yields no values and one problem per field, never a throw', () => {
    const doc = parseHtml('<html><body><p>Maintenance</p></body></html>');
    const r = applyRules(doc, new URL(`${ACME}/desk/tickets/731`), [{ ...acmeRule, scope: undefined }]);
    expect(r.values).toEqual({ ticketId: '731' }); // from the URL
    expect(r.problems).toHaveLength(9);
    expect(r.problems).toContain('rule acme-desk: subject: selector "h1[data-field="subject"]" matched nothing');
  });

  it('an invalid selector that slipped past validation is a problem', () => {
    const doc = classic().doc;
    expect(read(doc, 'subject', { selector: 'h1[' }).problem).toBe('selector "h1[" is not valid here');
  });

  it('the anchor comes from the first applicable rule with one, inside its scope', () => {
    const f = classic();
    expect(ruleAnchor(f.doc, f.url, [acmeRule])).toBe(f.doc.querySelector('main h1'));
    expect(ruleAnchor(f.doc, new URL(`${ACME}/desk/reports`), [acmeRule])).toBeNull();
  });
});
