/** Text helpers shared by the engines: query terms, typo distance, safe highlights. */
import damerau from 'damerau-levenshtein';
import { escapeHtml } from '@haven/shared/html';
import { MAX_QUERY_LENGTH } from '@haven/shared/library';

export { escapeHtml, MAX_QUERY_LENGTH };
export const MAX_TERMS = 10;

/** Lower-cased words of a query or document, letters and digits only: nothing of a query language survives. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= 40);
}

/** The terms of a search: at most MAX_TERMS words from the first MAX_QUERY_LENGTH characters. */
export function queryTerms(q: string): string[] {
  return [...new Set(wordsOf(q.slice(0, MAX_QUERY_LENGTH)))].slice(0, MAX_TERMS);
}

/** Typos allowed for a word, as Meilisearch does by default: none under 5 letters, 1 from 5, 2 from 9. */
export function typoBudget(term: string): number {
  if (term.length >= 9) return 2;
  if (term.length >= 5) return 1;
  return 0;
}

/** Damerau–Levenshtein distance: a swap of two neighbouring letters ("anxeity") counts as one typo. */
export function typoDistance(a: string, b: string): number {
  return damerau(a, b).steps;
}

/** Words of a vocabulary close enough to `term` to count as a typo of it (never the term itself). */
export function typoMatches(term: string, vocabulary: Iterable<string>, limit = 5): string[] {
  const budget = typoBudget(term);
  if (budget === 0) return [];
  const found: { word: string; distance: number }[] = [];
  for (const word of vocabulary) {
    if (word === term || Math.abs(word.length - term.length) > budget) continue;
    if (word[0] !== term[0] && budget < 2) continue; // a first-letter typo is rare and costly to look for
    const distance = typoDistance(term, word);
    if (distance <= budget) found.push({ word, distance });
  }
  return found.sort((x, y) => x.distance - y.distance || x.word.localeCompare(y.word)).slice(0, limit).map((f) => f.word);
}

/** Turns engine markers (\u0001 … \u0002) into <mark> around HTML-escaped text. */
export function markedHtml(text: string, open = '\u0001', close = '\u0002'): string {
  return escapeHtml(text.split(open).join('\u0001').split(close).join('\u0002'))
    .replace(/\u0001/g, '<mark>')
    .replace(/\u0002/g, '</mark>');
}

/**
 * Plain text of Markdown, for indexing: no markup, links reduced to their words. Every pattern is
 * linear: bracket and tag bodies exclude their own opening character, so a run of "![", "[" or "<"
 * fails at once instead of rescanning the rest of the body from each one.
 */
export function plainText(markdown: string | null | undefined): string {
  return (markdown ?? '')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^[\]]*\]\([^()]*\)/g, ' ')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
