/**
 * One safety path: how Haven reads free text a person writes about themselves (community posts and
 * replies, wellness reflections, chat messages, profile text) for signs that they may be at risk, and
 * the shapes every place answers with. Browser-safe and pure: the phrase lists (config/crisis/phrases/
 * <locale>.json, loaded by the safety plugin) and the crisis lines come in as data.
 *
 * Matching reads the text as people see it: case-insensitive, on whole words, blind to what a page
 * does not show (invisible characters, combining marks, compatibility forms, look-alike letters from
 * other scripts folded with `unhomoglyph`), and it sees through the disguises people use to get past
 * filters (digits and symbols for letters). Every match is reported as a range of the original text,
 * so a moderator's highlight covers the whole of what the reader sees.
 *
 * Every step is linear in the text: character-class replaces, one pass per code point, `indexOf`
 * searches for fixed needles; no regular expression with backtracking ever sees user input.
 */
import unhomoglyph from 'unhomoglyph';

/** One crisis line (a phone number, a text short code, a web chat), as the clinic configured it. */
export interface CrisisLine {
  name: string;
  phone?: string;
  text?: string;
  url?: string;
  hours?: string;
  description?: string;
}

/** The crisis lines for one locale: what every write that matched answers as `meta.crisis`. */
export interface CrisisResources {
  /** The locale asked for, and the key of the entry that answered it ("default" when none matched). */
  locale: string | null;
  matched: string;
  country: string | null;
  emergency: string;
  message: string;
  lines: CrisisLine[];
  more: { name: string; url: string; description?: string };
}

/** One match: the phrase-list entry, and where it lies in the text as given (UTF-16 offsets, end exclusive). */
export interface SafetyMatch {
  phrase: string;
  start: number;
  end: number;
}

/** What screening one text found. */
export interface TextScreening {
  crisis: boolean;
  /** Distinct phrase-list entries found, in list order. */
  phrases: string[];
  /** Every occurrence, in text order, overlapping ones merged into one range. */
  matches: SafetyMatch[];
}

/** A phrase list compiled once (normalised needles), reused for every text. */
export interface CompiledPhrases {
  phrases: string[];
  needles: string[];
}

const APOSTROPHE = /['’‘`´ʼ]/u;
// Default-ignorable code points (soft hyphen, zero-width characters, bidi controls, variation selectors…) and format characters.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const IS_INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
const MARKS = /\p{M}/gu;
const IS_WORD_CHAR = /^[\p{L}\p{N}]$/u;
const IS_ASCII = /^[\x00-\x7f]*$/;

/** Text without the characters a page does not show (some of them, like U+FEFF, count as white space). */
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');

/**
 * One code point as the letters a reader sees: NFKC (fullwidth and mathematical letters), lower case,
 * look-alike letters of other scripts folded to Latin (ASCII is never folded: "m" stays "m"), accents
 * dropped. Empty for apostrophes and invisible characters (don't = dont).
 */
function foldCodePoint(cp: string): string {
  if (APOSTROPHE.test(cp) || IS_INVISIBLE.test(cp)) return '';
  let out = cp.normalize('NFKC').toLowerCase();
  if (!IS_ASCII.test(out)) {
    let folded = '';
    for (const ch of out) folded += IS_WORD_CHAR.test(ch) && !IS_ASCII.test(ch) ? unhomoglyph(ch) : ch;
    out = folded.normalize('NFD').replace(MARKS, '').toLowerCase();
  }
  return out.replace(INVISIBLE, '').replace(/['’‘`´ʼ]/gu, '');
}

/** The letters a reader sees, in one canonical form: what looks like "kill" becomes "kill". */
export function fold(text: string): string {
  let out = '';
  for (const cp of text) out += foldCodePoint(cp);
  return out;
}

/**
 * The text as space-separated canonical words with a space at each end, and for every character of
 * it the range of the original text it came from (so a match maps back to what the reader sees).
 */
function canonical(text: string): { value: string; from: number[]; to: number[] } {
  let value = ' ';
  const from = [0];
  const to = [0];
  let offset = 0;
  for (const cp of text) {
    const start = offset;
    offset += cp.length;
    for (const ch of foldCodePoint(cp)) {
      if (IS_WORD_CHAR.test(ch)) {
        value += ch;
        from.push(start);
        to.push(offset);
      } else if (!value.endsWith(' ')) {
        value += ' ';
        from.push(start);
        to.push(start);
      }
    }
  }
  if (!value.endsWith(' ')) {
    value += ' ';
    from.push(offset);
    to.push(offset);
  }
  return { value, from, to };
}

/** Folded text as space-separated words, with a space at each end so phrases match whole words. */
export const normalise = (text: string): string => canonical(text).value;

/** Compiles a phrase list once: entries with no letters or digits are dropped. */
export function compilePhrases(phrases: readonly string[]): CompiledPhrases {
  const kept: string[] = [];
  const needles: string[] = [];
  for (const phrase of phrases) {
    const needle = normalise(phrase);
    if (needle.trim().length === 0) continue;
    kept.push(phrase);
    needles.push(needle);
  }
  return { phrases: kept, needles };
}

/** Every occurrence of the list's phrases in one text, as ranges of that text. */
export function screenText(text: string, list: CompiledPhrases): TextScreening {
  const { value, from, to } = canonical(text);
  const found: SafetyMatch[] = [];
  const phrases: string[] = [];
  list.needles.forEach((needle, i) => {
    let at = value.indexOf(needle);
    if (at < 0) return;
    phrases.push(list.phrases[i]);
    while (at >= 0) {
      // The needle's first and last characters are spaces: the match is the words between them.
      found.push({ phrase: list.phrases[i], start: from[at + 1], end: to[at + needle.length - 2] });
      at = value.indexOf(needle, at + 1);
    }
  });
  return { crisis: phrases.length > 0, phrases, matches: mergeRanges(found) };
}

/** Overlapping or touching ranges merged (the first phrase names the merged range), in text order. */
function mergeRanges(matches: SafetyMatch[]): SafetyMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SafetyMatch[] = [];
  for (const m of sorted) {
    const last = merged[merged.length - 1];
    if (last && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  return merged;
}

/** Phrases of the list found as whole words in any of the texts, in list order. */
export function matchPhrases(texts: string | readonly string[], phrases: readonly string[] | CompiledPhrases): string[] {
  const list = Array.isArray(phrases) ? compilePhrases(phrases as readonly string[]) : (phrases as CompiledPhrases);
  const haystacks = (typeof texts === 'string' ? [texts] : texts).map((t) => canonical(t).value);
  return list.phrases.filter((_, i) => haystacks.some((h) => h.includes(list.needles[i])));
}
