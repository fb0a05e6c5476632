import { describe, expect, it } from 'vitest';
import { markedHtml, plainText, queryTerms, typoBudget, typoDistance, typoMatches, wordsOf } from '../text';

describe('query parsing', () => {
  it('keeps letters and digits only, lower-cased and without accents', () => {
    expect(wordsOf('Ánxiety & SLEEP: "tips" (2024)')).toEqual(['anxiety', 'sleep', 'tips', '2024']);
  });

  it.each([
    ['title:* AND "unbalanced', ['title', 'and', 'unbalanced']],
    ["'; DROP TABLE resources; --", ['drop', 'table', 'resources']],
    ['anxiety & | ! :* <->', ['anxiety']],
    ['NEAR(anxiety sleep)', ['near', 'anxiety', 'sleep']],
    ['😊 ánxiety', ['anxiety']],
    ['', []],
    ['!!! ???', []],
  ])('leaves nothing of a query language in %s', (q, terms) => {
    expect(queryTerms(q)).toEqual(terms);
  });

  it('takes at most 10 distinct terms from the first 200 characters', () => {
    expect(queryTerms('calm '.repeat(100))).toEqual(['calm']);
    expect(queryTerms(Array.from({ length: 30 }, (_, i) => `word${i}`).join(' '))).toHaveLength(10);
    expect(queryTerms(`${'a'.repeat(199)} hidden`)).toEqual([]);
  });

  it('drops words longer than 40 characters', () => {
    expect(wordsOf(`${'x'.repeat(41)} ok`)).toEqual(['ok']);
  });
});

describe('typos', () => {
  it.each([
    ['calm', 0],
    ['sleep', 1],
    ['anxieties', 2],
  ])('allows %s %i typo(s), as Meilisearch does', (term, budget) => {
    expect(typoBudget(term)).toBe(budget);
  });

  it.each([
    ['anxiety', 'anxeity', 1],
    ['anxiety', 'anxiety', 0],
    ['sleep', 'sleap', 1],
    ['sleep', 'slept', 2],
    ['grief', 'brief', 1],
    ['mindfulness', 'mindfullnes', 2],
    ['abc', 'xyz', 3],
  ])('distance %s ~ %s = %i (a swap is one typo)', (a, b, d) => {
    expect(typoDistance(a, b)).toBe(d);
  });

  it('finds vocabulary words within the budget, closest first, never the term itself', () => {
    const vocabulary = new Set(['anxiety', 'anxious', 'society', 'sleep', 'sleepy', 'asleep']);
    expect(typoMatches('anxeity', vocabulary)).toEqual(['anxiety']);
    expect(typoMatches('sleep', vocabulary)).toEqual(['sleepy']);
    expect(typoMatches('calm', vocabulary)).toEqual([]);
  });
});

describe('highlights and indexing text', () => {
  it('escapes everything but the engine markers, which become <mark>', () => {
    expect(markedHtml('a \u0001<b>sleep</b>\u0002 & "x"')).toBe('a <mark>&lt;b&gt;sleep&lt;/b&gt;</mark> &amp; &quot;x&quot;');
  });

  it('reduces Markdown to words for the index', () => {
    expect(plainText('# Title\n\nSome **bold** [link text](https://x.example) ![img](a.png)\n\n```\ncode\n```\n- item')).toBe('Title Some bold link text item');
    expect(plainText(null)).toBe('');
  });
});
