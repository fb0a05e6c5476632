import { describe, expect, it } from 'vitest';
import { compilePhrases, screenText } from '@haven/shared/safety';
import { highlightsOf, shownText, watchedRanges } from '../highlights';
import { renderMarkdown } from '../render';

/** The queue's text of a post as a member would type it, and the ranges the queue marks on it. */
function marked(body: string, crisisPhrases: string[], watched: string[] = [], title?: string) {
  const text = shownText(title, renderMarkdown(body));
  const crisis = screenText(text, compilePhrases(crisisPhrases)).matches;
  const highlights = highlightsOf(crisis, watchedRanges(text, compilePhrases(watched)));
  return { text, highlights, parts: highlights.map((h) => text.slice(h.start, h.end)) };
}

describe('the moderation queue marks whole matches on the text as readers see it', () => {
  it('marks all of a word hidden by emphasis ("d**ie**" is shown as "die")', () => {
    const { text, parts } = marked('I want to d**ie**', ['want to die']);
    expect(text).toBe('I want to die');
    expect(parts).toEqual(['want to die']);
  });

  it('puts a post title on its own first line and marks matches in it too', () => {
    const { text, highlights, parts } = marked('Nothing else', ['kill myself'], [], 'I could kіll myself');
    expect(text).toBe('I could kіll myself\nNothing else');
    expect(parts).toEqual(['kіll myself']);
    expect(highlights[0]).toMatchObject({ start: 8, reason: 'crisis', phrase: 'kill myself' });
  });

  it('marks watched words with the same matcher, crisis and watched words apart, in text order', () => {
    const { highlights, parts } = marked('zebracorn and then I want to die, zebracorn', ['want to die'], ['zebracorn']);
    expect(parts).toEqual(['zebracorn', 'want to die', 'zebracorn']);
    expect(highlights.map((h) => h.reason)).toEqual(['watched-word', 'crisis', 'watched-word']);
  });

  it('joins overlapping ranges into one mark, crisis when any part of it was', () => {
    expect(
      highlightsOf(
        [{ phrase: 'want to die', start: 2, end: 13 }],
        [
          { phrase: 'die tonight', start: 10, end: 21 },
          { phrase: 'late', start: 30, end: 34 },
        ],
      ),
    ).toEqual([
      { start: 2, end: 21, reason: 'crisis', phrase: 'want to die' },
      { start: 30, end: 34, reason: 'watched-word', phrase: 'late' },
    ]);
    expect(highlightsOf([{ phrase: 'b', start: 5, end: 9 }], [{ phrase: 'a', start: 0, end: 6 }])).toEqual([{ start: 0, end: 9, reason: 'crisis', phrase: 'b' }]);
  });

  it('marks nothing without watched words or matches', () => {
    expect(marked('A calm afternoon walk', ['want to die']).highlights).toEqual([]);
    expect(watchedRanges('anything', compilePhrases([]))).toEqual([]);
  });
});
