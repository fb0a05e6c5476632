/** HTML escaping for text put into HTML, and its inverse for text taken out of HTML. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML content or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function codePoint(code: number): string | null {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return String.fromCodePoint(code);
}

/**
 * Undoes HTML escaping in one pass: numeric references (decimal and hex) and the basic named ones
 * (amp, lt, gt, quot, apos, nbsp); anything else stays as written. One pass means "&amp;lt;" becomes
 * "&lt;", never "<". Linear: each reference is at most 9 characters.
 */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, entity: string) => {
    if (entity[0] === '#') {
      const hex = entity[1] === 'x' || entity[1] === 'X';
      return codePoint(parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10)) ?? whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}
