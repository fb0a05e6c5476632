/**
 * Text matching for crisis language and watched words: on the text as people read it, case-insensitive,
 * on whole words, tolerant of apostrophes (don't = dont = don’t), hyphens and punctuation
 * ("self-harm" = "self harm"), and blind to the disguises a page does not show: compatibility forms
 * (fullwidth, mathematical letters), invisible characters (zero-width, soft hyphens, bidi marks),
 * combining marks, and look-alike letters from other scripts (a Cyrillic "і" in "kіll"), folded to
 * their Latin prototypes with `unhomoglyph` (Unicode's confusables data).
 *
 * Every step is linear: global replaces of character classes or single runs, no backtracking.
 */
import unhomoglyph from 'unhomoglyph';

const APOSTROPHES = /['’‘`´ʼ]/g;
// Default-ignorable code points (soft hyphen, zero-width characters, bidi controls, variation selectors…) and format characters.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const MARKS = /\p{M}/gu;
// Runs of letters outside ASCII: only letters are folded (a dash must not become a look-alike letter).
const NON_ASCII_LETTERS = /[^\p{ASCII}\P{L}]+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** Text without the characters a page does not show (some of them, like U+FEFF, count as white space). */
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');

/**
 * The letters a reader sees, in one canonical form: what looks like "kill" becomes "kill". ASCII is
 * never folded (so "m" stays "m", not "rn"), only other scripts' look-alikes.
 */
export function fold(text: string): string {
  // Apostrophes go before NFKC (which turns ´ into a space and a mark) and after it (fullwidth ＇ becomes ').
  const visible = text.replace(APOSTROPHES, '').normalize('NFKC').replace(APOSTROPHES, '').replace(INVISIBLE, '').toLowerCase();
  const latin = visible.replace(NON_ASCII_LETTERS, (run) => unhomoglyph(run));
  return latin.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFC');
}

/** Folded text as space-separated words, with a space at each end so phrases match whole words. */
export function normalise(text: string): string {
  return ` ${fold(text).replace(NOT_WORD, ' ').trim()} `;
}

/** Phrases of `phrases` found as whole words in any of the texts (all normalised the same way). */
export function matchPhrases(text: string | string[], phrases: string[]): string[] {
  const haystacks = (Array.isArray(text) ? text : [text]).map(normalise);
  return phrases.filter((phrase) => {
    const needle = normalise(phrase);
    return needle.trim().length > 0 && haystacks.some((haystack) => haystack.includes(needle));
  });
}
