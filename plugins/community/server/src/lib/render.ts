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

/** Plain text of rendered HTML (for excerpts): tags dropped, entities decoded, spaces tidied. */
export function plainTextOf(html: string): string {
  const tagless = html.replace(/<br\s*\/?>|<\/(p|li|blockquote|pre)>/gi, ' ').replace(/<[^>]*>/g, '');
  return unescapeHtml(tagless).replace(/\s+/g, ' ').trim();
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

/** True when text would carry a link: a URL, a Markdown link or autolink, or anything linkified. */
export function containsLink(source: string, renderedHtml?: string): boolean {
  if (URLISH.test(source)) return true;
  if (/\[[^\]]*\]\s*\([^)]*\)/.test(source) || /<[a-z][a-z0-9+.-]*:[^>\s]+>/i.test(source)) return true;
  return /<a\s/i.test(renderedHtml ?? renderMarkdown(source));
}
