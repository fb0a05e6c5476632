import { z } from 'zod';
import { MAX_QUERY_LENGTH } from '../search/text';

export const KINDS = ['article', 'video', 'audio', 'worksheet', 'link'] as const;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be a category slug such as "self-care"' }).max(80);
const listOf = (item: z.ZodType<string, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item).max(10, { message: 'at most 10 values' }));

/** GET /api/library/search's query string. */
export const searchParams = z.object({
  // Long queries are cut, not refused: people paste whole paragraphs when they are struggling.
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (Array.isArray(value) ? value.join(' ') : (value ?? '')).slice(0, MAX_QUERY_LENGTH * 5)),
  category: listOf(slug),
  kind: listOf(z.enum(KINDS, { message: `must be one of ${KINDS.join(', ')}` })),
  page: z.coerce.number({ message: 'must be a number' }).int().min(1, { message: 'must be 1 or more' }).max(1000).default(1),
  pageSize: z.coerce.number({ message: 'must be a number' }).int().min(1).max(50, { message: 'must be at most 50' }).default(12),
});
