/**
 * What the wellness API accepts. Every body and query goes through one of these schemas (through
 * `parseOrThrow`) before anything is read or written; a failure is a 400 naming each bad field.
 */
import { ASSESSMENTS, ASSESSMENT_KINDS, EMOTION_KEYS, WELLNESS_LIMITS, normaliseActivity, type AssessmentKind } from '@haven/shared/wellness';
import { LANGUAGE_TAG, LANGUAGE_TAG_MAX } from '@haven/shared/locale';
import { isWellFormed } from '@haven/shared/text';
import { z } from 'zod';
import { minutesOfTime, parseIsoDate } from './dates';

// Control characters other than tab and newline, and invisible direction marks, never belong in a reflection.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

const whole = (what: string, min: number, max: number) =>
  z
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be ${what} from ${min} to ${max}` })
    .max(max, { message: `must be ${what} from ${min} to ${max}` });

export const isoDate = z
  .string({ message: 'must be a date written YYYY-MM-DD' })
  .max(10, { message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((value) => parseIsoDate(value) !== null, { message: 'must be a real date written YYYY-MM-DD' })
  .refine((value) => value >= WELLNESS_LIMITS.earliestDate, { message: `must be ${WELLNESS_LIMITS.earliestDate} or later` });

const emotion = z.enum(EMOTION_KEYS as [string, ...string[]], { message: `must be one of: ${EMOTION_KEYS.join(', ')}` });

export const activity = z
  .string({ message: 'must be text' })
  .max(WELLNESS_LIMITS.activityMaxLength * 4, { message: `must be at most ${WELLNESS_LIMITS.activityMaxLength} characters`, abort: true })
  .transform((value, ctx) => {
    const normalised = normaliseActivity(value);
    if (normalised === null) {
      ctx.addIssue({ code: 'custom', message: `must be 1–${WELLNESS_LIMITS.activityMaxLength} letters, digits, spaces or hyphens` });
      return z.NEVER;
    }
    return normalised;
  });

const distinct = <T>(values: T[]) => [...new Set(values)];

/** The body of PUT /entries/:date and POST /entries: a whole entry (PUT replaces what was there). */
export const entryBody = z
  .object({
    mood: whole('a mood', 1, 5),
    energy: whole('an energy level', 1, 5).nullable().default(null),
    sleepHours: z
      .number({ message: `must be a number of hours from 0 to ${WELLNESS_LIMITS.sleepHoursMax}` })
      .min(0, { message: `must be from 0 to ${WELLNESS_LIMITS.sleepHoursMax} hours` })
      .max(WELLNESS_LIMITS.sleepHoursMax, { message: `must be from 0 to ${WELLNESS_LIMITS.sleepHoursMax} hours` })
      .transform((hours) => Math.round(hours * 4) / 4)
      .nullable()
      .default(null),
    emotions: z
      .array(emotion, { message: 'must be a list of emotions' })
      .max(WELLNESS_LIMITS.emotionsPerEntry)
      .default([])
      .transform(distinct),
    activities: z
      .array(activity, { message: 'must be a list of activities' })
      .max(WELLNESS_LIMITS.activitiesPerEntry, { message: `must hold at most ${WELLNESS_LIMITS.activitiesPerEntry} activities` })
      .default([])
      .transform(distinct),
    reflection: z
      .string({ message: 'must be text' })
      .max(WELLNESS_LIMITS.reflectionMaxLength * 2, { message: `is too long: at most ${WELLNESS_LIMITS.reflectionMaxLength.toLocaleString('en')} characters`, abort: true })
      .refine(isWellFormed, { message: 'contains characters that are not valid text' })
      .transform((value) => value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim())
      .pipe(z.string().max(WELLNESS_LIMITS.reflectionMaxLength, { message: `is too long: at most ${WELLNESS_LIMITS.reflectionMaxLength.toLocaleString('en')} characters` }))
      .nullable()
      .default(null)
      .transform((value) => (value ? value : null)),
  })
  .strict();
export type EntryInput = z.infer<typeof entryBody>;

export const createEntryBody = entryBody.extend({ date: isoDate }).strict();

export const dateParam = z.object({ date: isoDate }).strict();

/** ?from=&to= (both optional; the service fills in a default range). */
export const rangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict();
export type RangeQuery = z.infer<typeof rangeQuery>;

export const statsQuery = rangeQuery
  .extend({ bucket: z.enum(['day', 'week', 'month'], { message: 'must be day, week or month' }).default('day') })
  .strict();
export type StatsQuery = z.infer<typeof statsQuery>;

const locale = z
  .string()
  .max(LANGUAGE_TAG_MAX, { message: 'must be a language tag such as "en-GB"', abort: true })
  .regex(LANGUAGE_TAG, { message: 'must be a language tag such as "en-GB"' })
  .optional();

export const assessmentBody = z
  .object({
    kind: z.enum(ASSESSMENT_KINDS as [AssessmentKind, ...AssessmentKind[]], { message: 'must be "phq9" or "gad7"' }),
    answers: z.array(whole('an answer', 0, 3), { message: 'must be a list of answers, each 0, 1, 2 or 3' }).max(50),
  })
  .strict()
  .superRefine((value, ctx) => {
    const expected = ASSESSMENTS[value.kind].items.length;
    if (value.answers.length !== expected) {
      ctx.addIssue({ code: 'custom', path: ['answers'], message: `must hold ${expected} answers for ${ASSESSMENTS[value.kind].name}, one per question (got ${value.answers.length})` });
    }
  });
export type AssessmentInput = z.infer<typeof assessmentBody>;

export const assessmentQuery = rangeQuery.extend({ kind: z.enum(['phq9', 'gad7'], { message: 'must be "phq9" or "gad7"' }).optional(), locale }).strict();
export const localeQuery = z.object({ locale }).strict();

export const shareBody = z.object({ includeReflections: z.boolean({ message: 'must be true or false' }).default(false) }).strict();

export const settingsBody = z
  .object({
    activities: z
      .array(activity, { message: 'must be a list of activities' })
      .max(WELLNESS_LIMITS.customActivities, { message: `must hold at most ${WELLNESS_LIMITS.customActivities} activities of your own` })
      .transform(distinct)
      .optional(),
    reminderEnabled: z.boolean({ message: 'must be true or false' }).optional(),
    reminderTime: z
      .string({ message: 'must be a time written HH:MM' })
      .max(5, { message: 'must be a time written HH:MM, from 00:00 to 23:59', abort: true })
      .refine((value) => minutesOfTime(value) !== null, { message: 'must be a time written HH:MM, from 00:00 to 23:59' })
      .nullable()
      .optional(),
  })
  .strict()
  .refine((value) => !(value.reminderEnabled && value.reminderTime === null), { path: ['reminderTime'], message: 'is needed for a daily reminder' });
export type SettingsInput = z.infer<typeof settingsBody>;

export const exportQuery = z
  .object({
    format: z.enum(['csv', 'json'], { message: 'must be csv or json' }).default('json'),
    dataset: z.enum(['entries', 'assessments'], { message: 'must be entries or assessments' }).default('entries'),
  })
  .strict();
export type ExportQuery = z.infer<typeof exportQuery>;
