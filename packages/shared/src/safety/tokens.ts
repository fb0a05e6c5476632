/**
 * Step 2: the folded text as words ("tokens"), each remembering the range of the original text it
 * came from. A token is a run of letters, digits, the symbols people type for letters (@ $ ! | + € ¡)
 * and masks standing for letters (* # _); everything else separates words. Linear: one pass over the
 * code points, then one pass over the units, each token's edges trimmed by loops that only move inward.
 */
import { foldCodePoint } from './fold';

export const LETTER = 1;
export const DIGIT = 2;
export const SYMBOL = 3;
export const MASK = 4;
export type UnitKind = typeof LETTER | typeof DIGIT | typeof SYMBOL | typeof MASK;

const IS_LETTER = /^\p{L}$/u;
const IS_DIGIT = /^\p{N}$/u;
// Symbols that stand for letters inside words: p@ss, $uicide, k!ll, k|ll, +ired, €nd.
const SYMBOLS = '@$!|+€¡';
// Characters people put where a letter should be (k*ll, s##cide, su_cide), or around words (**die**, #selfharm).
const MASKS = '*#_';
// A symbol at the start of a word stands for a letter only if it looks like one there ($uicide, @lone);
// "!" and "|" there, like any symbol at the end of a word, are punctuation (die!, |kill|).
const LEADING_SYMBOLS = '$@€';

function kindOf(ch: string): UnitKind | 0 {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    if (code >= 97 && code <= 122) return LETTER;
    if (code >= 48 && code <= 57) return DIGIT;
    if (SYMBOLS.includes(ch)) return SYMBOL;
    if (MASKS.includes(ch)) return MASK;
    return 0;
  }
  if (SYMBOLS.includes(ch)) return SYMBOL;
  if (IS_LETTER.test(ch)) return LETTER;
  if (IS_DIGIT.test(ch)) return DIGIT;
  return 0;
}

/** The folded characters of a text, one per unit, with the range of the original text each came from. */
export interface Units {
  ch: string[];
  kind: UnitKind[];
  from: number[];
  to: number[];
}

/** One word of the text: units [first, last) of `Units`, edge punctuation left out. */
export interface Token {
  first: number;
  last: number;
  /** Range of the original text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** Has a letter: digits and symbols in it stand for letters (k1ll); else it is a number (2, 988). */
  wordy: boolean;
  /** The digits of a token without letters ("988"), empty for a wordy one. */
  digits: string;
  /** One letter or digit alone: a piece of a word spelled out (s u i c i d e, k.i.l.l). */
  single: boolean;
}

export function unitsOf(text: string): Units {
  const units: Units = { ch: [], kind: [], from: [], to: [] };
  let offset = 0;
  for (const cp of text) {
    const start = offset;
    offset += cp.length;
    for (const ch of foldCodePoint(cp)) {
      const kind = kindOf(ch);
      if (!kind) {
        // A separator: one is enough to end a word, so runs of them are not stored.
        if (units.kind.length && units.kind[units.kind.length - 1] !== (0 as UnitKind)) {
          units.ch.push(' ');
          units.kind.push(0 as UnitKind);
          units.from.push(start);
          units.to.push(start);
        }
        continue;
      }
      units.ch.push(ch);
      units.kind.push(kind);
      units.from.push(start);
      units.to.push(offset);
    }
  }
  return units;
}

/** The words of the text, in order; words of only masks or punctuation are dropped. */
export function tokensOf(units: Units): Token[] {
  const tokens: Token[] = [];
  const n = units.kind.length;
  let i = 0;
  while (i < n) {
    if (!units.kind[i]) {
      i++;
      continue;
    }
    let first = i;
    while (i < n && units.kind[i]) i++;
    let last = i;
    // Each trimming loop moves one edge inward: together at most the token's length.
    while (first < last && units.kind[first] === SYMBOL && !(LEADING_SYMBOLS.includes(units.ch[first]) && first + 1 < last && (units.kind[first + 1] === LETTER || units.kind[first + 1] === DIGIT))) first++;
    while (last > first && units.kind[last - 1] === SYMBOL) last--;
    let letters = 0;
    let digits = '';
    let solid = 0;
    for (let j = first; j < last; j++) {
      const kind = units.kind[j];
      if (kind === LETTER) letters++;
      else if (kind === DIGIT) digits += units.ch[j];
      if (kind === LETTER || kind === DIGIT) solid++;
    }
    if (!letters && !digits) continue;
    tokens.push({
      first,
      last,
      start: units.from[first],
      end: units.to[last - 1],
      wordy: letters > 0,
      digits: letters > 0 ? '' : digits,
      single: last - first === 1 && solid === 1,
    });
  }
  return tokens;
}
