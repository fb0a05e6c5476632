/**
 * Everything the wellness API applies to what people type, fed long adversarial input: sizes are
 * checked first and every pattern is linear, so each answer comes within a budget that only linear
 * code meets on this busy 2-core machine (quadratic code misses it by orders of magnitude).
 */
import { describe, expect, it } from 'vitest';
import { normaliseActivity } from '@haven/shared/wellness';
import { minutesOfTime, parseIsoDate } from '../dates';
import { assessmentBody, assessmentQuery, entryBody, settingsBody, statsQuery } from '../validation';

const N = 100_000;
const BUDGET_MS = 250;

function within<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
  return result;
}

const ADVERSARIAL: Record<string, string> = {
  spaces: ' '.repeat(N),
  'spaces then a letter': `${' '.repeat(N)}x`,
  'newlines and spaces': ' \n'.repeat(N / 2),
  'carriage returns': '\r'.repeat(N),
  'control characters': '\u0001'.repeat(N),
  'combining marks': `a${'\u0301'.repeat(N)}`,
  hyphens: '-'.repeat(N),
  'letters and hyphens': 'a-'.repeat(N / 2),
  'apostrophes then a symbol': `${"'".repeat(N)}!`,
  digits: '1'.repeat(N),
  'date-like': '2024-01-01'.repeat(N / 10),
  'a lone surrogate at the end': `${'x'.repeat(N)}\ud800`,
};

describe('wellness input under adversarial text', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`answers quickly for ${name}`, () => {
      within('reflection', () => entryBody.safeParse({ mood: 3, reflection: text }));
      within('activity', () => entryBody.safeParse({ mood: 3, activities: [text, text.slice(0, 100)] }));
      within('settings', () => settingsBody.safeParse({ activities: [text], reminderTime: text }));
      within('normaliseActivity', () => normaliseActivity(text));
      within('dates', () => [parseIsoDate(text), minutesOfTime(text), statsQuery.safeParse({ from: text, to: text, bucket: text })]);
      within('locale', () => assessmentQuery.safeParse({ locale: text }));
      within('answers', () => assessmentBody.safeParse({ kind: 'phq9', answers: text.split('').slice(0, 1000) }));
    });
  }

  it('refuses over-long and ill-formed text with a clear message, never by timing out', () => {
    const tooLong = entryBody.safeParse({ mood: 3, reflection: 'x'.repeat(N) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0].message).toContain('at most 4,000 characters');
    const lone = entryBody.safeParse({ mood: 3, reflection: 'ok \ud800' });
    expect(lone.error?.issues[0].message).toBe('contains characters that are not valid text');
    expect(entryBody.safeParse({ mood: 3, reflection: 'fine 😀' }).success).toBe(true);
  });
});
