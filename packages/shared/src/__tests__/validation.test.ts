import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HavenError, tooMany } from '../errors';
import { isDocumentId, isSlug } from '../ids';
import { bodyOf, describeIssues, idParam, parseOrThrow } from '../validation';

const schema = z.object({ title: z.string().min(3, { message: 'must be at least 3 characters' }), page: z.number().optional() }).strict();

describe('parseOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseOrThrow(schema, { title: 'Hello' })).toEqual({ title: 'Hello' });
  });

  it('throws a 400 HavenError naming every bad field', () => {
    let error: unknown;
    try {
      parseOrThrow(schema, { title: 'a', page: 'x', extra: 1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HavenError);
    const haven = error as HavenError;
    expect(haven.status).toBe(400);
    expect(haven.message).toMatch(/title must be at least 3 characters/);
    expect(haven.message).toMatch(/unknown field\(s\): extra/);
    expect((haven.details.errors as { path: string[] }[]).map((e) => e.path.join('.'))).toEqual(expect.arrayContaining(['title', 'page']));
  });

  it('treats a missing body as an empty object', () => {
    expect(() => parseOrThrow(schema, undefined)).toThrow(/title/);
  });

  it('describes issues the same way for callers that throw their own error', () => {
    const result = schema.safeParse({ title: 'a' });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error).summary).toBe('title must be at least 3 characters');
  });
});

describe('ids', () => {
  it.each(['abc123', 'A1b2C3'])('accepts the id %s', (id) => expect(idParam(id, 'post')).toBe(id));
  it.each(['', '../etc', 'a b', 'x'.repeat(65), '1;DROP', undefined, 42])('answers "not found" for %s', (id) => {
    expect(() => idParam(id, 'post')).toThrow(/No such post/);
  });
  it('knows slugs and document ids', () => {
    expect(isSlug('anxiety-support')).toBe(true);
    expect(isSlug('Anxiety')).toBe(false);
    expect(isSlug('a--b')).toBe(false);
    expect(isSlug('a'.repeat(81))).toBe(false);
    expect(isDocumentId('abc')).toBe(true);
    expect(isDocumentId('a-b')).toBe(false);
  });
  it('rejects a long near-slug quickly (the slug pattern is linear)', () => {
    const started = performance.now();
    expect(/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(`${'a-'.repeat(50_000)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('bodyOf', () => {
  it('unwraps {data: {...}} and nothing else', () => {
    expect(bodyOf({ data: { a: 1 } })).toEqual({ a: 1 });
    expect(bodyOf({ data: { a: 1 }, b: 2 })).toEqual({ data: { a: 1 }, b: 2 });
    expect(bodyOf({ data: 'x' })).toEqual({ data: 'x' });
    expect(bodyOf(undefined)).toEqual({});
    expect(bodyOf([1])).toEqual([1]);
  });
});

describe('tooMany', () => {
  it('carries Retry-After in whole seconds and the time to retry', () => {
    const at = new Date(Date.now() + 90_500);
    const err = tooMany('Slow down', at);
    expect(err.status).toBe(429);
    expect(Number(err.headers['Retry-After'])).toBeGreaterThanOrEqual(90);
    expect(err.details.retryAt).toBe(at.toISOString());
  });
});
