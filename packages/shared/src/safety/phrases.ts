/**
 * Step 4: phrase lists compiled once into an index of words, and each text read word by word against it.
 *
 * A phrase matches whole words of the text, in order, separated by anything that is not a word
 * (spaces, punctuation, emoji, markup left over). Besides the words as written, a run of three or more
 * lone letters or digits is read as the word it spells ("s u i c i d e", "k.i.l.l myself"), and a
 * phrase of several words also matches its words written together ("killmyself", "#wanttodie").
 *
 * An entry starting with "not:" is an exception: a match that lies inside an exception's match does
 * not count ("not: suicide squad" keeps the film from reading as crisis language; "I watched Suicide
 * Squad and I want to kill myself" still matches "kill myself").
 *
 * Linear for a given list: every word of the text is looked up in a map by its collapsed skeleton (or
 * by its first two letters when it has masks) and compared with the few phrase words found there;
 * spelled-out letters are joined from each start for at most the longest phrase word's length, and
 * only while the letters so far begin some phrase word; a phrase is followed from each start for at
 * most MAX_STEPS words.
 */
import { Shape, collapse, fits, pairKey, readableOf, skeletonOf } from './shape';
import { MASK, tokensOf, unitsOf, type Token, type Units } from './tokens';
import type { SafetyMatch, TextScreening } from './types';

/** Marks an entry of a phrase list as an exception (data from the clinic's files, never user input). */
const EXCEPTION = 'not:';
/** A phrase of several words also matches its words written together when that is at least this long. */
const JOINED_MIN = 6;
/** Phrase words are followed through at most this many edges from one start (bounds the rare branching). */
const MAX_STEPS = 64;

interface Sequence {
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

const NONE: number[] = [];
const SEEN_MAX = 10_000;
const SEEN_WORD_MAX = 24;
// One shape reused for every word read (screening allocates little, so 100 kB of words stay fast).
const scratch = new Shape();

/** The phrase words a word of the text spells. */
function wordsOfShape(shape: Shape, index: PhraseIndex): number[] {
  if (!shape.letters) return NONE;
  let found: number[] | undefined;
  if (!shape.masks) found = index.byCollapsed.get(shape.collapsed);
  // A masked word longer than any phrase word (masks included) cannot spell one.
  else if (shape.runs.length <= 2 * index.maxLength + 8) {
    const pair = shape.pair();
    found = pair === null ? undefined : index.byPair.get(pair);
  }
  if (!found) return NONE;
  const fitting = found.filter((id) => fits(shape, index.words[id]));
  return fitting.length ? fitting : NONE;
}

/**
 * The phrase words one word of the text spells. `seen` remembers short words already read in this
 * text (words repeat: "a", "i", "the"); it lives for one call, so nothing a person wrote is kept.
 */
function wordsOfToken(token: Token, units: Units, index: PhraseIndex, seen: Map<string, number[]>): number[] {
  if (!token.wordy) {
    const id = index.numbers.get(token.digits);
    return id === undefined ? NONE : [id];
  }
  const short = token.last - token.first <= SEEN_WORD_MAX;
  const key = short ? String.fromCodePoint(...units.code.subarray(token.first, token.last)) : '';
  const known = short ? seen.get(key) : undefined;
  if (known) return known;
  const shape = scratch.reset();
  // A word of more runs than any phrase word (masks counted twice over) spells none: stop reading it.
  const most = 2 * index.maxLength + 8;
  let ids = NONE;
  for (let j = token.first; j < token.last && shape.runs.length <= most; j++) shape.push(units.char(j), units.kind(j));
  if (shape.runs.length <= most) ids = wordsOfShape(shape, index);
  if (short && seen.size < SEEN_MAX) seen.set(key, ids);
  return ids;
}

const NO_EDGES: Edge[] = [];

interface Edge {
  /** The token after the edge's last one. */
  end: number;
  ids: number[];
  /** Lone letters joined: does the run of them start (opens) or end (closes) with this edge? */
  spelled?: { opens: boolean; closes: boolean };
}

/**
 * Runs of three or more lone letters or digits, read as the phrase words they spell: `at(s)` gives the
 * joins starting at token s, worked out only when asked (a run's first token, or where a phrase being
 * followed has got to), so a page of lone letters costs one bounded join per start asked about.
 */
function spelledWords(tokens: Token[], units: Units, index: PhraseIndex): { opens: (at: number) => boolean; at: (s: number) => Edge[] } {
  // runEnd[i]: the end of the run of three or more lone letters token i belongs to, else -1.
  const runEnd = new Int32Array(tokens.length).fill(-1);
  const runStart = new Int32Array(tokens.length).fill(-1);
  let i = 0;
  while (i < tokens.length) {
    if (!tokens[i].single) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && tokens[j].single) j++;
    if (j - i >= 3) for (let k = i; k < j; k++) {
      runEnd[k] = j;
      runStart[k] = i;
    }
    i = j;
  }
  const memo = new Map<number, Edge[]>();
  const at = (s: number): Edge[] => {
    const j = runEnd[s];
    if (j < 0) return NO_EDGES;
    const cached = memo.get(s);
    if (cached) return cached;
    const edges: Edge[] = [];
    const shape = scratch.reset();
    for (let e = s; e < j && e - s < index.maxSpelled + 8; e++) {
      const u = tokens[e].first;
      shape.push(units.char(u), units.kind(u));
      if (!index.prefixes.has(shape.collapsed)) break;
      if (e - s < 2) continue;
      // Only into words of three letters or more: "a d i e u" spells no "a" or "i".
      const ids = wordsOfShape(shape, index).filter((id) => index.words[id].length >= 3);
      if (ids.length) edges.push({ end: e + 1, ids, spelled: { opens: s === runStart[s], closes: e + 1 === j } });
    }
    memo.set(s, edges);
    return edges;
  };
  return { opens: (s) => runEnd[s] >= 0 && runStart[s] === s, at };
}

/** Every occurrence of the list's phrases in one text, as ranges of that text. */
export function screenText(text: string, list: CompiledPhrases): TextScreening {
  const { index } = list;
  const units = unitsOf(text);
  const tokens = tokensOf(units);
  const seen = new Map<string, number[]>();
  const single: Edge[][] = tokens.map((t, i) => {
    const ids = wordsOfToken(t, units, index, seen);
    return ids.length ? [{ end: i + 1, ids }] : NO_EDGES;
  });
  const spelled = spelledWords(tokens, units, index);
  const edgesFrom = (at: number): Edge[] => {
    const more = spelled.at(at);
    return more.length ? [...single[at], ...more] : single[at];
  };

  const found: SafetyMatch[] = [];
  const exceptions: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    // Spelled-out letters make a phrase only from the first of them to the last ("a d i e u" is no "die").
    for (const edge of spelled.opens(i) ? edgesFrom(i) : single[i]) {
      if (edge.spelled && !edge.spelled.opens) continue;
      for (const id of edge.ids) {
        for (const at of index.byFirst.get(id) ?? []) {
          const seq = index.sequences[at];
          if (seq.short && i > 0 && !tokens[i - 1].wordy) continue;
          let steps = MAX_STEPS;
          // The token after the phrase's last word, or -1: depth first over the few edges that fit.
          const follow = (k: number, pos: number, last: Edge): number => {
            if (k === seq.words.length) return last.spelled && !last.spelled.closes ? -1 : pos;
            if (pos >= tokens.length) return -1;
            for (const next of edgesFrom(pos)) {
              if (--steps < 0) return -1;
              if (!next.ids.includes(seq.words[k])) continue;
              const end = follow(k + 1, next.end, next);
              if (end >= 0) return end;
            }
            return -1;
          };
          const end = follow(1, edge.end, edge);
          if (end < 0) continue;
          const range = { start: tokens[i].start, end: tokens[end - 1].end };
          if (seq.entry < 0) exceptions.push(range);
          else found.push({ phrase: list.phrases[seq.entry], ...range });
        }
      }
    }
  }
  scratch.reset(); // keeps no letters of this text past the call
  const kept = outside(found, exceptions);
  const entries = new Set(kept.map((m) => m.phrase));
  const phrases = list.phrases.filter((p) => entries.has(p));
  return { crisis: phrases.length > 0, phrases, matches: mergeRanges(kept) };
}

/** Matches not inside any exception's match. */
function outside(found: SafetyMatch[], exceptions: Array<{ start: number; end: number }>): SafetyMatch[] {
  if (!exceptions.length) return found;
  const sorted = [...found].sort((a, b) => a.start - b.start);
  const ex = [...exceptions].sort((a, b) => a.start - b.start);
  const kept: SafetyMatch[] = [];
  let x = 0;
  let reach = -1;
  for (const m of sorted) {
    while (x < ex.length && ex[x].start <= m.start) reach = Math.max(reach, ex[x++].end);
    if (reach < m.end) kept.push(m);
  }
  return kept;
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

/**
 * The text as its words read them, space-separated, with a space at each end: folded, digits and
 * symbols inside words read as letters ("K1ll" → "kill"), masks and punctuation dropped. What two
 * watched words are compared by; not what matching compares (that is the skeleton, see shape.ts).
 */
export function normalise(text: string): string {
  const units = unitsOf(text);
  const words: string[] = [];
  for (const t of tokensOf(units)) {
    if (!t.wordy) {
      words.push(t.digits);
      continue;
    }
    let word = '';
    for (let j = t.first; j < t.last; j++) word += readableOf(units.char(j), units.kind(j));
    words.push(word);
  }
  return ` ${words.join(' ')} `;
}

/** Phrases of the list found as whole words in any of the texts, in list order. */
export function matchPhrases(texts: string | readonly string[], phrases: readonly string[] | CompiledPhrases): string[] {
  const list = isCompiled(phrases) ? phrases : compilePhrases(phrases);
  const found = new Set<string>();
  for (const text of typeof texts === 'string' ? [texts] : texts) for (const p of screenText(text, list).phrases) found.add(p);
  return list.phrases.filter((p) => found.has(p));
}

const isCompiled = (phrases: readonly string[] | CompiledPhrases): phrases is CompiledPhrases => !Array.isArray(phrases);
