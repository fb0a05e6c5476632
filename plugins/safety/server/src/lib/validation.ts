import { z } from 'zod';
import { LANGUAGE_TAG, LANGUAGE_TAG_MAX } from '@haven/shared/locale';

const locale = z
  .string({ message: 'must be a language tag such as "en-GB"' })
  .max(LANGUAGE_TAG_MAX, { message: 'must be a language tag such as "en-GB"', abort: true })
  .refine((value) => LANGUAGE_TAG.test(value.replace(/_/g, '-')), { message: 'must be a language tag such as "en-GB"' })
  .optional();

/** `?locale=` and nothing else. */
export const localeQuery = z.object({ locale }).strict();
