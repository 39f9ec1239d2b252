import { describe, expect, it } from 'vitest';
import { adapter, conversationId } from '../../../lib/adapters/front';
import { loadFixture, parseHtml } from './fixtures';

describe('front matches()', () => {
  it.each([
    ['https://app.frontapp.com/open/cnv_1jdgxx0l', 'cnv_1jdgxx0l'],
    ['https://app.frontapp.com/conversations/cnv_55ab9z', 'cnv_55ab9z'],
    ['https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned/120537545061', 'cnv_1jdgxx0l'],
    ['https://app.frontapp.com/inboxes/teammates/20999898/inbox/all/117421069338', `cnv_${(117421069338).toString(36)}`],
    ['https://app.frontapp.com/inboxes/shared/support/open/121516198', `cnv_${(121516198).toString(36)}`],
    ['https://app.frontapp.com/inboxes/teams/views/9523270/open/26322453318', `cnv_${(26322453318).toString(36)}`],
  ])('reads %s as %s', (u, id) => {
    expect(adapter.matches(new URL(u))).toBe(true);
    expect(conversationId(new URL(u))).toBe(id);
  });

  it('turns the in-app number into the API id (base 36)', () => {
    expect(parseInt('1jdgxx0l', 36)).toBe(120537545061);
  });

  it.each([
    'https://app.frontapp.com/inboxes/shared/intercom/open/latest',
    'https://app.frontapp.com/inboxes/teams/folders/7256583',
    'https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned',
    'https://app.frontapp.com/settings/company/rules',
    'https://frontapp.com/open/cnv_1jdgxx0l',
    'https://secure.helpscout.net/conversation/1/2',
  ])('rejects %s', (u) => expect(adapter.matches(new URL(u))).toBe(false));
});

describe('front readTicket()', () => {
  it('reads the conversation pane (best effort on hashed class names)', () => {
    const f = loadFixture('front', 'conversation');
    expect(adapter.readTicket(f.doc, f.url)).toEqual({
      helpdesk: 'front',
      ticketId: 'cnv_1jdgxx0l',
      subject: 'SSO login loops back to the start page',
      requesterName: 'Kenji Watanabe',
      sources: { ticketId: 'url', subject: 'dom', requesterName: 'dom' },
    });
  });

  it('returns the bare id when Front renamed its classes but the top bar is still there', () => {
    const d = parseHtml('<div class="conversationTopbar__StyledConversationTopbar-sc-zzz-0 x"></div>');
    expect(adapter.readTicket(d, new URL('https://app.frontapp.com/open/cnv_abc'))).toEqual({
      helpdesk: 'front', ticketId: 'cnv_abc', sources: { ticketId: 'url' },
    });
  });

  it('returns null without the conversation top bar', () => {
    const f = loadFixture('front', 'conversation');
    expect(adapter.readTicket(parseHtml('<div id="root"></div>'), f.url)).toBeNull();
  });

  it('anchors in the top bar', () => {
    expect(adapter.anchor(loadFixture('front', 'conversation').doc)?.className).toContain('conversationTopbar__StyledContentDiv');
  });
});
