/**
 * Keeping a socket's sign-in current. Access tokens live about ten minutes; a socket lives as long as
 * the page. Before the token runs out the client is asked to renew (`auth:renew`); it fetches a new
 * token from the site's server (which refreshes the session there) and sends it with `auth:token`.
 * A socket whose token has run out may send nothing; after a grace period it is closed.
 */
import { chatError, answer, refuse, type ChatSocket, type RealtimeContext } from './context';
import { AuthFailure, authenticate } from './auth';
import { renewToken } from '../lib/validation';

const timers = new WeakMap<ChatSocket, NodeJS.Timeout[]>();

function clear(socket: ChatSocket) {
  for (const timer of timers.get(socket) ?? []) clearTimeout(timer);
  timers.delete(socket);
}

/** Node timers hold at most 2^31-1 ms; longer waits are simply not scheduled (tokens live minutes). */
const later = (ms: number, run: () => void) => setTimeout(run, Math.min(Math.max(0, ms), 2 ** 31 - 1));

function schedule(ctx: RealtimeContext, socket: ChatSocket) {
  clear(socket);
  const { expiresAt } = socket.data;
  const deadline = new Date(expiresAt + ctx.config.renewGraceMs).toISOString();
  const now = Date.now();
  const list: NodeJS.Timeout[] = [];
  if (expiresAt - ctx.config.renewLeadMs > now) {
    list.push(later(expiresAt - ctx.config.renewLeadMs - now, () => socket.emit('auth:renew', { reason: 'expiring', deadline })));
  }
  list.push(later(expiresAt - now, () => socket.emit('auth:renew', { reason: 'expired', deadline })));
  list.push(
    later(expiresAt + ctx.config.renewGraceMs - now, () => {
      socket.emit('chat:error', chatError('session-expired', 'Your session ran out. Reconnect with a fresh token.'));
      socket.disconnect(true);
    }),
  );
  timers.set(socket, list);
}

export function isExpired(socket: ChatSocket): boolean {
  return socket.data.expiresAt <= Date.now();
}

/** Refuses the event when the socket's token has run out (and asks again for a new one). */
export function refuseIfExpired(socket: ChatSocket, event: string, ack: unknown, ctx: RealtimeContext): boolean {
  if (!isExpired(socket)) return false;
  socket.emit('auth:renew', { reason: 'expired', deadline: new Date(socket.data.expiresAt + ctx.config.renewGraceMs).toISOString() });
  refuse(socket, event, ack, chatError('token-expired', 'Your session token has expired. Renew it, then send again.'));
  return true;
}

export function installSession(ctx: RealtimeContext, socket: ChatSocket) {
  schedule(ctx, socket);
  socket.on('disconnect', () => clear(socket));
  socket.on('auth:token', async (payload: unknown, ack: unknown) => {
    const parsed = renewToken.safeParse(payload);
    if (!parsed.success) return refuse(socket, 'auth:token', ack, chatError('invalid', 'Send { token } with a fresh access token.'));
    try {
      const identity = await authenticate(ctx.strapi, parsed.data.token);
      if (identity.userId !== socket.data.userId) {
        return refuse(socket, 'auth:token', ack, chatError('token-invalid', 'That token belongs to someone else.'));
      }
      socket.data.expiresAt = identity.expiresAt;
      socket.data.sessionId = identity.sessionId;
      schedule(ctx, socket);
      answer(ack, { expiresAt: new Date(identity.expiresAt).toISOString() });
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err;
      refuse(socket, 'auth:token', ack, chatError(err.code, err.message));
      if (err.code === 'blocked' || err.code === 'session-expired') socket.disconnect(true);
    }
  });
}
