/**
 * Step 1 of reading a text: each code point as the letters a reader sees. Linear: one pass over the
 * code points, each folded on its own (a bounded amount of work per code point, cached for non-ASCII).
 */
import unhomoglyph from 'unhomoglyph';

const APOSTROPHE = /['’‘`´ʼ]/u;
// Default-ignorable code points (soft hyphen, zero-width characters, bidi controls, variation selectors…) and format characters.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const IS_INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
const MARKS = /\p{M}/gu;
const IS_WORD_CHAR = /^[\p{L}\p{N}]$/u;
const IS_ASCII = /^[\x00-\x7f]*$/;
const APOSTROPHES = /['’‘`´ʼ]/gu;

/** Text without the characters a page does not show (some of them, like U+FEFF, count as white space). */
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');

// Folding a non-ASCII code point costs a few normalisations: remember the common ones (bounded, so an
// adversarial text of a million distinct code points cannot grow it).
const cache = new Map<string, string>();
const CACHE_MAX = 4096;

function foldNonAscii(cp: string): string {
  if (APOSTROPHE.test(cp) || IS_INVISIBLE.test(cp)) return '';
  let out = cp.normalize('NFKC').toLowerCase();
  if (!IS_ASCII.test(out)) {
    let folded = '';
    for (const ch of out) folded += IS_WORD_CHAR.test(ch) && !IS_ASCII.test(ch) ? unhomoglyph(ch) : ch;
    out = folded.normalize('NFD').replace(MARKS, '').toLowerCase();
  }
  return out.replace(INVISIBLE, '').replace(APOSTROPHES, '');
}

/**
 * One code point as the letters a reader sees: NFKC (fullwidth and mathematical letters), lower case,
 * look-alike letters of other scripts folded to Latin (ASCII is never folded: "m" stays "m"), accents
 * dropped. Empty for apostrophes and invisible characters (don't = dont).
 */
export function foldCodePoint(cp: string): string {
  const code = cp.charCodeAt(0);
  if (code < 0x80) return cp === "'" || cp === '`' ? '' : code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : cp;
  let out = cache.get(cp);
  if (out === undefined) {
    out = foldNonAscii(cp);
    if (cache.size < CACHE_MAX) cache.set(cp, out);
  }
  return out;
}

/** The letters a reader sees, in one canonical form: what looks like "kill" becomes "kill". */
export function fold(text: string): string {
  let out = '';
  for (const cp of text) out += foldCodePoint(cp);
  return out;
}
