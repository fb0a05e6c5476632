/**
 * The chat's socket.io server on Strapi's own HTTP server (path /socket.io), created in bootstrap and
 * closed in destroy. With REDIS_URL, `@socket.io/redis-adapter` joins the CMS processes (an event
 * emitted in one reaches sockets on all of them) and the rate limits are kept in Redis.
 *
 * Who is connected is checked again while they stay: at a fixed interval (blocked accounts, ended
 * sessions), at once when an account is blocked (a database lifecycle on users), and when their
 * access token runs out (session.ts).
 */
import type { Core } from '@strapi/strapi';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { MAX_FRAME_BYTES } from '@haven/shared/chat';
import { config as pluginConfig } from '../get-service';
import { people } from '@haven/plugin-people/public';
import { tables } from '../db/tables';
import { UID } from '../db/uids';
import { AuthFailure, BLOCKED_MESSAGE, authenticate } from '../realtime/auth';
import { installChatEvents } from '../realtime/chat-events';
import { chatError, userRoom, type ChatServer, type RealtimeContext } from '../realtime/context';
import { createLimiters } from '../realtime/limits';
import { installBudgets } from '../realtime/budgets';
import { installPresence } from '../realtime/presence';
import { installSession } from '../realtime/session';
import { installSignalling } from '../realtime/signalling';
import { conversationOpened, readReceipt } from '../realtime/notices';
import { Refusal, send, type Sent } from '../realtime/send';
import { badRequest, conflict, notFound, tooLarge, tooMany, unavailable } from '@haven/shared/errors';
import type { ConversationRow, Participation } from './conversations';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let ctx: RealtimeContext | null = null;
  let redisClients: Redis[] = [];
  let recheckTimer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  function redisClient(url: string, role: string): Redis {
    const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // ioredis reconnects by itself; without a listener an outage would be an uncaught 'error' event.
    client.on('error', (err) => strapi.log.warn(`[chat] Redis (${role}): ${err.message}`));
    redisClients.push(client);
    return client;
  }

  /** Disconnects every socket of these people (on every process), telling them why first. */
  function disconnectUsers(userIds: number[], code: 'blocked' | 'session-expired', message: string) {
    if (!ctx || !userIds.length) return;
    const rooms = userIds.map(userRoom);
    ctx.io.to(rooms).emit('chat:error', chatError(code, message));
    ctx.io.in(rooms).disconnectSockets(true);
  }

  /** Local sockets whose account is blocked now, or whose session has ended, are closed. */
  async function recheck() {
    if (!ctx) return;
    const sockets = [...ctx.io.of('/').sockets.values()];
    if (!sockets.length) return;
    const userIds = [...new Set(sockets.map((s) => s.data.userId))];
    const blockedIds = await people.blocked(userIds);
    for (const socket of sockets) {
      if (blockedIds.has(socket.data.userId)) {
        socket.emit('chat:error', chatError('blocked', BLOCKED_MESSAGE));
        socket.disconnect(true);
      }
    }
    const sessionIds = [...new Set(sockets.map((s) => s.data.sessionId).filter((id): id is string => Boolean(id)))];
    if (!sessionIds.length) return;
    const live = await tables(strapi).sessions.findMany({ where: { sessionId: { $in: sessionIds }, origin: 'users-permissions' }, select: ['sessionId', 'expiresAt'] });
    const active = new Set(live.filter((row) => Date.parse(row.expiresAt) > Date.now()).map((row) => row.sessionId));
    for (const socket of sockets) {
      if (socket.data.sessionId && !active.has(socket.data.sessionId)) {
        socket.emit('chat:error', chatError('session-expired', 'You have been signed out. Please log in again.'));
        socket.disconnect(true);
      }
    }
  }

  return {
    /** Starts the socket.io server (bootstrap). */
    async start() {
      if (ctx) return;
      const config = pluginConfig();
      const httpServer = strapi.server.httpServer;
      const io: ChatServer = new Server(httpServer, {
        path: '/socket.io',
        serveClient: false,
        cors: { origin: config.corsOrigins, methods: ['GET', 'POST'], credentials: false },
        // Frames larger than this are refused before they are parsed (a message is at most MAX_MESSAGE_CHARS).
        maxHttpBufferSize: MAX_FRAME_BYTES,
        // Browsers send an Origin: only the site's may open a socket. Non-browser clients (tests, benchmarks) send none.
        allowRequest: (req, callback) => {
          const origin = req.headers.origin;
          callback(null, !origin || config.corsOrigins.includes(origin));
        },
        pingInterval: 20_000,
        pingTimeout: 20_000,
      });

      let redis: Redis | null = null;
      if (config.redisUrl) {
        redis = redisClient(config.redisUrl, 'commands');
        const pub = redisClient(config.redisUrl, 'publish');
        const sub = pub.duplicate();
        sub.on('error', (err) => strapi.log.warn(`[chat] Redis (subscribe): ${err.message}`));
        redisClients.push(sub);
        io.adapter(createAdapter(pub, sub, { key: `${config.redisPrefix}:socket.io`, requestsTimeout: 3000 }));
      }
      ctx = { strapi, io, config, limiters: createLimiters(config, redis) };
      const context = ctx;

      io.use((socket, next) => {
        const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
        authenticate(strapi, token)
          .then((identity) => {
            socket.data.userId = identity.userId;
            socket.data.sessionId = identity.sessionId;
            socket.data.expiresAt = identity.expiresAt;
            socket.data.calls = new Set();
            next();
          })
          .catch((err) => {
            const failure = err instanceof AuthFailure ? err : new AuthFailure('unavailable', 'Messages are not available just now. Please try again in a moment.');
            if (!(err instanceof AuthFailure)) strapi.log.error(`[chat] socket authentication failed: ${(err as Error)?.stack ?? err}`);
            // The client reads err.message and err.data.code in its connect_error handler.
            next(Object.assign(new Error(failure.message), { data: { code: failure.code, message: failure.message } }));
          });
      });

      io.on('connection', (socket) => {
        socket.join(userRoom(socket.data.userId));
        // First: every event spends its budget before any handler looks at it.
        installBudgets(context, socket);
        installSession(context, socket);
        installChatEvents(context, socket);
        installPresence(context, socket);
        installSignalling(context, socket);
      });

      recheckTimer = setInterval(() => {
        recheck().catch((err) => strapi.log.warn(`[chat] re-checking connected people failed: ${(err as Error).message}`));
      }, config.recheckMs);
      recheckTimer.unref();

      // An account blocked while connected is disconnected at once (any process, through the adapter).
      const subscription = strapi.db.lifecycles.subscribe({
        models: [UID.user],
        afterUpdate(event) {
          const result = event.result as { id?: number; blocked?: boolean } | undefined;
          if (!result?.blocked || !Number.isInteger(result.id)) return;
          const run = () => disconnectUsers([Number(result.id)], 'blocked', BLOCKED_MESSAGE);
          // After the write commits, outside its transaction (the disconnect handlers query the database).
          if (strapi.db.inTransaction()) void strapi.db.transaction(async ({ onCommit }) => onCommit(run));
          else run();
        },
      });
      unsubscribe = typeof subscription === 'function' ? subscription : null;
    },

    /** Closes every socket and the server, then Redis (destroy). */
    async stop() {
      if (recheckTimer) clearInterval(recheckTimer);
      recheckTimer = null;
      unsubscribe?.();
      unsubscribe = null;
      const current = ctx;
      ctx = null;
      if (current) {
        current.io.disconnectSockets(true);
        // io.close() would also close Strapi's HTTP server, which Strapi closes itself: close only the engine.
        current.io.engine.close();
      }
      await Promise.all(redisClients.map((client) => client.quit().catch(() => client.disconnect())));
      redisClients = [];
    },

    /** A conversation was just opened: both people's open pages fetch their list again. */
    notifyOpened(row: ConversationRow) {
      ctx?.io.to([userRoom(row.clientUserId), userRoom(row.therapistUserId)]).emit('conversation:new', conversationOpened(row));
    },

    disconnectUsers,

    /** A message sent over REST (the page's form without JavaScript): the same checks, store and delivery as the socket event. */
    async send(userId: number, conversationId: string, body: unknown, clientId: string | undefined, locale: string | null): Promise<Sent> {
      if (!ctx) throw unavailable('Messages are not available just now. Please try again in a moment.');
      try {
        return await send(ctx, userId, { conversationId, body, ...(clientId ? { clientId } : {}) }, undefined, locale);
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        const { code, message, retryAfterMs } = err.error;
        if (code === 'not-found') throw notFound(message);
        if (code === 'rate-limited') throw tooMany(message, new Date(Date.now() + (retryAfterMs ?? 1000)));
        if (code === 'too-large') throw tooLarge(message);
        if (code === 'read-only') throw conflict(message, { code: 'read-only' });
        throw badRequest(message);
      }
    },

    /** A read receipt made over REST: to the other person and the reader's open pages. */
    relayReceipt(userId: number, conversation: Participation, upTo: number) {
      ctx?.io.to([userRoom(conversation.otherUserId), userRoom(userId)]).emit('message:read', readReceipt(conversation, upTo));
    },

    /** The socket.io server while it runs (tests, diagnostics). */
    server(): ChatServer | null {
      return ctx?.io ?? null;
    },
  };
};
