/**
 * Sending a message, for the socket event and the REST form alike: the person's rate limit, the
 * payload's shape and size, that the conversation is theirs (else "not found", as for one that does
 * not exist), that it is writable (services/lifetime.ts), the safety screening, the durable store, and
 * only then delivery to the other person and the sender's other tabs.
 *
 * Screening (the safety plugin) reads the plain text before it is sealed and never refuses a message:
 * when it matched, the sender is answered with the crisis lines of their locale, and a client's message
 * is marked urgent for the therapist (a therapist quoting such words to a client is not: the mark is
 * about a client who may be at risk). The text is never logged, whatever happens.
 */
import type { ChatErrorPayload, ChatMessage } from '@haven/shared/chat';
import { isHavenError } from '@haven/shared/errors';
import type { CrisisResources } from '@haven/shared/safety';
import { safety } from '@haven/plugin-safety/public';
import { getService } from '../get-service';
import { bodyProblem, sendMessage } from '../lib/validation';
import { rateLimited } from './budgets';
import { chatError, userRoom, type RealtimeContext } from './context';
import { alertTherapist } from './urgent';

/** A send refused for a reason the sender can act on. */
export class Refusal extends Error {
  constructor(readonly error: ChatErrorPayload) {
    super(error.message);
  }
}

/** A message sent, and the crisis lines for the sender when its words matched (null otherwise). */
export interface Sent {
  message: ChatMessage;
  crisis: CrisisResources | null;
}

/** The crisis lines when `text` matched; a screening that fails is logged (never the text) and lets the message through. */
function screen(ctx: RealtimeContext, text: string, locale: string | null): CrisisResources | null {
  try {
    return safety.check([text], locale).crisis;
  } catch (err) {
    ctx.strapi.log.error(`[chat] screening a message failed (${(err as Error)?.name ?? 'error'}); it was sent unmarked`);
    return null;
  }
}

/**
 * `fromSocketId`: sent over that socket, whose event already spent the budget (realtime/budgets.ts);
 * otherwise over REST. `locale`: the sender's (Accept-Language), for the crisis lines.
 */
export async function send(ctx: RealtimeContext, userId: number, payload: unknown, fromSocketId: string | undefined, locale: string | null): Promise<Sent> {
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
  const body = parsed.data.body as string;
  const crisis = screen(ctx, body, locale);
  const urgent = crisis !== null && conversation.role === 'client';
  const { message, created } = await getService('messages').store(conversation, userId, body, parsed.data.clientId ?? null, { urgent });
  // Committed. A retry of a stored message was delivered already (a reconnecting client catches up with `sync`).
  if (created) {
    // The therapist's open pages get the mark with the message (their badge appears at once).
    const to = ctx.io.to([userRoom(conversation.otherUserId), userRoom(userId)]);
    (fromSocketId ? to.except(fromSocketId) : to).emit('message:new', message);
    if (message.urgent) {
      // After the answer's work, never failing it: the mail (if any) is the safety plugin's to send.
      alertTherapist(ctx, conversation).catch((err) => ctx.strapi.log.error(`[chat] urgent-message alert for conversation ${conversation.documentId} failed: ${(err as Error)?.message ?? err}`));
    }
  }
  // A retry is answered with the lines again: the sender may not have seen the first answer.
  return { message, crisis };
}
