import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { unescapeHtml } from '@haven/shared/html';

/**
 * Markdown to safe HTML, in two independent layers: markdown-it with raw HTML off (so "<script>" is
 * text), then sanitize-html with a small allow-list, so that a gap in one layer is closed by the other.
 * Headings, tables, images and rules are not part of community Markdown: they stay plain text.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
markdown.disable(['heading', 'lheading', 'table', 'image', 'hr']);

export const LINK_REL = 'nofollow ugc noopener';
const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a'];
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ALLOWED_SCHEMES,
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  transformTags: {
    // Only href survives, and only when its scheme is allowed (checked by sanitize-html after this).
    a: (_tagName, attribs) => ({ tagName: 'a', attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: LINK_REL } }),
  },
};

/** Sanitises HTML to the community allow-list; used on markdown-it's output and nothing else. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim();
}

/** Markdown source to the HTML stored next to it and served as bodyHtml. */
export function renderMarkdown(source: string): string {
  return sanitize(markdown.render(source ?? ''));
}

// Tags of the sanitised HTML. `[^<>]*` (not `[^>]*`) keeps the scan linear: it never runs past the next "<".
const BLOCK_END = /<br\s*\/?>|<\/(?:p|li|blockquote|pre)>/gi;
const LINE_BREAK = /<br\s*\/?>\n?/gi;
const TAG = /<[^<>]*>/g;
const SPACE_RUNS = /\s+/g;

/**
 * Plain text of rendered HTML, as a reader sees it: block ends and line breaks become spaces, inline
 * tags vanish ("d<strong>ie</strong>" is "die"), entities are decoded, spaces tidied. With
 * `joinLines`, a line break joins what is either side of it ("d<br>ie" is "die"): a word split across
 * lines still reads as one word.
 */
export function plainTextOf(html: string, { joinLines = false } = {}): string {
  const lines = joinLines ? html.replace(LINE_BREAK, '') : html;
  const tagless = lines.replace(BLOCK_END, ' ').replace(TAG, '');
  return unescapeHtml(tagless).replace(SPACE_RUNS, ' ').trim();
}

/** First ~200 characters of a body as plain text, cut on a word. */
export function excerptOf(html: string, max = 200): string {
  const text = plainTextOf(html);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const URLISH = /\b(?:https?:\/\/|www\.)\S/i;
// An autolink such as <https://x.example>: no "<" inside, so each scan stops at the next one.
const AUTOLINK = /<[a-z][a-z0-9+.-]*:[^<>\s]+>/i;
const ANCHOR = /<a\s/i;
const WHITE = /\s/;

/**
 * A Markdown link "[text](target)" anywhere in the source, found in one pass: a "]" that closes an
 * open "[", then optional white space, then "(", with a ")" somewhere after it. (The regex
 * /\[[^\]]*\]\s*\([^)]*\)/ says the same but is quadratic on "[](" repeated.)
 */
export function hasMarkdownLink(source: string): boolean {
  const lastClose = source.lastIndexOf(')');
  let open = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '[') open = true;
    else if (c === ']') {
      if (open) {
        let j = i + 1;
        while (j < source.length && WHITE.test(source[j])) j++;
        if (source[j] === '(' && lastClose > j) return true;
        // The white space just skipped holds no bracket: carry on after it.
        i = j - 1;
      }
      open = false;
    }
  }
  return false;
}

/** True when text would carry a link: a URL, a Markdown link or autolink, or anything linkified. */
export function containsLink(source: string, renderedHtml?: string): boolean {
  if (URLISH.test(source) || hasMarkdownLink(source) || AUTOLINK.test(source)) return true;
  return ANCHOR.test(renderedHtml ?? renderMarkdown(source));
}
