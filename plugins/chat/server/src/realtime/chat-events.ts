/**
 * The chat's socket events: send (acknowledged only after the message is committed), typing,
 * read receipts and catch-up after a reconnection. Every event checks, in this order: a live token,
 * the person's rate limit, the payload's shape and size, and that the conversation is theirs (a
 * conversation that is not theirs answers exactly like one that does not exist).
 */
import type { ChatMessage, StoredMessageView } from '@haven/shared/chat';
import { getService } from '../get-service';
import { markRead, sync, typing } from '../lib/validation';
import { Refusal, send } from './send';
import { participation } from '../services/conversations';
import { answer, chatError, handle, refuse, userRoom, type ChatSocket, type RealtimeContext } from './context';
import { refuseIfExpired } from './session';

async function limited(ctx: RealtimeContext, socket: ChatSocket, event: string, ack: unknown, kind: 'typing'): Promise<boolean> {
  const retryAfterMs = await ctx.limiters[kind].take(socket.data.userId);
  if (retryAfterMs === null) return false;
  const seconds = Math.ceil(retryAfterMs / 1000);
  refuse(socket, event, ack, chatError('rate-limited', `You are sending faster than Haven allows. Please wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`, { retryAfterMs }));
  return true;
}

export function installChatEvents(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;
  const conversations = getService('conversations');

  socket.on(
    'message:send',
    handle(ctx, socket, 'message:send', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'message:send', ack, ctx)) return;
      try {
        // Answered only once the message is stored and committed.
        answer<ChatMessage>(ack, await send(ctx, userId, payload, socket.id));
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        refuse(socket, 'message:send', ack, err.error);
      }
    }),
  );

  socket.on(
    'typing',
    handle(ctx, socket, 'typing', async (payload: unknown) => {
      if (refuseIfExpired(socket, 'typing', undefined, ctx)) return;
      if (await limited(ctx, socket, 'typing', undefined, 'typing')) return;
      const parsed = typing.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'typing', undefined, chatError('invalid', 'Send { conversationId, typing: true|false }.'));
      const conversation = await conversations.participant(userId, parsed.data.conversationId);
      ctx.io.to(userRoom(conversation.otherUserId)).emit('typing', { conversationId: conversation.documentId, sender: conversation.role, typing: parsed.data.typing });
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
        const receipt = { conversationId: result.conversation.documentId, reader: result.conversation.role, upTo: result.upTo };
        ctx.io.to([userRoom(result.conversation.otherUserId), userRoom(userId)]).except(socket.id).emit('message:read', receipt);
      }
    }),
  );

  socket.on(
    'sync',
    handle(ctx, socket, 'sync', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'sync', ack, ctx)) return;
      const parsed = sync.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'sync', ack, chatError('invalid', 'Send { since: { <conversation id>: <last message id> } } for at most 200 conversations.'));
      const result: { id: string; messages: StoredMessageView[]; hasMore: boolean }[] = [];
      for (const [id, after] of Object.entries(parsed.data.since)) {
        const membership = await conversations.membership(id);
        const mine = membership ? participation(membership, userId) : null;
        // Someone else's conversation is left out, exactly like one that does not exist.
        if (!mine) continue;
        const { messages, hasMore } = await getService('messages').after(mine, after, ctx.config.catchUpLimit);
        result.push({ id, messages, hasMore });
      }
      answer(ack, { conversations: result });
    }),
  );
}

