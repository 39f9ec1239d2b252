// Property tests over every fixture and every adapter: hostile page mutations and hostile API JSON never
// make an adapter throw, and whatever it returns keeps the snapshot's types (strings are strings, dates
// are valid Dates). Runs are scaled by fixture size to keep the file well under ~15 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../../lib/adapters/index';
import type { HelpdeskAdapter, TicketSnapshot } from '../../../lib/adapters/types';
import { allFixtures, type Fixture } from './fixtures';

const fixtures = allFixtures();

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '"; DROP TABLE tickets;--',
  'A'.repeat(20_000),
  '\u202Eevil\u202C',
  'a\u200Bb\u200Dc\uFEFF',
  '__proto__',
  'constructor',
  '{"__proto__":{"polluted":1}}',
  '',
  ' \n\t ',
  '\u0000',
  '9999-99-99T99:99:99Z',
  '2026-13-45 25:61',
  'Sun Nov 31 25:61:61 2026',
  'Feb 30, 2026 10:00',
  '5',
  'NaN',
  '1e400',
  '#4: ',
  'javascript:alert(1)',
  '😀'.repeat(500),
  'Not set',
  '(no value)',
  'jane@northwind.example',
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 16 }));
const ATTRS = ['class', 'id', 'datetime', 'title', 'href', 'value', 'selected', 'aria-label', 'data-id', 'data-user-id',
  'data-ticket-id', 'data-conversation_id', 'data-transaction-id', 'data-test-id', 'data-testid', 'data-entity-id', 'type', '*'];

const mutation = fc.record({
  kind: fc.constantFrom('remove', 'duplicate', 'move', 'text', 'attr', 'attr'),
  at: fc.nat(),
  to: fc.nat(),
  value: hostile,
  attr: fc.constantFrom(...ATTRS),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Document, m: Mutation): void {
  const els = Array.from(doc.querySelectorAll('*'));
  const el = els[m.at % Math.max(els.length, 1)];
  if (!el) return;
  try {
    switch (m.kind) {
      case 'remove':
        el.remove();
        break;
      case 'duplicate':
        el.after(el.cloneNode(true));
        break;
      case 'move': {
        const sibs = el.parentElement ? Array.from(el.parentElement.children) : [];
        const ref = sibs[m.to % Math.max(sibs.length, 1)];
        if (ref && ref !== el) ref.before(el);
        break;
      }
      case 'text':
        el.textContent = m.value;
        break;
      case 'attr': {
        // '*' = overwrite an attribute the element already has (ids, classes, data-* of the real page).
        const name = m.attr === '*' ? (el.attributes[m.to % Math.max(el.attributes.length, 1)]?.name ?? 'class') : m.attr;
        el.setAttribute(name, m.value);
        break;
      }
    }
  } catch {
    /* a DOM API refusing the mutation (e.g. two roots) is not an adapter failure */
  }
}

const STRING_FIELDS = ['subject', 'requesterName', 'requesterEmail', 'organization', 'organizationId', 'priority', 'status'] as const;
const DATE_FIELDS = ['createdAt', 'firstAgentReplyAt', 'lastAgentReplyAt'] as const;
const SOURCES = new Set(['url', 'dom', 'api', 'rule', 'title']);
const validDate = (d: unknown) => d instanceof Date && Number.isFinite(d.getTime());

/** Type problems in a (partial) snapshot; [] when it keeps its promises. */
function typeProblems(s: Partial<TicketSnapshot>, full: boolean): string[] {
  const bad: string[] = [];
  if (full) {
    if (typeof s.helpdesk !== 'string' || !s.helpdesk) bad.push('helpdesk');
    if (typeof s.ticketId !== 'string' || !s.ticketId) bad.push('ticketId');
  }
  for (const k of STRING_FIELDS) if (s[k] !== undefined && typeof s[k] !== 'string') bad.push(k);
  for (const k of DATE_FIELDS) if (s[k] !== undefined && !validDate(s[k])) bad.push(k);
  if (s.statusHistory !== undefined) {
    if (!Array.isArray(s.statusHistory)) bad.push('statusHistory');
    else if (!s.statusHistory.every((e) => e && typeof e.status === 'string' && validDate(e.at))) bad.push('statusHistory[]');
  }
  if (s.sources !== undefined && Object.values(s.sources).some((v) => !SOURCES.has(v as string))) bad.push('sources');
  if (s.problems !== undefined && !(Array.isArray(s.problems) && s.problems.every((p) => typeof p === 'string'))) bad.push('problems');
  return bad;
}

function acceptedUrl(a: HelpdeskAdapter): URL | undefined {
  return fixtures.find((f) => f.helpdesk === a.id && a.matches(f.url))?.url;
}
const urlsFor = new Map(adapters.map((a) => [a.id, acceptedUrl(a)]));

function checkPage(doc: Document, f: Fixture): string[] {
  const bad: string[] = [];
  for (const a of adapters) {
    for (const url of [f.url, urlsFor.get(a.id)]) {
      if (!url) continue;
      let s: TicketSnapshot | null = null;
      try {
        s = a.readTicket(doc, url);
      } catch (e) {
        bad.push(`${a.id}.readTicket threw ${String(e)}`);
        continue;
      }
      if (s !== null) {
        const p = typeProblems(s, true);
        if (p.length) bad.push(`${a.id}.readTicket bad ${p.join(',')}`);
        if (s.helpdesk !== a.id) bad.push(`${a.id}.readTicket says helpdesk ${s.helpdesk}`);
      }
    }
    try {
      const el = a.anchor(doc);
      if (el !== null && el.nodeType !== 1) bad.push(`${a.id}.anchor returned a non-element`);
    } catch (e) {
      bad.push(`${a.id}.anchor threw ${String(e)}`);
    }
  }
  return bad;
}

const runsFor = (f: Fixture) => (f.html.length > 40_000 ? 3 : f.html.length > 15_000 ? 6 : 15);

describe('hostile pages', () => {
  it.each(fixtures.map((f) => [`${f.helpdesk}/${f.name}`, f] as const))('%s', (_n, f) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        const doc = f.doc.cloneNode(true) as Document;
        for (const m of ms) mutate(doc, m);
        expect(checkPage(doc, f)).toEqual([]);
      }),
      { numRuns: runsFor(f), seed: 20261121 ^ f.name.length, endOnFailure: true },
    );
  });

  it('survives an empty document and one made only of hostile text', () => {
    const empty = document.implementation.createHTMLDocument('');
    const noisy = document.implementation.createHTMLDocument(HOSTILE[0]!);
    noisy.body.textContent = HOSTILE.join(' ');
    for (const f of fixtures.slice(0, 3)) {
      expect(checkPage(empty, f)).toEqual([]);
      expect(checkPage(noisy, f)).toEqual([]);
    }
  });
});

/** Replace values at random places of recorded JSON with junk of the wrong type. */
const junk = fc.oneof(
  fc.constantFrom(null, undefined, [], {}, '', 0, -1, true, NaN, '__proto__', 'not a date', '2026-13-45T99:99:99Z', [null], { id: {} }),
  hostile,
  fc.anything({ maxDepth: 2, withObjectString: true, withNullPrototype: true }),
);

function corrupt(value: unknown, picks: number[], replacements: unknown[], depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const out: Record<string | number, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  entries.forEach(([k, v], i) => {
    const pick = picks[(depth * 7 + i) % Math.max(picks.length, 1)] ?? 0;
    const next = pick % 5 === 0 ? replacements[pick % Math.max(replacements.length, 1)] : corrupt(v, picks, replacements, depth + 1);
    (out as Record<string | number, unknown>)[k] = next;
  });
  return out;
}

describe('hostile API JSON', () => {
  const withEnrich = adapters.filter((a) => a.enrich);
  const cases = withEnrich.flatMap((a) => {
    const own = fixtures.filter((f) => f.helpdesk === a.id);
    const f = own.find((x) => Object.keys(x.api).length) ?? own[0];
    const base = f ? a.readTicket(f.doc, f.url) : null;
    return base && f ? [[a.id, a, f, base] as const] : [];
  });

  it('covers the adapters that enrich', () => {
    expect(cases.map((c) => c[0])).toEqual(expect.arrayContaining(['request-tracker', 'zammad', 'gorgias']));
  });

  it.each(cases)('%s never throws and keeps types', async (_id, a, f, base) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.array(junk, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (picks, replacements, wholeJunk) => {
          const getJson = async (path: string) =>
            wholeJunk ? replacements[path.length % replacements.length] : corrupt(f.api[path] ?? null, picks, replacements);
          let out: Partial<TicketSnapshot>;
          try {
            out = await a.enrich!({ ...base, sources: { ...base.sources } }, getJson, f.doc);
          } catch (e) {
            throw new Error(`${a.id}.enrich rejected: ${String(e)}`);
          }
          expect(typeProblems(out ?? {}, false)).toEqual([]);
        },
      ),
      { numRuns: 30, seed: 42, endOnFailure: true },
    );
  });
});
