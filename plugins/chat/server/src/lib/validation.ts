/**
 * What the chat accepts, as zod schemas, for socket events and REST alike. Pure module.
 * Sizes are checked before anything else looks at a value (and socket.io refuses frames over
 * MAX_FRAME_BYTES before parsing them at all).
 */
import { z } from 'zod';
import { MAX_MESSAGE_CHARS, MAX_PAGE } from '@haven/shared/chat';

export const conversationId = z.string().max(64).regex(/^[a-z0-9]+$/, 'is not a conversation id');
export const bookingId = z.string().max(64).regex(/^[A-Za-z0-9]+$/, 'is not a session id');
const messageNumber = z.number().int().min(0).max(2 ** 31 - 1);
const clientId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "-" and "_"');

/** String.prototype.isWellFormed (Node 20+; not in the ES2023 lib the project compiles against). */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** Why a body is refused, or null when it is fine. Linear in its length; the length is checked first. */
export function bodyProblem(body: unknown): { code: 'invalid' | 'too-large'; message: string } | null {
  if (typeof body !== 'string') return { code: 'invalid', message: 'A message must be text.' };
  if (body.length > MAX_MESSAGE_CHARS) return { code: 'too-large', message: `A message can be at most ${MAX_MESSAGE_CHARS} characters long; this one has ${body.length}. Split it into several.` };
  if (!wellFormed(body)) return { code: 'invalid', message: 'This message holds characters that are not valid text.' };
  if (body.trim().length === 0) return { code: 'invalid', message: 'A message cannot be empty.' };
  return null;
}

export const sendMessage = z
  .object({
    conversationId,
    // Checked by bodyProblem (its own codes: too-large vs invalid).
    body: z.unknown(),
    clientId: clientId.optional(),
  })
  .strict();

/** POST /conversations/:id/messages (the conversation comes from the URL). */
export const sendBody = z.object({ body: z.unknown(), clientId: clientId.optional() }).strict();

export const typing = z.object({ conversationId, typing: z.boolean() }).strict();
export const markRead = z.object({ conversationId, upTo: messageNumber }).strict();
export const markReadBody = z.object({ upTo: messageNumber }).strict();
export const sync = z
  .object({
    since: z.record(conversationId, messageNumber).refine((value) => Object.keys(value).length <= 200, 'may list at most 200 conversations'),
  })
  .strict();
export const presenceQuery = z.object({ conversationIds: z.array(conversationId).max(200) }).strict();
export const renewToken = z.object({ token: z.string().min(1).max(4096) }).strict();
export const rtcRoom = z.object({ bookingId }).strict();

const sdp = z.string().max(64 * 1024);
export const rtcSignal = z
  .object({
    bookingId,
    signal: z.discriminatedUnion('type', [
      z.object({ type: z.enum(['offer', 'answer']), sdp }).strict(),
      z
        .object({
          type: z.literal('candidate'),
          candidate: z
            .object({
              candidate: z.string().max(2048),
              sdpMid: z.string().max(64).nullable().optional(),
              sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
              usernameFragment: z.string().max(256).nullable().optional(),
            })
            .strict()
            .nullable(),
        })
        .strict(),
    ]),
  })
  .strict();

/** Query strings arrive as text: whole numbers only, nothing else. */
const wholeText = (min: number, max: number) =>
  z
    .string()
    .max(10)
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be from ${min} to ${max}`);

export const messagesQuery = z
  .object({
    before: wholeText(1, 2 ** 31 - 1).optional(),
    limit: wholeText(1, MAX_PAGE).optional(),
  })
  .strict();

export const openConversation = z.object({ bookingId }).strict();
export const emptyQuery = z.object({}).strict();
