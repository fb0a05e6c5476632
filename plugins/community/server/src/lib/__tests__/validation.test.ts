import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '@haven/shared/validation';
import { createPost, flag, listQuery, localeQuery, moderationAction, replyBody, title, updatePost, watchedWord } from '../validation';

describe('community input', () => {
  it('tidies titles: control characters out, spaces folded', () => {
    expect(title.parse('  Hello\u200b   there\tfriend  ')).toBe('Hello there friend');
  });

  it('keeps body Markdown as written, minus control characters and trailing space', () => {
    expect(replyBody.parse({ body: '\n\n  line one\r\nline two\u0007  \n\n' }).body).toBe('  line one\nline two');
  });

  it.each([
    [createPost, { category: 'general', title: 'ab', body: 'x' }, /title must be at least 3 characters/],
    [createPost, { category: 'General!', title: 'Hello', body: 'x' }, /category must be a category slug/],
    [createPost, { category: 'general', title: 'Hello', body: '   ' }, /body must not be empty/],
    [createPost, { category: 'general', title: 'Hello', body: 'x'.repeat(10_001) }, /body is too long/],
    [createPost, { category: 'general', title: 'Hello', body: 'x', extra: 1 }, /unknown field\(s\): extra/],
    [updatePost, {}, /send a new title or body/],
    [flag, { target: 'post', id: 'abc', reason: 'other' }, /note is required when the reason is "other"/],
    [flag, { target: 'thread', id: 'abc', reason: 'spam' }, /target must be "post" or "reply"/],
    [listQuery, { sort: 'old' }, /sort must be one of new, active, top/],
    [listQuery, { pageSize: '51' }, /pageSize must be at most 50/],
    [localeQuery, { locale: 'not a tag' }, /locale must be a language tag/],
    [moderationAction, { action: 'silence', alias: 'Quiet Heron 42', reason: 'Heated' }, /durationHours is required to silence/],
    [moderationAction, { action: 'hide', reason: 'Off topic' }, /target and id are required to hide an item/],
    [watchedWord, { phrase: 'x', action: 'block' }, /phrase must be at least 2 characters/],
  ] as const)('refuses bad input with a message naming the field (%#)', (schema, input, message) => {
    expect(() => parseOrThrow(schema, input)).toThrow(message);
  });

  it('accepts good input and fills defaults', () => {
    expect(parseOrThrow(listQuery, {})).toEqual({ sort: 'new', page: 1, pageSize: 20 });
    expect(parseOrThrow(localeQuery, { locale: 'en_GB' })).toEqual({ locale: 'en_GB' });
    expect(parseOrThrow(createPost, { category: 'general', title: 'Hello', body: 'Hi' })).toEqual({ category: 'general', title: 'Hello', body: 'Hi' });
  });
});
