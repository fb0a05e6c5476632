/**
 * The socket's first middleware: every incoming event spends one point of its sender's budget for
 * that kind of event (realtime/limits.ts) before anything else looks at it. Over budget, the event is
 * answered with a `rate-limited` refusal and goes no further: no token check, no validation, no query.
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

/**
 * A connection refused this many times within one rate window is closed: a client that goes on
 * sending after being told to wait is a flood, and every frame it sends is read and parsed before any
 * budget can refuse it. Closing it stops that work (frames after the close are dropped unread). The
 * site never comes near: it sends typing notices at most every few seconds and waits for its sends.
 */
export const FLOOD_REFUSALS = 30;
export const FLOOD_MESSAGE = 'This connection kept sending after being asked to wait, so Haven closed it. Reload the page to reconnect.';

export function installBudgets(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;
  let refused = 0;
  let windowEnds = 0;
  /** Counts a refusal; true when the connection has now been refused too often in this window. */
  const flooding = () => {
    const now = Date.now();
    if (now >= windowEnds) {
      windowEnds = now + ctx.config.rateWindowSeconds * 1000;
      refused = 0;
    }
    return ++refused > FLOOD_REFUSALS;
  };
  // Until when this socket has been told that a kind is over budget (one `chat:error` per kind and wait).
  const told = new Map<BudgetKind, number>();

  /**
   * An over-budget event is answered on its acknowledgement when it asked for one, and nothing else;
   * without one, `chat:error` says so once per kind until the wait is over. A flood's answers thus
   * cost one frame per event at most, and for events without acknowledgement nearly none.
   */
  const refuseOverBudget = (event: string, ack: ((...args: unknown[]) => void) | undefined, kind: BudgetKind, retryAfterMs: number) => {
    const error = { ...rateLimited(kind, retryAfterMs), event };
    if (flooding()) {
      if (socket.connected) {
        socket.emit('chat:error', { ...error, message: FLOOD_MESSAGE });
        socket.disconnect(true);
      }
      return;
    }
    if (ack) return ack({ ok: false, error });
    const now = Date.now();
    if ((told.get(kind) ?? 0) > now) return;
    told.set(kind, now + retryAfterMs);
    socket.emit('chat:error', error);
  };

  socket.use((packet, next) => {
    const name = String(packet[0]);
    const known = Object.hasOwn(EVENT_BUDGETS, name);
    // An unknown name is echoed in the refusal only in part (a 64 kB name is not sent back whole).
    const event = known ? name : name.slice(0, 64);
    const kind = known ? EVENT_BUDGETS[name] : 'other';
    const last = packet[packet.length - 1];
    const ack = typeof last === 'function' ? (last as (...args: unknown[]) => void) : undefined;
    ctx.limiters[kind].take(userId).then(
      (retryAfterMs) => {
        if (retryAfterMs !== null) return refuseOverBudget(event, ack, kind, retryAfterMs);
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
