/**
 * Step 4b: a text read word by word against a compiled phrase list.
 *
 * A phrase matches whole words of the text, in order, separated by anything that is not a word
 * (spaces, punctuation, emoji, markup left over). Besides the words as written, a run of three or more
 * lone letters or digits is read as the word it spells, from its first letter to its last ("s u i c i
 * d e", "k.i.l.l myself", but not the "die" in "a d i e u").
 *
 * Linear for a given list: every word of the text is looked up in the index and compared with the few
 * phrase words found there (each comparison bounded by the phrase word's length; a word longer than
 * any phrase word is not read further); spelled-out letters are joined only from the first of a run
 * or where a phrase being followed has got to, for at most the longest phrase word, and only while
 * the letters so far begin some phrase word; a phrase is followed from each start for at most
 * MAX_STEPS words; exceptions and overlapping matches are settled by sorting the matches found.
 */
import { compilePhrases, type CompiledPhrases, type PhraseIndex } from './phrases';
import { Shape, fits } from './shape';
import { tokensOf, unitsOf, type Token, type Units } from './tokens';
import type { SafetyMatch, TextScreening } from './types';

/** Phrase words are followed through at most this many edges from one start (bounds the rare branching). */
const MAX_STEPS = 64;

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

/** Phrases of the list found as whole words in any of the texts, in list order. */
export function matchPhrases(texts: string | readonly string[], phrases: readonly string[] | CompiledPhrases): string[] {
  const list = isCompiled(phrases) ? phrases : compilePhrases(phrases);
  const found = new Set<string>();
  for (const text of typeof texts === 'string' ? [texts] : texts) for (const p of screenText(text, list).phrases) found.add(p);
  return list.phrases.filter((p) => found.has(p));
}

const isCompiled = (phrases: readonly string[] | CompiledPhrases): phrases is CompiledPhrases => !Array.isArray(phrases);
