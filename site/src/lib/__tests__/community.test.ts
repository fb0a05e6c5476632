import { describe, expect, it } from 'vitest';
import { checkPost, isId, isSlug, visitorLocale } from '../community';

describe('checkPost', () => {
  it('asks for a title and a body', () => {
    expect(checkPost({ title: ' ', body: '' }, true)).toEqual({ title: 'Give your post a title.', body: 'Write something in your post.' });
    expect(checkPost({ body: '' }, false)).toEqual({ body: 'Write something in your reply.' });
  });

  it('checks lengths as the CMS does', () => {
    expect(checkPost({ title: 'ab', body: 'x' }, true).title).toMatch(/at least 3/);
    expect(checkPost({ title: 'x'.repeat(151), body: 'x' }, true).title).toMatch(/at most 150/);
    expect(checkPost({ title: 'Fine', body: 'x'.repeat(10_001) }, true).body).toMatch(/at most 10,000/);
    expect(checkPost({ title: 'Fine', body: 'x' }, true)).toEqual({});
  });
});

describe('visitorLocale', () => {
  it('reads Accept-Language', () => {
    expect(visitorLocale(new Request('http://x/', { headers: { 'accept-language': 'fr-CA;q=0.4, en-GB' } }))).toBe('en-GB');
    expect(visitorLocale(new Request('http://x/'))).toBeNull();
  });
});

describe('every regex of the site\'s community code on member input runs in linear time', () => {
  const N = 260_000;
  const inputs = [' '.repeat(N), `x${' '.repeat(N)}x`, '\t\n'.repeat(N / 2), '-a'.repeat(N / 2), 'a'.repeat(N), '\u00a0'.repeat(N)];
  const within = (label: string, fn: () => unknown, budget = 250) => {
    const started = performance.now();
    fn();
    expect(performance.now() - started, label).toBeLessThan(budget);
  };

  it.each(inputs.map((input, i) => [i, input] as const))('input %i: form checks, ids, slugs, Accept-Language', (_i, input) => {
    within('checkPost', () => checkPost({ title: input, body: input }, true));
    within('checkPost reply', () => checkPost({ body: input }, false));
    within('isSlug', () => isSlug(input));
    within('isId', () => isId(input));
    const request = new Request('http://x/', { headers: { 'accept-language': input.replace(/[^\x20-\x7e]/g, ' ') } });
    within('visitorLocale', () => visitorLocale(request));
  });

  it('refuses a huge title or body with a clear message', () => {
    expect(checkPost({ title: ' '.repeat(N), body: ' '.repeat(N) }, true)).toEqual({
      title: 'Title must be at most 150 characters.',
      body: 'It is too long: at most 10,000 characters.',
    });
  });
});
