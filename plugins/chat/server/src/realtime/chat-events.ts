/**
 * The chat's socket events: send (acknowledged only after the message is committed), typing,
 * read receipts and catch-up after a reconnection. Every event checks, in this order: the person's
 * budget for its kind (budgets.ts, before the handler runs), a live token, the payload's shape and
 * size, and that the conversation is theirs (a conversation that is not theirs answers exactly like
 * one that does not exist). Lookups of many ids are one query, whatever their number.
 */
import type { SendAck, StoredMessageView } from '@haven/shared/chat';
import { preferredLocale } from '@haven/shared/locale';
import { getService } from '../get-service';
import { markRead, sync, typing } from '../lib/validation';
import { Refusal, send } from './send';
import { participation, type Participation } from '../services/conversations';
import { answer, chatError, handle, refuse, userRoom, type ChatSocket, type RealtimeContext } from './context';
import { refuseIfExpired } from './session';
import { readReceipt, typingNotice } from './notices';

export function installChatEvents(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;
  const conversations = getService('conversations');

  socket.on(
    'message:send',
    handle(ctx, socket, 'message:send', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'message:send', ack, ctx)) return;
      try {
        // Answered only once the message is stored and committed; with the crisis lines when its words matched.
        const { message, crisis } = await send(ctx, userId, payload, socket.id, preferredLocale(socket.handshake.headers['accept-language']));
        if (typeof ack === 'function') (ack as (result: SendAck) => void)(crisis ? { ok: true, data: message, meta: { crisis } } : { ok: true, data: message });
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        refuse(socket, 'message:send', ack, err.error);
      }
    }),
  );

  socket.on(
    'typing',
    // A typing notice needs no answer; a client that asks for one (an acknowledgement) gets it, refusals included.
    handle(ctx, socket, 'typing', async (payload: unknown, ack?: unknown) => {
      if (refuseIfExpired(socket, 'typing', ack, ctx)) return;
      const parsed = typing.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'typing', ack, chatError('invalid', 'Send { conversationId, typing: true|false }.'));
      const conversation = await conversations.participant(userId, parsed.data.conversationId);
      // Nobody can write in a read-only conversation, so nobody is shown typing there.
      const state = await getService('lifetime').state(conversation, userId);
      if (!state.writable) return refuse(socket, 'typing', ack, chatError('read-only', state.reason ?? ''));
      ctx.io.to(userRoom(conversation.otherUserId)).emit('typing', typingNotice(conversation, parsed.data.typing));
      answer(ack, null);
    }),
  );

  socket.on(
    'message:read',
    handle(ctx, socket, 'message:read', async (payload: unknown, ack?: unknown) => {
      if (refuseIfExpired(socket, 'message:read', ack, ctx)) return;
      const parsed = markRead.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'message:read', ack, chatError('invalid', 'Send { conversationId, upTo: <message id> }.'));
      const result = await conversations.markRead(userId, parsed.data.conversationId, parsed.data.upTo);
      answer(ack, { upTo: result.upTo });
      if (result.moved) {
        ctx.io.to([userRoom(result.conversation.otherUserId), userRoom(userId)]).except(socket.id).emit('message:read', readReceipt(result.conversation, result.upTo));
      }
    }),
  );

  socket.on(
    'sync',
    handle(ctx, socket, 'sync', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'sync', ack, ctx)) return;
      const parsed = sync.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'sync', ack, chatError('invalid', 'Send { since: { <conversation id>: <last message id> } } for at most 200 conversations.'));
      const since = parsed.data.since;
      // One query for every id not known yet (strangers' and made-up ids are simply left out, as before).
      const found = await conversations.memberships(Object.keys(since));
      const mine = [...found.values()].map((m) => participation(m, userId)).filter((p): p is Participation => p !== null);
      // One query for the newest message of each: only conversations with something new are read.
      const lastIds = await conversations.lastIds(mine.map((m) => m.id));
      const result: { id: string; messages: StoredMessageView[]; hasMore: boolean }[] = [];
      // The whole answer holds at most catchUpLimit messages; a conversation past that says hasMore (then pages with REST).
      let budget = ctx.config.catchUpLimit;
      for (const conversation of mine) {
        const after = since[conversation.documentId];
        if ((lastIds.get(conversation.id) ?? 0) <= after) {
          result.push({ id: conversation.documentId, messages: [], hasMore: false });
          continue;
        }
        if (budget <= 0) {
          result.push({ id: conversation.documentId, messages: [], hasMore: true });
          continue;
        }
        const { messages, hasMore } = await getService('messages').after(conversation, after, budget);
        budget -= messages.length;
        result.push({ id: conversation.documentId, messages, hasMore });
      }
      answer(ack, { conversations: result });
    }),
  );
}

