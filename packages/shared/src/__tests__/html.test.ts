import { describe, expect, it } from 'vitest';
import { escapeHtml, unescapeHtml } from '../html';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other text alone, including non-ASCII', () => {
    expect(escapeHtml('Calm 😊 ánxiety')).toBe('Calm 😊 ánxiety');
  });
});

describe('unescapeHtml', () => {
  it.each([
    ['&lt;b&gt;', '<b>'],
    ['&amp;&quot;&apos;&#39;&#x27;', `&"'''`],
    ['&#100;ie', 'die'],
    ['&#x64;ie &#X64;ie', 'die die'],
    ['a&nbsp;b', 'a\u00a0b'],
    ['&AMP;', '&'],
  ])('decodes %s', (input, output) => {
    expect(unescapeHtml(input)).toBe(output);
  });

  it('decodes once: "&amp;lt;" is "&lt;", never "<"', () => {
    expect(unescapeHtml('&amp;lt;script&amp;gt;')).toBe('&lt;script&gt;');
  });

  it.each(['&unknown;', '&#0;', '&#xD800;', '&#1114112;', '& amp;', '&#;'])('keeps %s as written', (input) => {
    expect(unescapeHtml(input)).toBe(input);
  });

  it('round-trips escaped text', () => {
    const text = `<p class="x">Tom & Jerry's</p>`;
    expect(unescapeHtml(escapeHtml(text))).toBe(text);
  });
});
