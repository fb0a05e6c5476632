import { describe, expect, it } from 'vitest';
import { ASSESSMENTS, bandOf, normaliseActivity, scoreAssessment, type AssessmentKind } from '../wellness';

/** Answers (each 0–3) adding up to `score`, with item 9 of PHQ-9 left at `item9`. */
function answersFor(kind: AssessmentKind, score: number, item9 = 0): number[] {
  const answers = new Array(ASSESSMENTS[kind].items.length).fill(0);
  let left = score - item9;
  if (kind === 'phq9') answers[8] = item9;
  for (let i = 0; i < answers.length && left > 0; i++) {
    if (kind === 'phq9' && i === 8) continue;
    const take = Math.min(3, left);
    answers[i] = take;
    left -= take;
  }
  if (left > 0) answers[8] += left; // only for the top PHQ-9 scores
  return answers;
}

describe('PHQ-9 and GAD-7 scoring', () => {
  const cases: [AssessmentKind, number, string][] = [
    ['phq9', 0, 'minimal'],
    ['phq9', 4, 'minimal'],
    ['phq9', 5, 'mild'],
    ['phq9', 9, 'mild'],
    ['phq9', 10, 'moderate'],
    ['phq9', 14, 'moderate'],
    ['phq9', 15, 'moderately-severe'],
    ['phq9', 19, 'moderately-severe'],
    ['phq9', 20, 'severe'],
    ['phq9', 27, 'severe'],
    ['gad7', 0, 'minimal'],
    ['gad7', 4, 'minimal'],
    ['gad7', 5, 'mild'],
    ['gad7', 9, 'mild'],
    ['gad7', 10, 'moderate'],
    ['gad7', 14, 'moderate'],
    ['gad7', 15, 'severe'],
    ['gad7', 21, 'severe'],
  ];
  it.each(cases)('%s %i is %s', (kind, score, band) => {
    const result = scoreAssessment(kind, answersFor(kind, score));
    expect(result.score).toBe(score);
    expect(result.band.key).toBe(band);
  });

  it('has the standard number of items and every score in exactly one band', () => {
    expect(ASSESSMENTS.phq9.items).toHaveLength(9);
    expect(ASSESSMENTS.gad7.items).toHaveLength(7);
    for (const kind of ['phq9', 'gad7'] as const) {
      for (let score = 0; score <= ASSESSMENTS[kind].maxScore; score++) {
        expect(ASSESSMENTS[kind].bands.filter((b) => score >= b.min && score <= b.max)).toHaveLength(1);
      }
      expect(() => bandOf(kind, ASSESSMENTS[kind].maxScore + 1)).toThrow(RangeError);
      expect(() => bandOf(kind, -1)).toThrow(RangeError);
    }
  });

  it('flags PHQ-9 item 9 above 0, whatever the total', () => {
    expect(scoreAssessment('phq9', answersFor('phq9', 1, 1))).toMatchObject({ score: 1, selfHarmFlag: true, band: { key: 'minimal' } });
    expect(scoreAssessment('phq9', answersFor('phq9', 20, 0)).selfHarmFlag).toBe(false);
    expect(scoreAssessment('gad7', answersFor('gad7', 21)).selfHarmFlag).toBe(false);
  });

  it('refuses the wrong number of answers and answers outside 0–3', () => {
    expect(() => scoreAssessment('phq9', [0, 0, 0])).toThrow(RangeError);
    expect(() => scoreAssessment('gad7', [0, 0, 0, 0, 0, 0, 4])).toThrow(RangeError);
    expect(() => scoreAssessment('gad7', [0, 0, 0, 0, 0, 0, 1.5])).toThrow(RangeError);
  });
});

describe('activities', () => {
  it('normalises case, spaces and Unicode, and refuses anything else', () => {
    expect(normaliseActivity('  Rock   Climbing ')).toBe('rock climbing');
    expect(normaliseActivity('Café')).toBe('café');
    expect(normaliseActivity('Cafe\u0301')).toBe('café');
    expect(normaliseActivity("tai-chi")).toBe('tai-chi');
    for (const bad of ['', '   ', '<script>', 'a'.repeat(33), '-dash first', 'x'.repeat(500)]) expect(normaliseActivity(bad)).toBeNull();
  });
});
