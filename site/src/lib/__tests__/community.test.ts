import { describe, expect, it } from 'vitest';
import { checkPost, markdownOf, visitorLocale } from '../community';

describe('markdownOf (the edit form from sanitised HTML)', () => {
  it.each([
    ['<p><strong>bold</strong> and <em>soft</em></p>', '**bold** and *soft*'],
    ['<p>one<br>\ntwo</p>', 'one\ntwo'],
    ['<ul>\n<li>a</li>\n<li>b</li>\n</ul>', '- a\n- b'],
    ['<ol>\n<li>a</li>\n<li>b</li>\n</ol>', '1. a\n2. b'],
    ['<blockquote>\n<p>quoted</p>\n</blockquote>', '> quoted'],
    ['<pre><code>x = 1\n</code></pre>', '```\nx = 1\n```'],
    ['<p><a href="https://x.example" rel="nofollow">site</a></p>', '[site](https://x.example)'],
    ['<p><a href="https://x.example" rel="nofollow">https://x.example</a></p>', 'https://x.example'],
    ['<p>Tom &amp; Jerry &lt;3 &#39;hi&#39;</p>', "Tom & Jerry <3 'hi'"],
  ])('%s', (html, markdown) => {
    expect(markdownOf(html)).toBe(markdown);
  });
});

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
