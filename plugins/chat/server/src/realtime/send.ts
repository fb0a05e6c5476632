/**
 * Sending a message, for the socket event and the REST form alike: the person's rate limit, the
 * payload's shape and size, that the conversation is theirs (else "not found", as for one that does
 * not exist), that it is writable (services/lifetime.ts), the durable store, and only then delivery to the other person and the sender's other tabs.
 */
import type { ChatErrorPayload, ChatMessage } from '@haven/shared/chat';
import { isHavenError } from '@haven/shared/errors';
import { getService } from '../get-service';
import { bodyProblem, sendMessage } from '../lib/validation';
import { rateLimited } from './budgets';
import { chatError, userRoom, type RealtimeContext } from './context';

/** A send refused for a reason the sender can act on. */
export class Refusal extends Error {
  constructor(readonly error: ChatErrorPayload) {
    super(error.message);
  }
}

/** `fromSocketId`: sent over that socket, whose event already spent the budget (realtime/budgets.ts); otherwise over REST. */
export async function send(ctx: RealtimeContext, userId: number, payload: unknown, fromSocketId?: string): Promise<ChatMessage> {
  if (fromSocketId === undefined) {
    const retryAfterMs = await ctx.limiters.message.take(userId);
    if (retryAfterMs !== null) throw new Refusal(rateLimited('message', retryAfterMs));
  }
  const parsed = sendMessage.safeParse(payload);
  if (!parsed.success) throw new Refusal(chatError('invalid', 'Send { conversationId, body, clientId? }.'));
  const problem = bodyProblem(parsed.data.body);
  if (problem) throw new Refusal(chatError(problem.code, problem.message));
  let conversation;
  try {
    conversation = await getService('conversations').participant(userId, parsed.data.conversationId);
  } catch (err) {
    if (isHavenError(err) && err.status === 404) throw new Refusal(chatError('not-found', err.message));
    throw err;
  }
  // History stays readable; writing needs a current session together and, for a therapist, verification.
  const state = await getService('lifetime').state(conversation, userId);
  if (!state.writable) throw new Refusal(chatError('read-only', state.reason ?? ''));
  const { message, created } = await getService('messages').store(conversation, userId, parsed.data.body as string, parsed.data.clientId ?? null);
  // Committed. A retry of a stored message was delivered already (a reconnecting client catches up with `sync`).
  if (created) {
    const to = ctx.io.to([userRoom(conversation.otherUserId), userRoom(userId)]);
    (fromSocketId ? to.except(fromSocketId) : to).emit('message:new', message);
  }
  return message;
}
