/**
 * A library resource's Markdown body as safe HTML, on the server. markdown-it never passes raw HTML
 * through (`html: false`), and sanitize-html then keeps only an allow-list of basic tags: links go
 * to http(s) or mailto only and get rel="nofollow noopener"; pictures come from http(s) only.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { mediaUrl } from './cms';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

/** Headings start at h2: the page's own h1 is the resource's title. */
const demote = (level: number) => (tagName: string, attribs: sanitizeHtml.Attributes) => ({ tagName: `h${Math.min(6, level + 1)}`, attribs });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'b', 'i', 's', 'del', 'blockquote', 'ul', 'ol', 'li', 'a', 'code', 'pre', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: demote(1),
    h2: demote(2),
    h3: demote(3),
    h4: demote(4),
    h5: demote(5),
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
    // Pictures uploaded to the CMS are paths on it (/uploads/…): make them absolute.
    img: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, src: attribs.src?.startsWith('/uploads/') ? (mediaUrl(attribs.src) ?? '') : (attribs.src ?? ''), alt: attribs.alt ?? '', loading: 'lazy', decoding: 'async' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The ATX heading on the first non-blank line ("## Title ##") and where its line ends, read without a
 * regex: the pattern it replaces, /^\s*#{1,6}[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/, backtracked
 * quadratically on a long heading line of spaces and #.
 */
export function firstHeading(source: string): { text: string; end: number } | null {
  let i = 0;
  while (i < source.length && source[i].trim() === '') i += 1;
  let hashes = 0;
  while (i < source.length && source[i] === '#') {
    hashes += 1;
    i += 1;
  }
  if (hashes < 1 || hashes > 6 || (source[i] !== ' ' && source[i] !== '\t')) return null;
  while (source[i] === ' ' || source[i] === '\t') i += 1;
  const newline = source.indexOf('\n', i);
  const lineEnd = newline === -1 ? source.length : newline;
  let last = lineEnd;
  while (last > i && (source[last - 1] === ' ' || source[last - 1] === '\t' || source[last - 1] === '#' || source[last - 1] === '\r')) last -= 1;
  if (last === i) return null;
  return { text: source.slice(i, last), end: newline === -1 ? source.length : newline + 1 };
}

/** The first block of a body when it is a plain paragraph (not a heading, quote, list, table, HTML or code), and where it ends. */
export function firstParagraph(source: string): { text: string; end: number } | null {
  const start = source.length - source.trimStart().length;
  // Both patterns are linear: a blank line is found in one pass, the block's start is anchored.
  const gap = /\n[ \t]*\n/.exec(source.slice(start));
  const text = source.slice(start, gap ? start + gap.index : source.length);
  if (/^(?:[#>*+|<`~-]|\d+[.)])/.test(text)) return null;
  return { text, end: gap ? start + gap.index + gap[0].length : source.length };
}

/**
 * Renders a body. A first heading that only repeats the title, and then a first paragraph that only
 * repeats the summary (as the demo content and many editors write them), are left out: the page
 * already shows both above the body.
 */
export function renderMarkdown(body: string | null | undefined, repeated: { title?: string | null; summary?: string | null } = {}): string {
  let source = typeof body === 'string' ? body : '';
  if (repeated.title) {
    const first = firstHeading(source);
    if (first && words(first.text) === words(repeated.title)) source = source.slice(first.end);
  }
  if (repeated.summary) {
    const first = firstParagraph(source);
    if (first && words(first.text) !== '' && words(first.text) === words(repeated.summary)) source = source.slice(first.end);
  }
  return sanitizeHtml(markdown.render(source), OPTIONS).trim();
}
