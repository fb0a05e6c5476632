import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '@haven/shared/validation';
import { searchParams } from '../search-params';

describe('search parameters', () => {
  it('fills defaults and reads lists given either way', () => {
    expect(parseOrThrow(searchParams, {})).toEqual({ q: '', category: [], kind: [], page: 1, pageSize: 12 });
    expect(parseOrThrow(searchParams, { category: 'sleep,anxiety', kind: ['video', 'audio'] })).toMatchObject({ category: ['sleep', 'anxiety'], kind: ['video', 'audio'] });
    expect(parseOrThrow(searchParams, { q: ['calm', 'sleep'] }).q).toBe('calm sleep');
  });

  it('cuts a long query instead of refusing it', () => {
    expect(parseOrThrow(searchParams, { q: 'x'.repeat(5000) }).q).toHaveLength(1000);
  });

  it.each([
    [{ kind: 'podcast' }, /kind\.0 must be one of article, video, audio, worksheet, link/],
    [{ category: 'Not A Slug' }, /category\.0 must be a category slug/],
    [{ category: Array.from({ length: 11 }, (_, i) => `c${i}`).join(',') }, /category at most 10 values/],
    [{ page: '0' }, /page must be 1 or more/],
    [{ pageSize: '500' }, /pageSize must be at most 50/],
    [{ page: 'abc' }, /page/],
  ])('refuses %o', (query, message) => {
    expect(() => parseOrThrow(searchParams, query)).toThrow(message);
  });
});
