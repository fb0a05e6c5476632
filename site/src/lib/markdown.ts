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
 * Renders a body. A first heading that only repeats the title, and then a first paragraph that only
 * repeats the summary (as the demo content and many editors write them), are left out: the page
 * already shows both above the body.
 */
export function renderMarkdown(body: string | null | undefined, repeated: { title?: string | null; summary?: string | null } = {}): string {
  let source = typeof body === 'string' ? body : '';
  if (repeated.title) {
    const first = source.match(/^\s*#{1,6}[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/);
    if (first && words(first[1]) === words(repeated.title)) source = source.slice(first[0].length);
  }
  if (repeated.summary) {
    const start = source.length - source.trimStart().length;
    const gap = /\n[ \t]*\n/.exec(source.slice(start));
    const block = source.slice(start, gap ? start + gap.index : source.length);
    const isParagraph = !/^(?:[#>*+|<`~-]|\d+[.)])/.test(block);
    if (isParagraph && words(block) !== '' && words(block) === words(repeated.summary)) source = gap ? source.slice(start + gap.index + gap[0].length) : '';
  }
  return sanitizeHtml(markdown.render(source), OPTIONS).trim();
}
