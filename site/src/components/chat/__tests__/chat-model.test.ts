import { describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationSummary } from '@haven/shared/chat';
import { afterNewMessage, afterRead, urgentFirst } from '../chat-model';

const conversation = (id: string, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  yourRole: 'therapist',
  with: { displayName: 'Alex', role: 'client' },
  lastMessageId: 4,
  lastMessageAt: '2026-12-06T09:00:00.000Z',
  unread: 0,
  urgent: 0,
  theirReadId: 4,
  yourReadId: 4,
  writable: true,
  readOnlyReason: null,
  ...over,
});
const message = (id: number, over: Partial<ChatMessage> = {}): ChatMessage => ({ id, conversationId: 'a', sender: 'client', body: 'x', createdAt: '2026-12-06T10:00:00.000Z', clientId: null, urgent: false, ...over });

describe('the messages island’s urgent counts', () => {
  it('counts a client’s new urgent message for the therapist, once, and not for the client', () => {
    const marked = afterNewMessage(conversation('a'), message(5, { urgent: true }));
    expect(marked).toMatchObject({ lastMessageId: 5, unread: 1, urgent: 1 });
    // The same message again (the sender's other tab, a sync): counted once.
    expect(afterNewMessage(marked, message(5, { urgent: true }))).toMatchObject({ unread: 1, urgent: 1 });
    expect(afterNewMessage(conversation('a', { yourRole: 'client', with: { displayName: 'Dr', role: 'therapist' } }), message(5, { urgent: true }))).toMatchObject({ urgent: 0 });
    // The therapist's own message: read up to it, nothing left urgent.
    expect(afterNewMessage(marked, message(6, { sender: 'therapist' }))).toMatchObject({ unread: 0, urgent: 0 });
  });

  it('clears the count when read to the end, keeps it when read only partly, never moves back', () => {
    const waiting = conversation('a', { lastMessageId: 6, yourReadId: 4, unread: 2, urgent: 2 });
    expect(afterRead(waiting, 5)).toMatchObject({ yourReadId: 5, unread: 1, urgent: 2 });
    expect(afterRead(waiting, 6)).toMatchObject({ yourReadId: 6, unread: 0, urgent: 0 });
    expect(afterRead(waiting, 3)).toBe(waiting);
  });

  it('lists conversations with urgent messages first, otherwise in the order given', () => {
    const list = [conversation('a'), conversation('b', { urgent: 1 }), conversation('c'), conversation('d', { urgent: 3 })];
    expect(urgentFirst(list).map((c) => c.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
