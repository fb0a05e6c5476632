/**
 * The moderation queue's highlight: which ranges of an item's text, as readers see it, matched crisis
 * language or a watched word. Both come from the one matcher of @haven/shared/safety (one normalisation,
 * ranges of the text given), so a mark always covers the whole of what matched: "d**ie**" is shown as
 * "die" and all three letters are marked, not the two that were bold. Pure: no Strapi.
 */
import type { QueueHighlight } from '@haven/shared/community';
import { screenText, type CompiledPhrases, type SafetyMatch } from '@haven/shared/safety';
import { screeningTexts } from './screening-text';

/**
 * An item's text as readers see it and as screening read it: a post's title on its own line, then the
 * body rendered to plain text (a reply has no title of its own).
 */
export const shownText = (title: string | undefined, bodyHtml: string): string => screeningTexts({ title, bodyHtml })[0];

/** Ranges of `text` that match the watched words (compiled once per queue). */
export const watchedRanges = (text: string, words: CompiledPhrases): SafetyMatch[] => (words.needles.length ? screenText(text, words).matches : []);

/**
 * Crisis and watched-word ranges as one list in text order, overlapping ranges joined (so no mark sits
 * inside another); a joined range counts as crisis when any part of it was.
 */
export function highlightsOf(crisis: readonly SafetyMatch[], watched: readonly SafetyMatch[]): QueueHighlight[] {
  const all: QueueHighlight[] = [
    ...crisis.map((m): QueueHighlight => ({ start: m.start, end: m.end, reason: 'crisis', phrase: m.phrase })),
    ...watched.map((m): QueueHighlight => ({ start: m.start, end: m.end, reason: 'watched-word', phrase: m.phrase })),
  ]
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: QueueHighlight[] = [];
  for (const h of all) {
    const last = merged[merged.length - 1];
    if (last && h.start < last.end) {
      last.end = Math.max(last.end, h.end);
      if (last.reason !== 'crisis' && h.reason === 'crisis') Object.assign(last, { reason: h.reason, phrase: h.phrase });
    } else merged.push({ ...h });
  }
  return merged;
}
