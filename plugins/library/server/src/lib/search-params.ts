import { z } from 'zod';
import { SLUG_MAX, SLUG_PATTERN } from '@haven/shared/ids';
import { MAX_FILTER_VALUES, MAX_QUERY_LENGTH, RESOURCE_KINDS } from '@haven/shared/library';

// The length first (`abort`): the pattern only ever sees a short value.
const slug = z
  .string()
  .max(SLUG_MAX, { abort: true })
  .regex(SLUG_PATTERN, { message: 'must be a category slug such as "self-care"' });
const listOf = (item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item).max(MAX_FILTER_VALUES, { message: `at most ${MAX_FILTER_VALUES} values` }));

/** GET /api/library/search's query string. */
export const searchParams = z.object({
  // Long queries are cut, not refused: people paste whole paragraphs when they are struggling.
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (Array.isArray(value) ? value.join(' ') : (value ?? '')).slice(0, MAX_QUERY_LENGTH * 5)),
  category: listOf(slug),
  kind: listOf(z.enum(RESOURCE_KINDS, { message: `must be one of ${RESOURCE_KINDS.join(', ')}` })),
  page: z.coerce.number({ message: 'must be a number' }).int().min(1, { message: 'must be 1 or more' }).max(1000).default(1),
  pageSize: z.coerce.number({ message: 'must be a number' }).int().min(1).max(50, { message: 'must be at most 50' }).default(12),
});
