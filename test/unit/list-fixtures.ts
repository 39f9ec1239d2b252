// Shared by the list-badge unit tests: the E2E contract set (Northwind, Contoso, Wingtip), the real
// engines, and watch-store replies as the background sends them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkContractsText } from '../../lib/contracts/check';
import type { Contract } from '../../lib/contracts/model';
import { buildMatchIndex, matchTicket } from '../../lib/match';
import type { WatchListItem } from '../../lib/watch/schedule';

export function fixtureContracts(): Contract[] {
  const file = join(import.meta.dirname, '..', 'e2e', 'contracts', 'fixtures.json');
  const r = checkContractsText(readFileSync(file, 'utf8'), 'fixtures.json');
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  return r.contracts;
}

export const engines = { buildIndex: buildMatchIndex, match: matchTicket };

export function watchItem(p: Partial<WatchListItem> & Pick<WatchListItem, 'key' | 'urgency' | 'contractId'>): WatchListItem {
  const [helpdesk = '', , ticketId = ''] = p.key.split(':');
  return {
    kind: null, dueAt: null, closed: p.urgency === 'closed', helpdesk, ticketId, url: `https://example.test/${ticketId}`,
    customer: 'Customer', severity: null, pinned: false, lastSeenAt: '2026-11-22T10:00:00.000Z', ...p,
  };
}

export const watchReply = (items: WatchListItem[]) => ({ ok: true, items, badge: { count: 0, breached: 0, atRisk: 0, text: '', color: '#000' } });
