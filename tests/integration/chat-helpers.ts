/** Shared set-up of the chat tests: a client and a therapist with a booking, and real socket.io clients. */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import type { ClientToServer, ConversationSummary, StoredMessageView } from '@haven/shared/chat';
import { apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { hourFromNow, therapist, type User } from './booking-helpers';

export type ChatSocket = Socket;

/** `GET /api/chat/conversations` */
export interface ConversationList {
  data: ConversationSummary[];
}
/** `GET /api/chat/conversations/:id/messages` */
export interface MessagePage {
  data: StoredMessageView[];
  meta: { nextBefore: number | null };
}

/** The acknowledgement of a client event (the `ack` argument of its ClientToServer signature). */
export type AckOf<E extends keyof ClientToServer> = Parameters<NonNullable<Parameters<ClientToServer[E]>[1]>>[0];
/** The acknowledgement of `event` when it succeeded: for answers a test checks are `ok` before reading `data`. */
export type OkAck<E extends keyof ClientToServer> = Extract<AckOf<E>, { ok: true }>;

export interface Pair {
  client: User;
  therapist: User & { therapistId: string };
  bookingId: string;
  conversationId: string;
}

/** One booted CMS for a chat test file, its API client, and sockets that are all closed at the end. */
export interface ChatSuite {
  readonly haven: Haven;
  readonly api: ApiClient;
  /** The SMTP listener Haven mails to (only with `{ mailbox: true }`). */
  readonly mailbox: Mailbox;
  /** A socket connected with `token` (and `extraHeaders`, e.g. Accept-Language), closed when the file's tests end. */
  open(token: string, extraHeaders?: Record<string, string>): Promise<ChatSocket>;
}

/**
 * Boots the CMS with `env` before the file's tests (beforeAll) and closes it and every opened socket
 * after (afterAll). With `mailbox`, Haven mails to a test SMTP listener (`chat.mailbox`).
 */
export function useChatSuite(env: Record<string, string>, options: { mailbox?: boolean } = {}): ChatSuite {
  let haven: Haven | undefined;
  let api: ApiClient | undefined;
  let mailbox: Mailbox | undefined;
  const sockets: ChatSocket[] = [];
  beforeAll(async () => {
    if (options.mailbox) mailbox = await startMailbox();
    haven = await startHaven({ env: { ...env, ...(mailbox ? smtpEnv(mailbox) : {}) } });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await haven?.close();
    await mailbox?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the chat suite is used before its beforeAll ran');
    return value;
  };
  return {
    get haven() {
      return started(haven);
    },
    get api() {
      return started(api);
    },
    get mailbox() {
      return started(mailbox);
    },
    async open(token: string, extraHeaders?: Record<string, string>) {
      const socket = await connect(started(haven).url, token, { extraHeaders });
      sockets.push(socket);
      return socket;
    },
  };
}

/**
 * A therapist and a client who books them (through the booking API); their conversation opens on its
 * own. `withTherapist`: a new client of that therapist (a therapist with several conversations).
 */
export async function bookedPair(haven: Haven, hoursAhead = 2, withTherapist?: Pair['therapist']): Promise<Pair> {
  const t = withTherapist ?? (await therapist(haven));
  const client = await createUser(haven, 'client');
  const api = apiClient(haven.url);
  const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(hoursAhead) }, client.jwt);
  if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
  const bookingId = res.body.data[0].id as string;
  await settle(haven);
  const list = await api.get('/api/chat/conversations', client.jwt);
  if (list.status !== 200 || list.body.data.length !== 1) throw new Error(`conversation: ${list.status} ${JSON.stringify(list.body)}`);
  return { client, therapist: t, bookingId, conversationId: list.body.data[0].id };
}

/** Lets booking event handlers (which open conversations) finish. */
export async function settle(haven: Haven) {
  await new Promise((resolve) => setTimeout(resolve, 30));
  await haven.strapi.plugin('booking').service('events').idle();
}

/** A socket.io client connected with an access token; rejects with the server's refusal. */
export function connect(url: string, token: string | undefined, options: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {}): Promise<ChatSocket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: options.reconnection ?? false,
    forceNew: true,
    extraHeaders: options.extraHeaders,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { code: err.data?.code }));
    });
  });
}

/** Emits with an acknowledgement and resolves with it. */
export function ask<T = any>(socket: ChatSocket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** The next `event` on `socket` that satisfies `match`; rejects after `timeoutMs`. */
export function next<T = any>(socket: ChatSocket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Collects every `event` on `socket` (to show that nothing arrived). */
export function record<T = any>(socket: ChatSocket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
