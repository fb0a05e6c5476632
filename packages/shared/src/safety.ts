/**
 * One safety path: how Haven reads free text a person writes about themselves (community posts and
 * replies, wellness reflections, chat messages, profile text) for signs that they may be at risk, and
 * the shapes every place answers with. Browser-safe and pure: the phrase lists (config/crisis/phrases/
 * <locale>.json, loaded by the safety plugin) and the crisis lines come in as data.
 *
 * Matching reads the text as people see it and sees through the disguises people use to get past
 * filters, in four linear steps (each module says why it is linear):
 *   1. safety/fold.ts: each code point as the letters a reader sees (NFKC, lower case, invisible
 *      characters and combining marks dropped, look-alike letters of other scripts folded);
 *   2. safety/tokens.ts: words, each keeping the range of the original text it came from;
 *   3. safety/shape.ts: a word's skeleton (digits and symbols read as letters, i/l/1/!/| one class,
 *      letters repeated for emphasis stretched, masks as optional letters);
 *   4. safety/phrases.ts: the phrase list's words indexed once (exceptions: "not: …");
 *      safety/screen.ts: whole words matched in order, letters spelled out one by one joined.
 * safety/normalise.ts gives a text's words as read (what two watched words are compared by).
 * Every match is reported as a range of the original text, so a moderator's highlight covers the whole
 * of what the reader sees. No regular expression with backtracking ever sees user input.
 */
export type { CrisisLine, CrisisResources, SafetyMatch, TextScreening } from './safety/types';
export { fold, withoutInvisible } from './safety/fold';
export { normalise } from './safety/normalise';
export { compilePhrases, type CompiledPhrases } from './safety/phrases';
export { matchPhrases, screenText } from './safety/screen';
