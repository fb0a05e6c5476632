import type { z } from 'zod';
import { badRequest, notFound } from './errors';
import { DOCUMENT_ID_PATTERN } from './ids';

export interface FieldError {
  path: string[];
  message: string;
}

/** A failed parse as people read it: one sentence naming every bad field, and the fields one by one. */
export function describeIssues(error: z.ZodError): { summary: string; errors: FieldError[] } {
  const errors: FieldError[] = error.issues.map((issue) => {
    const path = issue.path.map(String);
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s): ${(issue as { keys: string[] }).keys.join(', ')}` : issue.message;
    return { path, message };
  });
  const summary = errors.map((e) => (e.path.length ? `${e.path.join('.')} ${e.message}` : e.message)).join('; ');
  return { summary, errors };
}

/** Parses input or throws a 400 naming every bad field; nothing is written before this passes. */
export function parseOrThrow<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const { summary, errors } = describeIssues(result.error);
  throw badRequest(summary, { errors });
}

/** A documentId from a URL; anything else is simply "not found" (no hint about ids). */
export function idParam(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DOCUMENT_ID_PATTERN.test(value)) throw notFound(`No such ${what}`);
  return value;
}

/** The JSON body of a request: Strapi's content API clients sometimes wrap it in {data: …}. */
export function bodyOf(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const record = raw as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && record.data && typeof record.data === 'object') return record.data;
  }
  return raw ?? {};
}
