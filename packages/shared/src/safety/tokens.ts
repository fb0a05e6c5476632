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
// A symbol at the start of a word stands for a letter only if it looks like one there ($uicide, @lone):
// "!", "|" and "+" there are punctuation or list marks. At the end of a word "!" and "¡" are punctuation
// (die!!!), the others letters (kil|, mys€lf$ are rare as punctuation).
const LEADING_SYMBOLS = '$@€';
const TRAILING_PUNCTUATION = '!¡';

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

/**
 * The folded characters of a text, one per unit, with the range of the original text each came from.
 * Typed arrays, grown by doubling: 100 kB of text is a few flat buffers, not hundreds of thousands of
 * objects for the garbage collector to walk (which made large inputs look slower than linear).
 */
export class Units {
  length = 0;
  code: Int32Array;
  kinds: Uint8Array;
  from: Int32Array;
  to: Int32Array;

  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.code = new Int32Array(size);
    this.kinds = new Uint8Array(size);
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
  }

  /** The unit's kind; 0 for a separator. */
  kind(i: number): UnitKind | 0 {
    return this.kinds[i] as UnitKind | 0;
  }

  /** The unit's folded character. */
  char(i: number): string {
    return String.fromCodePoint(this.code[i]);
  }

  push(ch: string, kind: UnitKind | 0, from: number, to: number): void {
    if (this.length === this.code.length) {
      const grow = <T extends Int32Array | Uint8Array>(old: T, bigger: T): T => {
        bigger.set(old);
        return bigger;
      };
      const size = this.length * 2;
      this.code = grow(this.code, new Int32Array(size));
      this.kinds = grow(this.kinds, new Uint8Array(size));
      this.from = grow(this.from, new Int32Array(size));
      this.to = grow(this.to, new Int32Array(size));
    }
    this.code[this.length] = ch.codePointAt(0) ?? 32;
    this.kinds[this.length] = kind;
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.length++;
  }
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
  const units = new Units(text.length + 16);
  let offset = 0;
  for (const cp of text) {
    const start = offset;
    offset += cp.length;
    const folded = foldCodePoint(cp);
    const previous = units.length - 1;
    if (!folded && previous >= 0 && units.kind(previous) && units.to[previous] === start) {
      // A code point a reader does not see (a combining mark, a zero-width character) belongs to the
      // letter before it: the range of "e\u0336" or "sui\u200bcide" covers it.
      units.to[previous] = offset;
      continue;
    }
    for (const ch of folded) {
      const kind = kindOf(ch);
      // A separator: one is enough to end a word, so runs of them are not stored.
      if (!kind && (!units.length || !units.kind(units.length - 1))) continue;
      units.push(kind ? ch : ' ', kind, start, kind ? offset : start);
    }
  }
  return units;
}

/** The words of the text, in order; words of only masks or punctuation are dropped. */
export function tokensOf(units: Units): Token[] {
  const tokens: Token[] = [];
  const n = units.length;
  let i = 0;
  while (i < n) {
    if (!units.kind(i)) {
      i++;
      continue;
    }
    let first = i;
    while (i < n && units.kind(i)) i++;
    let last = i;
    // Each trimming loop moves one edge inward: together at most the token's length.
    while (first < last && units.kind(first) === SYMBOL && !(LEADING_SYMBOLS.includes(units.char(first)) && first + 1 < last && (units.kind(first + 1) === LETTER || units.kind(first + 1) === DIGIT))) first++;
    while (last > first && units.kind(last - 1) === SYMBOL && TRAILING_PUNCTUATION.includes(units.char(last - 1))) last--;
    let letters = 0;
    let digits = '';
    let solid = 0;
    for (let j = first; j < last; j++) {
      const kind = units.kind(j);
      if (kind === LETTER) letters++;
      else if (kind === DIGIT) digits += units.char(j);
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
