/**
 * Step 4a: a phrase list compiled once into an index of its words (screen.ts reads texts against it).
 *
 * Each phrase is read by the same steps as a text; its words are indexed by their collapsed skeleton
 * (a word of the text without masks is looked up there), by every ordered pair of their letters (a
 * masked word is looked up by its first two letters) and by every beginning (how far spelled-out
 * letters are worth joining). A phrase of several words is also indexed as one word of them written
 * together ("killmyself", "#wanttodie").
 *
 * An entry starting with "not:" is an exception: a match that lies inside an exception's match does
 * not count ("not: suicide squad" keeps the film from reading as crisis language; "I watched Suicide
 * Squad and I want to kill myself" still matches "kill myself").
 */
import { normalise } from './normalise';
import { collapse, pairKey, skeletonOf } from './shape';
import { MASK, tokensOf, unitsOf } from './tokens';

/** Marks an entry of a phrase list as an exception (data from the clinic's files, never user input). */
const EXCEPTION = 'not:';
/** A phrase of several words also matches its words written together when that is at least this long. */
const JOINED_MIN = 6;
export interface Sequence {
  words: number[];
  /** Index of the entry in `phrases`, or -1 for an exception. */
  entry: number;
  /** A short form alone ("kms", "ctb"): it does not count right after a number ("ran 5 kms"). */
  short: boolean;
}

/** The words of every phrase of a list, indexed for lookup by the words of a text. */
export interface PhraseIndex {
  /** Each phrase word's skeleton, one character per letter (empty for a number). */
  words: string[][];
  byCollapsed: Map<string, number[]>;
  byPair: Map<string, number[]>;
  /** Every beginning of a phrase word's collapsed skeleton: where joining spelled-out letters may go on. */
  prefixes: Set<string>;
  numbers: Map<string, number>;
  /** The longest phrase word, joined words of a phrase included. */
  maxLength: number;
  /** The longest word of a phrase as written: how far spelled-out letters are joined. */
  maxSpelled: number;
  sequences: Sequence[];
  byFirst: Map<number, number[]>;
}

/** A phrase list compiled once (normalised needles and the word index), reused for every text. */
export interface CompiledPhrases {
  /** The entries that count (exceptions left out), in list order. */
  phrases: string[];
  /** Each entry as `normalise` reads it. */
  needles: string[];
  index: PhraseIndex;
}

const add = (map: Map<string, number[]>, key: string, id: number) => {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
};

function wordsOfPhrase(phrase: string): Array<{ pattern: string[]; digits: string }> {
  const units = unitsOf(phrase);
  return tokensOf(units).map((t) => {
    const pattern: string[] = [];
    if (t.wordy) for (let j = t.first; j < t.last; j++) if (units.kind(j) !== MASK) pattern.push(skeletonOf(units.char(j), units.kind(j)));
    return { pattern, digits: t.digits };
  });
}

/** Compiles a phrase list once: entries with no letters or digits are dropped. */
export function compilePhrases(list: readonly string[]): CompiledPhrases {
  const index: PhraseIndex = { words: [], byCollapsed: new Map(), byPair: new Map(), prefixes: new Set(), numbers: new Map(), maxLength: 0, maxSpelled: 0, sequences: [], byFirst: new Map() };
  const ids = new Map<string, number>();
  const wordId = (pattern: string[], digits: string): number => {
    const key = pattern.length ? `w${pattern.join('')}` : `n${digits}`;
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = index.words.length;
    ids.set(key, id);
    index.words.push(pattern);
    if (!pattern.length) {
      index.numbers.set(digits, id);
      return id;
    }
    index.maxLength = Math.max(index.maxLength, pattern.length);
    const collapsed = Array.from(collapse(pattern));
    add(index.byCollapsed, collapsed.join(''), id);
    for (let a = 0; a < collapsed.length; a++) {
      index.prefixes.add(collapsed.slice(0, a + 1).join(''));
      for (let b = a + 1; b < collapsed.length; b++) if (collapsed[b] !== collapsed[a]) add(index.byPair, pairKey(collapsed[a], collapsed[b]), id);
    }
    return id;
  };
  const sequence = (words: number[], entry: number, short: boolean) => {
    const at = index.sequences.length;
    index.sequences.push({ words, entry, short });
    const first = index.byFirst.get(words[0]);
    if (first) first.push(at);
    else index.byFirst.set(words[0], [at]);
  };

  const phrases: string[] = [];
  const needles: string[] = [];
  for (const raw of list) {
    const exception = raw.trimStart().toLowerCase().startsWith(EXCEPTION);
    const phrase = exception ? raw.trimStart().slice(EXCEPTION.length) : raw;
    const words = wordsOfPhrase(phrase);
    if (!words.length) continue;
    let entry = -1;
    if (!exception) {
      entry = phrases.length;
      phrases.push(raw);
      needles.push(normalise(phrase));
    }
    for (const w of words) index.maxSpelled = Math.max(index.maxSpelled, w.pattern.length);
    const only = words.length === 1 ? words[0].pattern : null;
    sequence(
      words.map((w) => wordId(w.pattern, w.digits)),
      entry,
      only !== null && only.length > 0 && only.length <= 3,
    );
    const joined = words.every((w) => w.pattern.length) ? words.flatMap((w) => w.pattern) : [];
    if (words.length > 1 && joined.length >= JOINED_MIN) sequence([wordId(joined, '')], entry, false);
  }
  return { phrases, needles, index };
}
