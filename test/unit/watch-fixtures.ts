// Builders for watched tickets, shared by the watch, breach-log and background tests.
import { readFileSync } from 'node:fs';
import type { Contract } from '../../lib/contracts/model';
import type { WatchedClock, WatchedTarget, WatchedTicket, WatchUpdate } from '../../lib/watch/types';

export const sampleContracts: Contract[] = JSON.parse(readFileSync('test/demo/sample-contracts.json', 'utf8')).contracts;
export const contract = (id: string): Contract => {
  const c = sampleContracts.find((x) => x.id === id);
  if (!c) throw new Error(`no sample contract ${id}`);
  return c;
};

export const MIN = 60_000;
export const at = (iso: string) => new Date(iso);
export const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

export function target(over: Partial<WatchedTarget> = {}): WatchedTarget {
  return { minutes: 60, basis: '24x7', state: 'running', dueAt: null, warnAt: null, minutesLeft: 60, ...over };
}

export function clock(kind: WatchedClock['kind'], startedAt: string, contractual: Partial<WatchedTarget>, internal?: Partial<WatchedTarget>): WatchedClock {
  return { kind, startedAt, contractual: target(contractual), ...(internal ? { internal: target(internal) } : {}) };
}

export function update(over: Partial<WatchUpdate> = {}): WatchUpdate {
  return {
    helpdesk: 'zendesk',
    ticketId: '1001',
    url: 'https://acme.zendesk.com/agent/tickets/1001',
    subject: 'Printer on fire',
    customer: 'Contoso Ltd',
    contractId: 'contoso-premium',
    severity: 'sev1',
    status: 'open',
    resolved: false,
    computedAt: '2026-11-20T10:00:00.000Z',
    warnPercent: 75,
    clocks: [],
    ...over,
  };
}

export function watched(over: Partial<WatchedTicket> = {}): WatchedTicket {
  const u = update(over);
  const host = new URL(u.url).host;
  return {
    ...u,
    key: `${u.helpdesk}:${host}:${u.ticketId}`,
    pinned: false,
    firstSeenAt: u.computedAt,
    lastSeenAt: u.computedAt,
    closedAt: null,
    notified: [],
    ...over,
  };
}
