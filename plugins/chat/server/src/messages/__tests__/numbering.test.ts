import { describe, expect, it } from 'vitest';
import type { OwnerSealer } from '@haven/shared/server/envelope';
import type { ConversationCounters } from '../../db/rows';
import type { Participation } from '../../services/conversations';
import { numberAndSeal } from '../numbering';
import { splitEchoes } from '../retries';
import type { Pending } from '../types';

const sealer: OwnerSealer = {
  encrypt: (text, record) => `sealed(${record}:${text})`,
  decrypt: (text) => text,
};

const conversation = (id: number, role: 'client' | 'therapist'): Participation => ({ id, documentId: `c${id}`, clientUserId: 1, therapistUserId: 2, role, otherUserId: role === 'client' ? 2 : 1 });
const pending = (conv: Participation, body: string, clientId: string | null = null, urgent = false): Pending => ({
  conversation: conv,
  senderUserId: conv.role === 'client' ? 1 : 2,
  body,
  clientId,
  urgent,
  resolve: () => undefined,
  reject: () => undefined,
});
const counters = (id: number, lastSeq: number): ConversationCounters => ({ id, documentId: `c${id}`, lastSeq, clientReadSeq: 0, therapistReadSeq: 0, keyVersion: 1, wrappedKey: 'k' });

describe('numbering a batch', () => {
  it('keeps the urgent mark of each message on its row and in its view, unsealed', () => {
    const batch = [pending(conversation(7, 'client'), 'help', null, true), pending(conversation(7, 'client'), 'hello')];
    const { plan, result } = numberAndSeal(batch, [counters(7, 0)], new Date('2026-12-06T09:00:00Z'), () => sealer);
    expect(plan.messages.map((m) => [m.seq, m.urgent])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(batch.map((item) => result.get(item)?.urgent)).toEqual([true, false]);
  });

  it('numbers each conversation on from its counter, seals under the number, and moves the sender’s read pointer', () => {
    const batch = [pending(conversation(7, 'client'), 'a'), pending(conversation(9, 'therapist'), 'b'), pending(conversation(7, 'therapist'), 'c')];
    const now = new Date('2026-12-06T09:00:00Z');
    const { plan, result } = numberAndSeal(batch, [counters(7, 4), counters(9, 0)], now, () => sealer);
    expect(plan.messages.map((m) => [m.conversationId, m.seq, m.senderRole, m.body])).toEqual([
      [7, 5, 'client', 'sealed(message:5:a)'],
      [9, 1, 'therapist', 'sealed(message:1:b)'],
      [7, 6, 'therapist', 'sealed(message:6:c)'],
    ]);
    expect(plan.counters).toEqual([
      { id: 7, lastSeq: 6, clientReadSeq: 5, therapistReadSeq: 6, lastMessageAt: now },
      { id: 9, lastSeq: 1, clientReadSeq: 0, therapistReadSeq: 1, lastMessageAt: now },
    ]);
    expect(plan.messages.every((m) => m.createdAt === now)).toBe(true);
    expect(result.get(batch[2])).toEqual({ id: 6, conversationId: 'c7', sender: 'therapist', body: 'c', createdAt: now.toISOString(), clientId: null, urgent: false });
  });

  it('keeps the time of a message of the past, and the conversation takes the time of its last-numbered message', () => {
    const now = new Date('2026-12-06T09:00:00Z');
    const asked = new Date('2026-10-01T08:00:00Z');
    const answered = new Date('2026-10-01T10:30:00Z');
    const batch = [{ ...pending(conversation(7, 'client'), 'a'), sentAt: asked }, { ...pending(conversation(7, 'therapist'), 'b'), sentAt: answered }];
    const { plan, result } = numberAndSeal(batch, [counters(7, 0)], now, () => sealer);
    expect(plan.messages.map((m) => [m.seq, m.createdAt])).toEqual([[1, asked], [2, answered]]);
    expect(plan.counters).toEqual([{ id: 7, lastSeq: 2, clientReadSeq: 1, therapistReadSeq: 2, lastMessageAt: answered }]);
    expect(result.get(batch[0])?.createdAt).toBe(asked.toISOString());
  });

  it('refuses a batch whose conversation is gone (the transaction rolls back)', () => {
    expect(() => numberAndSeal([pending(conversation(3, 'client'), 'x')], [], new Date(), () => sealer)).toThrow('conversation 3 vanished');
  });

  it('writes a retry id sent twice in one batch once, and answers the copy with the first', () => {
    const conv = conversation(7, 'client');
    const [a, b, c, d] = [pending(conv, 'a', 'r1'), pending(conv, 'a again', 'r1'), pending(conv, 'b'), pending(conv, 'c', 'r2')];
    const { fresh, echoes } = splitEchoes([a, b, c, d], new Map([[d, true]]));
    expect(fresh).toEqual([a, c]);
    expect(echoes).toEqual([[b, a]]);
  });
});
