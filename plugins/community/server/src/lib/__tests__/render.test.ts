import { describe, expect, it } from 'vitest';
import { containsLink, excerptOf, LINK_REL, plainTextOf, renderMarkdown } from '../render';

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a']);
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());

describe('renderMarkdown', () => {
  it('renders the small community Markdown', () => {
    expect(renderMarkdown('**bold** and *soft*\n\n- one\n- two')).toBe('<p><strong>bold</strong> and <em>soft</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  });

  it('keeps headings, tables, images and rules as plain text', () => {
    const html = renderMarkdown('# Big\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![x](https://e.example/x.png)\n\n---');
    expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
    expect(html).toContain('# Big');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox(1))',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '[x](&#106;avascript:alert(1))',
    '<style>body{display:none}</style>',
  ])('neutralises %s', (source) => {
    const html = renderMarkdown(source);
    expect(tagsOf(html).every((t) => ALLOWED.has(t))).toBe(true);
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
      expect(tag).not.toMatch(/\son\w+=/i);
      expect(tag).not.toMatch(/href="(?!https?:|mailto:)/i);
    }
  });

  it('gives every link rel="nofollow ugc noopener" and no other attribute', () => {
    const html = renderMarkdown('[site](https://example.org "title") and https://example.com');
    const anchors = [...html.matchAll(/<a [^>]*>/g)].map((m) => m[0]);
    expect(anchors).toHaveLength(2);
    for (const a of anchors) expect(a).toMatch(new RegExp(`^<a href="https://example\\.(org|com)" rel="${LINK_REL}">$`));
  });
});

describe('plain text and excerpts', () => {
  it('drops tags, decodes entities and tidies spaces', () => {
    expect(plainTextOf('<p>Tom &amp; Jerry&#39;s</p>\n<ul><li>one</li><li>two</li></ul>')).toBe("Tom & Jerry's one two");
  });

  it('keeps an escaped tag as text', () => {
    expect(plainTextOf(renderMarkdown('a <b>tag</b>'))).toBe('a <b>tag</b>');
  });

  it('cuts long text on a word, with an ellipsis', () => {
    const excerpt = excerptOf(`<p>${'word '.repeat(100)}</p>`);
    expect(excerpt.length).toBeLessThanOrEqual(201);
    expect(excerpt.endsWith('word…')).toBe(true);
  });
});

describe('containsLink', () => {
  it.each(['see https://x.example', 'www.example.org', '[a](https://x.example)', '<https://x.example>', 'mail me at a@b.example', '[a] (https://x.example)'])('finds a link in %s', (source) => {
    expect(containsLink(source)).toBe(true);
  });
  it.each(['no links here', 'version 1.2.3', 'a [bracket] only'])('finds none in %s', (source) => {
    expect(containsLink(source)).toBe(false);
  });
});
