import { describe, expect, it } from 'vitest';
import { adapter } from '../../../lib/adapters/servicenow';
import type { GetJson } from '../../../lib/adapters/types';
import { fakeGetJson, loadFixture, parseHtml } from './fixtures';

const d = (iso: string) => new Date(iso);
const SYS_ID = '46e8219fa9fe198100b3e7d8f2f5c3a1';
const CASE_ID = '9f2b6e21db3c3010a8b1f4e3ce961923';
const TOKEN = '3d5f0c1a9bd7e1d4b2f0a8c6e4d2b0a9f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c';

/** The top document with the classic frame document reachable as contentDocument (same origin). */
function topWithFrame() {
  const top = loadFixture('servicenow', 'ui16-top');
  const frame = loadFixture('servicenow', 'classic-frame');
  Object.defineProperty(top.doc.getElementById('gsft_main')!, 'contentDocument', { value: frame.doc });
  return { top, frame };
}

/** A getJson that also records the headers of each call. */
function recording(api: Record<string, unknown>) {
  const fake = fakeGetJson(api);
  const headers: (Record<string, string> | undefined)[] = [];
  const getJson: GetJson = (path, init) => { headers.push(init?.headers); return fake.getJson(path); };
  return { getJson, calls: fake.calls, headers };
}

const classicSnapshot = {
  helpdesk: 'servicenow',
  ticketId: SYS_ID,
  subject: 'Email not syncing on mobile devices',
  requesterName: 'Abel Tuter',
  organization: 'Northwind Traders',
  organizationId: '81fca4cbac1d55eb4cb89f136a082555',
  priority: '1 - Critical',
  status: 'In Progress',
  // Display text in the viewer's zone, without a marker: read as the browser's local time.
  createdAt: new Date(2026, 10, 20, 10, 12, 0),
  sources: {
    ticketId: 'dom', subject: 'dom', requesterName: 'dom', organization: 'dom', organizationId: 'dom',
    priority: 'dom', status: 'dom', createdAt: 'dom',
  },
};

describe('servicenow matches', () => {
  it.each([
    [`https://northwind.service-now.com/incident.do?sys_id=${SYS_ID}`, true],
    [`https://northwind.service-now.com/nav_to.do?uri=%2Fincident.do%3Fsys_id%3D${SYS_ID}`, true],
    [`https://northwind.service-now.com/now/nav/ui/classic/params/target/incident.do%253Fsys_id%253D${SYS_ID}`, true],
    [`https://northwind.service-now.com/now/sow/record/incident/${SYS_ID}`, true],
    ['https://northwind.service-now.com/incident_list.do?sysparm_query=active=true', true], // classic list (no snapshot)
    ['https://northwind.service-now.com/sp?id=ticket&table=incident', false], // service portal (customer side)
    [`https://northwind.service-now.com.evil.example/incident.do?sys_id=${SYS_ID}`, false],
    ['https://northwind.zendesk.com/agent/tickets/1', false],
    ['https://support.northwind.example/jira/browse/SUP-7', false],
  ])('%s → %s', (href, want) => {
    expect(adapter.matches(new URL(href))).toBe(want);
  });
});

describe('servicenow readTicket', () => {
  it('reads the classic form from the frame document itself', () => {
    const f = loadFixture('servicenow', 'classic-frame');
    expect(adapter.readTicket(f.doc, f.url)).toEqual(classicSnapshot);
  });

  it('reads the classic form from the top document through the same-origin frame', () => {
    const { top } = topWithFrame();
    expect(adapter.readTicket(top.doc, top.url)).toEqual(classicSnapshot);
  });

  it('falls back to the URL when the frame is not reachable (not loaded, cross-origin, shadow root)', () => {
    const top = loadFixture('servicenow', 'ui16-top');
    expect(adapter.readTicket(top.doc, top.url)).toEqual({ helpdesk: 'servicenow', ticketId: SYS_ID, sources: { ticketId: 'url' } });
    const polaris = new URL(`https://northwind.service-now.com/now/nav/ui/classic/params/target/incident.do%253Fsys_id%253D${SYS_ID}`);
    const ws = loadFixture('servicenow', 'workspace-case');
    expect(adapter.readTicket(ws.doc, polaris)?.ticketId).toBe(SYS_ID);
  });

  it('reads only the sys_id in a workspace (form in shadow roots)', () => {
    const f = loadFixture('servicenow', 'workspace-case');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({ helpdesk: 'servicenow', ticketId: CASE_ID, sources: { ticketId: 'url' } });
  });

  it('returns null for new records, lists and pages without ServiceNow markers', () => {
    const f = loadFixture('servicenow', 'classic-frame'); // a new record's form already carries a sys_id
    expect(adapter.readTicket(f.doc, new URL('https://northwind.service-now.com/incident.do?sys_id=-1'))).toBeNull();
    const shell = topWithFrame();
    Object.defineProperty(shell.frame.doc, 'URL', { value: 'https://northwind.service-now.com/incident.do?sys_id=-1' });
    expect(adapter.readTicket(shell.top.doc, shell.top.url)).toBeNull(); // the shell's URL still names the previous record
    const top = loadFixture('servicenow', 'ui16-top');
    expect(adapter.readTicket(top.doc, new URL('https://northwind.service-now.com/incident_list.do'))).toBeNull();
    expect(adapter.readTicket(top.doc, new URL('https://northwind.service-now.com/nav_to.do?uri=home.do'))).toBeNull();
    const blank = parseHtml('<p>Loading</p>');
    expect(adapter.readTicket(blank, new URL(`https://northwind.service-now.com/now/sow/record/incident/${SYS_ID}`))).toBeNull();
  });

  it('keeps the other fields when one node is odd', () => {
    const f = loadFixture('servicenow', 'classic-frame');
    f.doc.getElementById('incident.priority')!.innerHTML = '';
    f.doc.getElementById('sys_readonly.incident.opened_at')!.setAttribute('value', '20.11.2026 10:12');
    const s = adapter.readTicket(f.doc, f.url);
    expect(s?.priority).toBeUndefined();
    expect(s?.createdAt).toBeUndefined();
    expect(s?.status).toBe('In Progress');
    expect(s?.subject).toBe('Email not syncing on mobile devices');
  });
});

describe('servicenow enrich', () => {
  it('classic: Table API with the page token, UTC values, state history and public comments', async () => {
    const f = loadFixture('servicenow', 'classic-frame');
    const { getJson, calls, headers } = recording(f.api);
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls).toEqual(Object.keys(f.api));
    expect(headers.every((h) => h?.['X-UserToken'] === TOKEN)).toBe(true);
    expect(got).toEqual({
      subject: 'Email not syncing on mobile devices',
      priority: '1 - Critical',
      status: 'In Progress',
      createdAt: d('2026-11-20T09:12:00Z'),
      requesterName: 'Abel Tuter',
      requesterEmail: 'abel.tuter@northwind.example',
      organization: 'Northwind Traders',
      organizationId: '81fca4cbac1d55eb4cb89f136a082555',
      statusHistory: [
        { status: 'New', at: d('2026-11-20T09:12:00Z') },
        { status: 'In Progress', at: d('2026-11-20T09:40:00Z') },
        { status: 'On Hold', at: d('2026-11-20T10:31:00Z') },
        { status: 'In Progress', at: d('2026-11-20T13:05:00Z') },
      ],
      // 09:12 and 13:05 are the caller's own comments.
      firstAgentReplyAt: d('2026-11-20T10:30:00Z'),
      lastAgentReplyAt: d('2026-11-20T15:45:00Z'),
      sources: {
        subject: 'api', priority: 'api', status: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', statusHistory: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('top document: takes the token from the frame', async () => {
    const { top, frame } = topWithFrame();
    const { getJson, headers } = recording(frame.api);
    const got = await adapter.enrich!(adapter.readTicket(top.doc, top.url)!, getJson, top.doc);
    expect(headers[0]).toEqual({ 'X-UserToken': TOKEN });
    expect(got.statusHistory).toHaveLength(4);
  });

  it('workspace: table from the page URL, CSM contact/account, token from an inline script', async () => {
    const f = loadFixture('servicenow', 'workspace-case');
    Object.defineProperty(f.doc, 'URL', { value: f.url.href });
    const script = f.doc.createElement('script');
    script.textContent = "window.g_ck = '8a1f0c2b3d4e5f60718293a4b5c6d7e8f90123';";
    f.doc.head.append(script);
    const { getJson, calls, headers } = recording(f.api);
    const got = await adapter.enrich!(adapter.readTicket(f.doc, f.url)!, getJson, f.doc);
    expect(calls[0]).toBe(`/api/now/table/sn_customerservice_case/${CASE_ID}?sysparm_display_value=all&sysparm_fields=number,short_description,priority,state,opened_at,caller_id,caller_id.email,caller_id.user_name,contact,contact.email,contact.user_name,company,account`);
    expect(headers[0]).toEqual({ 'X-UserToken': '8a1f0c2b3d4e5f60718293a4b5c6d7e8f90123' });
    expect(got).toEqual({
      subject: 'Shipment API returns 500',
      priority: '2 - High',
      status: 'Awaiting Info',
      createdAt: d('2026-11-21T08:00:00Z'), // display "21.11.2026 09:00:00" is the agent's zone; value is UTC
      requesterName: 'Lee Wong',
      requesterEmail: 'lee.wong@fabrikam.example',
      organization: 'Fabrikam Inc',
      organizationId: '86837a386f0331003b3c498f5d3ee4ca',
      statusHistory: [
        { status: 'New', at: d('2026-11-21T08:00:00Z') },
        { status: 'Open', at: d('2026-11-21T08:20:00Z') },
        { status: 'Awaiting Info', at: d('2026-11-23T14:00:00Z') },
      ],
      firstAgentReplyAt: d('2026-11-23T14:00:00Z'),
      lastAgentReplyAt: d('2026-11-23T14:00:00Z'),
      sources: {
        subject: 'api', priority: 'api', status: 'api', createdAt: 'api', requesterName: 'api', requesterEmail: 'api',
        organization: 'api', organizationId: 'api', statusHistory: 'api', firstAgentReplyAt: 'api', lastAgentReplyAt: 'api',
      },
    });
  });

  it('workspace without a known table: asks the task table for sys_class_name, reports the missing token', async () => {
    const f = loadFixture('servicenow', 'workspace-case');
    const { getJson, calls, headers } = recording(f.api);
    const got = await adapter.enrich!({ helpdesk: 'servicenow', ticketId: CASE_ID }, getJson, f.doc);
    expect(calls[0]).toBe(`/api/now/table/task/${CASE_ID}?sysparm_fields=sys_class_name`);
    expect(headers[0]).toEqual({});
    expect(got.organization).toBe('Fabrikam Inc');
    expect(got.problems).toEqual(['api: no session token (sysparm_ck) on the page']);
  });

  it('never throws on failures or odd JSON', async () => {
    const s = { helpdesk: 'servicenow', ticketId: SYS_ID };
    const f = loadFixture('servicenow', 'classic-frame');
    const failing = await adapter.enrich!(s, fakeGetJson({}).getJson, f.doc);
    expect(Object.keys(failing)).toEqual(['problems']);
    expect(failing.problems).toHaveLength(4);
    const odd = await adapter.enrich!(s, async () => ({ result: 'nope' }), f.doc);
    expect(odd).toEqual({ problems: ['api: record JSON had no result'] });
    expect(await adapter.enrich!({ helpdesk: 'servicenow', ticketId: 'INC0010042' }, fakeGetJson({}).getJson)).toEqual({
      problems: ['api: ticket id is not a sys_id'],
    });
  });
});

describe('servicenow anchor', () => {
  it('is the form header, also from the top document', () => {
    expect(adapter.anchor(loadFixture('servicenow', 'classic-frame').doc)?.className).toBe('navbar-header');
    expect(adapter.anchor(topWithFrame().top.doc)?.className).toBe('navbar-header');
    expect(adapter.anchor(loadFixture('servicenow', 'workspace-case').doc)).toBeNull();
  });
});
