/**
 * Step 3: a word's "skeleton", the form in which the text and the phrases are compared.
 *
 * - Digits and symbols inside a word are read as the letters they stand for (0→o, 3→e, 4→a, @→a,
 *   5→s, $→s, 7→t, +→t, 8→b, 9→g, €→e). "1" can be an i or an l, so i, l, 1, !, | and ¡ are one
 *   class in the skeleton, in the text and in the phrases alike: "k1ll", "ki11", "k!ll" and "kill"
 *   have one skeleton, without guessing which letter was meant.
 * - Letters repeated for emphasis: a run of four or more of one class, or three of one character
 *   ("diiie", "killlll"), stretches to fit the phrase's run; shorter runs must match exactly, so
 *   "odd" is not "od" and "ill" is not "i".
 * - Masks (* # _) stand for one letter or none: "k*ll", "s**cide", "su*c*de", and the emphasis of
 *   "**die**" or "d**ie**" typed where Markdown is not rendered. A masked word needs at least two
 *   letters of its own and half of the phrase word's, so "*d*" is nobody's "od".
 *
 * Linear: a skeleton is built in one pass; comparing one word of the text with one phrase word is a
 * small table of (word runs × phrase word length), and words longer than any phrase word are never
 * compared (their collapsed form is simply not in the index), so each word of the text costs a
 * bounded amount of work for a given phrase list.
 */
import { DIGIT, LETTER, MASK, type UnitKind } from './tokens';

/** What a digit or symbol inside a word stands for, in the skeleton (i and l are one class, "i"). */
const SKELETON: Record<string, string> = {
  l: 'i', '1': 'i', '!': 'i', '|': 'i', '¡': 'i',
  '0': 'o', '3': 'e', '€': 'e', '4': 'a', '@': 'a', '5': 's', '$': 's', '7': 't', '+': 't', '8': 'b', '9': 'g',
};
/** The same, read as a person would spell it (normalise's readable words). */
const READABLE: Record<string, string> = { ...SKELETON, l: 'l', '|': 'l' };

export const WILDCARD = '*';

/** The skeleton character of one unit of a word. */
export const skeletonOf = (ch: string, kind: UnitKind | 0): string => (kind === MASK ? WILDCARD : (SKELETON[ch] ?? ch));
/** The readable letter of one unit of a word (masks are dropped). */
export const readableOf = (ch: string, kind: UnitKind | 0): string => (kind === MASK ? '' : kind === LETTER || kind === DIGIT ? (READABLE[ch] ?? ch) : (READABLE[ch] ?? ''));

/** A run of one skeleton class in a word of the text (a mask is a run of its own). */
interface Run {
  ch: string;
  n: number;
  /** Every unit of the run is the same character as typed ("iii", not "ill"). */
  same: boolean;
  last: string;
}

/** A word of the text as runs, built one unit at a time (so spelled-out letters can be joined as they come). */
export class Shape {
  runs: Run[] = [];
  /** The skeleton with runs collapsed to one character, masks left out. */
  collapsed = '';
  letters = 0;
  known = 0;
  private tail = '';
  masks = 0;

  /** Empty again, to read the next word without allocating a new shape. */
  reset(): this {
    this.runs.length = 0;
    this.collapsed = '';
    this.letters = 0;
    this.known = 0;
    this.masks = 0;
    this.tail = '';
    return this;
  }

  push(ch: string, kind: UnitKind | 0): void {
    if (kind === MASK) {
      this.masks++;
      this.runs.push({ ch: WILDCARD, n: 1, same: true, last: ch });
      return;
    }
    if (kind === LETTER) this.letters++;
    this.known++;
    const sk = skeletonOf(ch, kind);
    const run = this.runs[this.runs.length - 1];
    if (run && run.ch === sk) {
      run.n++;
      run.same = run.same && run.last === ch;
      run.last = ch;
      return;
    }
    this.runs.push({ ch: sk, n: 1, same: true, last: ch });
    // Masks are left out of the collapsed form, so a letter after one may repeat the one before it.
    if (this.tail !== sk) this.collapsed += sk;
    this.tail = sk;
  }

  /** The first two different letters of the word, in order: a phrase word it matches has both, in that order. */
  pair(): string | null {
    let a: string | null = null;
    for (const run of this.runs) {
      if (run.ch === WILDCARD) continue;
      if (a === null) a = run.ch;
      else if (run.ch !== a) return pairKey(a, run.ch);
    }
    return null;
  }
}

export const pairKey = (a: string, b: string): string => `${a}\u0001${b}`;

/** A phrase word's skeleton collapsed (runs of one class as one character). */
export function collapse(pattern: readonly string[]): string {
  let out = '';
  for (const ch of pattern) if (!out.endsWith(ch)) out += ch;
  return out;
}

const stretches = (run: Run): boolean => run.n >= 4 || (run.n >= 3 && run.same);

/** Whether a word of the text (as runs) spells a phrase word (its skeleton, one character per letter). */
export function fits(shape: Shape, pattern: readonly string[]): boolean {
  return shape.masks ? fitsMasked(shape, pattern) : fitsRuns(shape, pattern);
}

/**
 * Without masks a word spells a phrase word when their runs pair up one to one (same collapsed form,
 * which the index lookup already checked): each run as long as the phrase word's, or stretching.
 */
function fitsRuns(shape: Shape, pattern: readonly string[]): boolean {
  let j = 0;
  for (const run of shape.runs) {
    if (j >= pattern.length || pattern[j] !== run.ch) return false;
    let k = j;
    while (k < pattern.length && pattern[k] === run.ch) k++;
    if (k - j !== run.n && !stretches(run)) return false;
    j = k;
  }
  return j === pattern.length;
}

function fitsMasked(shape: Shape, pattern: readonly string[]): boolean {
  const w = pattern.length;
  if (shape.masks > 0 && shape.known < Math.max(2, Math.ceil(w / 2))) return false;
  // reach[j]: the runs read so far can spell the first j letters of the phrase word.
  let reach = new Uint8Array(w + 1);
  reach[0] = 1;
  for (const run of shape.runs) {
    const next = new Uint8Array(w + 1);
    let any = false;
    for (let j = 0; j <= w; j++) {
      if (!reach[j]) continue;
      if (run.ch === WILDCARD) {
        next[j] = 1;
        if (j < w) next[j + 1] = 1;
        any = true;
      } else if (stretches(run)) {
        for (let k = j; k < w && pattern[k] === run.ch; k++) {
          next[k + 1] = 1;
          any = true;
        }
      } else if (j + run.n <= w) {
        let k = j;
        while (k < j + run.n && pattern[k] === run.ch) k++;
        if (k === j + run.n) {
          next[k] = 1;
          any = true;
        }
      }
    }
    if (!any) return false;
    reach = next;
  }
  return reach[w] === 1;
}
