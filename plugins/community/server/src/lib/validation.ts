import { z } from 'zod';
import {
  BODY_MAX,
  FLAG_REASON_VALUES,
  NOTE_MAX,
  NOTICE_TEXT_MAX,
  NOTICE_TEXT_MIN,
  POST_SORTS,
  REACTION_KINDS,
  REASON_MAX,
  TARGETS,
  TITLE_MAX,
  TITLE_MIN,
  type FlagReason,
  type ReactionKind,
  type Target,
} from '@haven/shared/community';
import { DOCUMENT_ID_PATTERN, SLUG_MAX, SLUG_PATTERN } from '@haven/shared/ids';
import { LANGUAGE_TAG, LANGUAGE_TAG_MAX } from '@haven/shared/locale';
import { isWellFormed } from '@haven/shared/text';
import { tidyBody, tidyLine } from './text';

export { BODY_MAX, REACTION_KINDS, TARGETS, TITLE_MAX, TITLE_MIN };
export type { FlagReason, ReactionKind, Target };
export const FLAG_REASONS = FLAG_REASON_VALUES;
export const MODERATION_ACTIONS = ['approve', 'hide', 'remove', 'warn', 'silence', 'suspend', 'reinstate'] as const;
export const ITEM_ACTIONS: ReadonlySet<string> = new Set(['approve', 'hide', 'remove']);
export const WATCH_ACTIONS = ['block', 'hold', 'flag'] as const;

export type WatchAction = (typeof WATCH_ACTIONS)[number];
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/**
 * Text from a member or a moderator. Its size is checked first, before any other work (a body of
 * 260,000 spaces is refused at once), then that it is well-formed Unicode (a lone surrogate cannot be
 * stored). `rawMax` leaves room for the white space that tidying removes.
 */
const text = (what = 'text', rawMax = 4000, tooLong = `is too long: at most ${rawMax} characters`) =>
  z
    .string({ message: `must be ${what}` })
    .max(rawMax, { message: tooLong, abort: true })
    .refine(isWellFormed, { message: 'must be valid Unicode text', abort: true });

/** A title: one line of plain text, 3–150 characters once spaces are tidied. */
export const title = text('text', TITLE_MAX * 4, `must be at most ${TITLE_MAX} characters`)
  .transform(tidyLine)
  .pipe(
    z
      .string()
      .min(TITLE_MIN, { message: `must be at least ${TITLE_MIN} characters` })
      .max(TITLE_MAX, { message: `must be at most ${TITLE_MAX} characters` }),
  );

/** A Markdown body: 1–10,000 characters. */
export const body = text('text', BODY_MAX * 2, `is too long: at most ${BODY_MAX.toLocaleString('en')} characters`)
  .transform(tidyBody)
  .pipe(
    z
      .string()
      .refine((value) => value.trim().length > 0, { message: 'must not be empty' })
      .refine((value) => value.length <= BODY_MAX, { message: `is too long: at most ${BODY_MAX.toLocaleString('en')} characters` }),
  );

export const slug = text('a category slug', SLUG_MAX, 'must be a category slug such as "anxiety-support"').regex(SLUG_PATTERN, { message: 'must be a category slug such as "anxiety-support"' });
const documentId = text('an id', 64, 'must be an id from this API').regex(DOCUMENT_ID_PATTERN, { message: 'must be an id from this API' });
const target = z.enum(TARGETS, { message: 'must be "post" or "reply"' });
const reason = text('text', REASON_MAX * 4, `must be at most ${REASON_MAX} characters`)
  .trim()
  .min(3, { message: 'must be at least 3 characters' })
  .max(REASON_MAX, { message: `must be at most ${REASON_MAX} characters` });
export const aliasText = text('an alias', 320, 'must be an alias such as "Quiet Heron 42"').trim().min(3, { message: 'must be an alias such as "Quiet Heron 42"' }).max(80);
const page = z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be 1 or more' }).max(10_000).default(1);
const pageSize = (max: number, fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be 1 or more' }).max(max, { message: `must be at most ${max}` }).default(fallback);
const locale = z
  .string({ message: 'must be a language tag such as "en-GB"' })
  .max(LANGUAGE_TAG_MAX, { message: 'must be a language tag such as "en-GB"', abort: true })
  .refine((value) => LANGUAGE_TAG.test(value.replace(/_/g, '-')), { message: 'must be a language tag such as "en-GB"' })
  .optional();

export const listQuery = z
  .object({ category: slug.optional(), sort: z.enum(POST_SORTS, { message: `must be one of ${POST_SORTS.join(', ')}` }).default('new'), page, pageSize: pageSize(50, 20), locale })
  .strict();
export const myPostsQuery = z.object({ page, pageSize: pageSize(50, 20), locale }).strict();
export const localeQuery = z.object({ locale }).strict();

export const createPost = z.object({ category: slug, title, body }).strict();
export const updatePost = z
  .object({ title: title.optional(), body: body.optional() })
  .strict()
  .refine((value) => value.title !== undefined || value.body !== undefined, { message: 'send a new title or body (or both)' });
export const replyBody = z.object({ body }).strict();

export const reaction = z.object({ target, id: documentId, kind: z.enum(REACTION_KINDS, { message: `must be one of ${REACTION_KINDS.join(', ')}` }) }).strict();

export const flag = z
  .object({
    target,
    id: documentId,
    reason: z.enum(FLAG_REASONS, { message: `must be one of ${FLAG_REASONS.join(', ')}` }),
    note: text('text', NOTE_MAX * 4, `must be at most ${NOTE_MAX} characters`).trim().max(NOTE_MAX, { message: `must be at most ${NOTE_MAX} characters` }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.reason === 'other' && (!value.note || value.note.length < 3)) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'is required when the reason is "other": tell the moderators what is wrong (3 characters or more)' });
    }
  });

export const moderationAction = z
  .object({
    action: z.enum(MODERATION_ACTIONS, { message: `must be one of ${MODERATION_ACTIONS.join(', ')}` }),
    target: target.optional(),
    id: documentId.optional(),
    alias: aliasText.optional(),
    reason,
    durationHours: z.number({ message: 'must be a number of hours' }).positive({ message: 'must be more than 0' }).max(24 * 365 * 10, { message: 'must be at most ten years' }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const item = value.target !== undefined || value.id !== undefined;
    if (item && (value.target === undefined || value.id === undefined)) {
      ctx.addIssue({ code: 'custom', path: [value.target === undefined ? 'target' : 'id'], message: 'is required with the other (target and id name an item together)' });
    }
    if (ITEM_ACTIONS.has(value.action) && !item) ctx.addIssue({ code: 'custom', path: ['target'], message: `and id are required to ${value.action} an item` });
    if (!ITEM_ACTIONS.has(value.action) && !item && value.alias === undefined) {
      ctx.addIssue({ code: 'custom', path: ['alias'], message: `is required to ${value.action} (or name one of their items with target and id)` });
    }
    if (value.action === 'silence' && value.durationHours === undefined) ctx.addIssue({ code: 'custom', path: ['durationHours'], message: 'is required to silence (how many hours)' });
    if (value.durationHours !== undefined && !['silence', 'suspend'].includes(value.action)) {
      ctx.addIssue({ code: 'custom', path: ['durationHours'], message: 'applies only to silence and suspend' });
    }
  });

export const watchedWord = z
  .object({
    phrase: text('text', 400, 'must be at most 100 characters')
      .transform(tidyLine)
      .pipe(z.string().min(2, { message: 'must be at least 2 characters' }).max(100, { message: 'must be at most 100 characters' })),
    action: z.enum(WATCH_ACTIONS, { message: `must be one of ${WATCH_ACTIONS.join(', ')}` }),
  })
  .strict();

export const reveal = z.object({ alias: aliasText, reason }).strict();

/** A moderator's private message to an alias: plain text, 10–2000 characters once tidied (line breaks kept). */
export const notice = z
  .object({
    text: text('text', NOTICE_TEXT_MAX * 4, `must be at most ${NOTICE_TEXT_MAX} characters`)
      .transform(tidyBody)
      .pipe(
        z
          .string()
          .refine((value) => value.trim().length >= NOTICE_TEXT_MIN, { message: `must be at least ${NOTICE_TEXT_MIN} characters` })
          .refine((value) => value.length <= NOTICE_TEXT_MAX, { message: `must be at most ${NOTICE_TEXT_MAX} characters` }),
      ),
  })
  .strict();
/** The item a private message is about (POST /queue/:target/:id/notice). */
export const noticeTarget = target;

export const logQuery = z
  .object({
    alias: aliasText.optional(),
    action: text('text', 40, 'must be at most 40 characters').optional(),
    page,
    pageSize: pageSize(200, 50),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuery>;
export type MyPostsQuery = z.infer<typeof myPostsQuery>;
export type CreatePostInput = z.infer<typeof createPost>;
export type UpdatePostInput = z.infer<typeof updatePost>;
export type ReplyInput = z.infer<typeof replyBody>;
export type ReactionInput = z.infer<typeof reaction>;
export type FlagInput = z.infer<typeof flag>;
export type ModerationInput = z.infer<typeof moderationAction>;
export type WatchedWordInput = z.infer<typeof watchedWord>;
export type RevealInput = z.infer<typeof reveal>;
export type NoticeInput = z.infer<typeof notice>;
export type LogQuery = z.infer<typeof logQuery>;
