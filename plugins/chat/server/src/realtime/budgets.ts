/**
 * The socket's first middleware: every incoming event spends one point of its sender's budget for
 * that kind of event (realtime/limits.ts) before anything else looks at it. Over budget, the event is
 * answered with a `rate-limited` refusal (its acknowledgement when it asked for one, and `chat:error`)
 * and goes no further: no token check, no parsing, no query.
 */
import type { ChatErrorPayload } from '@haven/shared/chat';
import { chatError, refuse, type ChatSocket, type RealtimeContext } from './context';
import { BUDGET_WORDS, EVENT_BUDGETS, type BudgetKind } from './limits';

export function rateLimited(kind: BudgetKind, retryAfterMs: number): ChatErrorPayload {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = `Please wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`;
  const message = kind === 'message' ? `You are sending faster than Haven allows. ${wait}` : `Too many ${BUDGET_WORDS[kind]} in a short time. ${wait}`;
  return chatError('rate-limited', message, { retryAfterMs });
}

export function installBudgets(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;
  socket.use((packet, next) => {
    const event = String(packet[0]);
    const known = Object.hasOwn(EVENT_BUDGETS, event);
    const kind = known ? EVENT_BUDGETS[event] : 'other';
    if (kind === null) return next();
    const last = packet[packet.length - 1];
    const ack = typeof last === 'function' ? last : undefined;
    ctx.limiters[kind].take(userId).then(
      (retryAfterMs) => {
        if (retryAfterMs !== null) return refuse(socket, event, ack, rateLimited(kind, retryAfterMs));
        // An event nobody handles is answered, not silently dropped (a client bug shows itself).
        if (!known) return refuse(socket, event, ack, chatError('invalid', 'This event does not exist.'));
        next();
      },
      (err: unknown) => {
        ctx.strapi.log.warn(`[chat] rate limit: ${(err as Error).message}`);
        refuse(socket, event, ack, chatError('unavailable', 'Something went wrong on our side. Please try again in a moment.'));
      },
    );
  });
}
