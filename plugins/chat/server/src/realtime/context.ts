/** What the socket.io handlers share: the typed server and socket, the configuration and the limiters. */
import type { Core } from '@strapi/strapi';
import type { Server, Socket } from 'socket.io';
import type { Ack, ChatErrorCode, ChatErrorPayload, ClientToServer, ServerToClient } from '@haven/shared/chat';
import { isHavenError } from '@haven/shared/errors';
import type { ChatConfig } from '../config';
import type { Limiters } from './limits';

export interface SocketData {
  userId: number;
  sessionId: string | null;
  /** When the access token runs out (epoch ms). */
  expiresAt: number;
  /** Bookings whose call this socket has joined (WebRTC). */
  calls: Set<string>;
}

export type ChatServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
export type ChatSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

export interface RealtimeContext {
  strapi: Core.Strapi;
  io: ChatServer;
  config: ChatConfig;
  limiters: Limiters;
}

export const userRoom = (userId: number) => `user:${userId}`;
export const callRoom = (bookingId: string) => `call:${bookingId}`;

export const chatError = (code: ChatErrorCode, message: string, extra: Partial<ChatErrorPayload> = {}): ChatErrorPayload => ({ code, message, ...extra });

/** Refuses an event: a negative acknowledgement (when the client asked for one) and a `chat:error` event. */
export function refuse<T>(socket: ChatSocket, event: string, ack: unknown, error: ChatErrorPayload) {
  const payload = { ...error, event };
  if (typeof ack === 'function') (ack as (result: Ack<T>) => void)({ ok: false, error: payload });
  socket.emit('chat:error', payload);
}

export function answer<T>(ack: unknown, data: T) {
  if (typeof ack === 'function') (ack as (result: Ack<T>) => void)({ ok: true, data });
}

/** A HavenError from a service as a chat error (404 → not-found, 409 → its code …); anything else is logged. */
export function asChatError(strapi: Core.Strapi, err: unknown): ChatErrorPayload {
  if (isHavenError(err)) {
    const detailCode = (err.details as { code?: string }).code;
    if (err.status === 404) return chatError('not-found', err.message);
    if (err.status === 409 && detailCode === 'outside-window') return chatError('outside-window', err.message);
    if (err.status === 409 && detailCode === 'read-only') return chatError('read-only', err.message);
    if (err.status === 409) return chatError('invalid', err.message);
    if (err.status === 400) return chatError('invalid', err.message);
    if (err.status === 503) return chatError('unavailable', err.message);
  }
  strapi.log.error(`[chat] ${(err as Error)?.stack ?? err}`);
  return chatError('unavailable', 'Something went wrong on our side. Please try again in a moment.');
}

/** Runs an event handler; whatever it throws becomes a refusal, never an unhandled rejection. */
export function handle<A extends unknown[]>(ctx: RealtimeContext, socket: ChatSocket, event: string, run: (...args: A) => Promise<void>) {
  return (...args: A) => {
    const ack = args[args.length - 1];
    run(...args).catch((err) => refuse(socket, event, typeof ack === 'function' ? ack : undefined, asChatError(ctx.strapi, err)));
  };
}
