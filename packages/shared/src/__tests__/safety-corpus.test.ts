/**
 * The matcher against sentences written the way people write (safety-corpus.json), with the real
 * phrase lists: how many of the sentences of someone at risk it finds (recall), and how many ordinary
 * sentences it takes for crisis language (false positives). The figures are printed on every run.
 * The lists were tuned on the corpus, so the overall figures are in-sample. The group
 * "written_after_tuning" was written after the last change to the lists and was not tuned on: its
 * figures are printed apart, as the fairer estimate for text nobody has seen. When the lists change
 * again to fix its misses, move it into the tuned groups and write a new one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenText } from '../safety';
import { realPhrases } from './safety-phrases';

interface Corpus {
  positive: Record<string, string[]>;
  negative: Record<string, string[]>;
}

const corpus = JSON.parse(fs.readFileSync(path.join(__dirname, 'safety-corpus.json'), 'utf8')) as Corpus;
const list = realPhrases();
const HELD_OUT = 'written_after_tuning';

const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

function measure(groups: Record<string, string[]>, only?: (group: string) => boolean) {
  const hits: string[] = [];
  const misses: string[] = [];
  for (const [group, sentences] of Object.entries(groups)) {
    if (only && !only(group)) continue;
    for (const sentence of sentences) (screenText(sentence, list).crisis ? hits : misses).push(sentence);
  }
  return { hits, misses, total: hits.length + misses.length };
}

describe('the crisis-language corpus', () => {
  it('has at least 220 positive and 220 negative sentences, none in both', () => {
    const positives = Object.values(corpus.positive).flat();
    const negatives = Object.values(corpus.negative).flat();
    expect(positives.length).toBeGreaterThanOrEqual(220);
    expect(negatives.length).toBeGreaterThanOrEqual(220);
    const both = positives.filter((s) => negatives.includes(s));
    expect(both).toEqual([]);
  });

  it('finds at least 95% of the positives with at most 3% false positives', () => {
    const found = measure(corpus.positive);
    const wrong = measure(corpus.negative);
    const recall = found.hits.length / found.total;
    const falsePositives = wrong.hits.length / wrong.total;
    console.log(`safety corpus: recall ${found.hits.length}/${found.total} (${percent(found.hits.length, found.total)}), false positives ${wrong.hits.length}/${wrong.total} (${percent(wrong.hits.length, wrong.total)})`);
    const heldFound = measure(corpus.positive, (g) => g === HELD_OUT);
    const heldWrong = measure(corpus.negative, (g) => g === HELD_OUT);
    console.log(`safety corpus, not tuned on: recall ${heldFound.hits.length}/${heldFound.total}, false positives ${heldWrong.hits.length}/${heldWrong.total}`);
    if (found.misses.length) console.log(`safety corpus: missed ${JSON.stringify(found.misses)}`);
    if (wrong.hits.length) console.log(`safety corpus: false positives ${JSON.stringify(wrong.hits)}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositives).toBeLessThanOrEqual(0.03);
  });

  it('finds the positives of each kind of disguise at least 90% of the time', () => {
    for (const [group, sentences] of Object.entries(corpus.positive)) {
      if (group === HELD_OUT) continue;
      const found = sentences.filter((s) => screenText(s, list).crisis).length;
      expect(found / sentences.length, group).toBeGreaterThanOrEqual(0.9);
    }
  });
});
