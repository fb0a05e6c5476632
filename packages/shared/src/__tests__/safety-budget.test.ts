/**
 * The shared matcher in linear time (the idea of plugins/community's regex-budget test, for
 * @haven/shared/safety): 100 kB of the worst input for each step (symbols, masks, lone letters,
 * combining marks, emphasis runs, near-phrases) screens within a fixed budget of CPU time, and doubling
 * the input about doubles the time (a quadratic step would quadruple it). The budget is generous;
 * quadratic code misses it by orders of magnitude at this size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { normalise, screenText } from '../safety';
import { realPhrases } from './safety-phrases';

const N = 100_000;
const BUDGET_MS = 250;
const list = realPhrases();

const fill = (unit: string, size = N) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const ADVERSARIAL: Record<string, (size: number) => string> = {
  'one long run of symbols': (n) => fill('@$!|+', n),
  'symbols between letters': (n) => fill('k!1|', n),
  'asterisks': (n) => fill('*', n),
  'asterisks between letters': (n) => fill('s**c*d*', n),
  'masked words': (n) => fill('k*ll m*s*lf ', n),
  'lone letters separated by spaces': (n) => fill('a ', n),
  'lone letters that begin phrase words': (n) => fill('s u i c i d ', n),
  'spelled-out phrase words over and over': (n) => fill('k i l l ', n),
  'lone letters and digits with dots': (n) => fill('k.1.l.', n),
  'combining marks on one letter': (n) => `a${fill('\u0301', n - 1)}`,
  'combining marks on every letter': (n) => fill('d\u0336i\u0336e\u0336 ', n),
  'one letter repeated': (n) => fill('i', n),
  'emphasis runs': (n) => fill('diiiiiiie ', n),
  'near-phrases': (n) => fill('want to dine kill myselfie ', n),
  'phrases everywhere': (n) => fill('I want to kill myself ', n),
  'zero-width characters between letters': (n) => fill('s\u200bu\u200bi\u200b', n),
  'look-alike letters': (n) => fill('ѕuісіdе ', n),
  'mathematical letters': (n) => fill('𝐬𝐮𝐢𝐜𝐢𝐝𝐞 ', n),
  'one word of 100,000 letters': (n) => fill('ab', n),
  'hashtags': (n) => fill('#wanttodi ', n),
  'digits': (n) => fill('1234567890', n),
};

/**
 * Milliseconds of CPU this thread spent on `fn`. Not the wall clock: the other engineers' suites share
 * two cores, and a run preempted for tens of milliseconds says nothing about the work it does.
 */
function time(fn: () => unknown): number {
  const started = process.threadCpuUsage();
  fn();
  const spent = process.threadCpuUsage(started);
  return (spent.user + spent.system) / 1000;
}

describe('the shared matcher is linear in the text', () => {
  // Compile and warm up once (the folding cache, the JIT): the budget measures the work, not the start.
  beforeAll(() => {
    for (const make of Object.values(ADVERSARIAL)) screenText(make(1000), list);
  });

  it.each(Object.entries(ADVERSARIAL))('%s: 100 kB within the budget', (_label, make) => {
    const input = make(N);
    const ms = time(() => screenText(input, list));
    expect(ms, `screenText took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
    const normaliseMs = time(() => normalise(input));
    expect(normaliseMs, `normalise took ${normaliseMs.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
  });

  // One per step of the matcher: doubling the input must about double the time (quadratic code:
  // quadruple it).
  const SCALING = ['symbols between letters', 'masked words', 'lone letters separated by spaces', 'spelled-out phrase words over and over', 'combining marks on every letter', 'emphasis runs', 'phrases everywhere', 'one word of 100,000 letters', 'zero-width characters between letters', 'hashtags'];

  it.each(SCALING)('%s: twice the input takes about twice as long (linear, not quadratic)', (label) => {
    const make = ADVERSARIAL[label];
    const small = make(N);
    const large = make(2 * N);
    // Up to three attempts, the lowest ratio counts: on a loaded machine (CI runs the integration
    // suites beside these threads) a burst of garbage collection or cache misses can slow one whole
    // attempt; quadratic code is slow in every attempt (4×), so it still fails.
    let best = { ratio: Infinity, small: 0, large: 0 };
    for (let attempt = 0; attempt < 3 && best.ratio >= 3.2; attempt++) {
      // The best of five runs of each size, interleaved: a garbage collection slows single runs, not the best one.
      let bestSmall = Infinity;
      let bestLarge = Infinity;
      for (let run = 0; run < 5; run++) {
        bestSmall = Math.min(bestSmall, time(() => screenText(small, list)));
        bestLarge = Math.min(bestLarge, time(() => screenText(large, list)));
      }
      // Below about 10 ms one young-generation garbage collection (a few ms) decides the figure: floors
      // keep a 4 → 24 ms pair from reading as quadratic, while quadratic work at this size is far above them.
      const ratio = Math.max(bestLarge, 20) / Math.max(bestSmall, 10);
      if (ratio < best.ratio) best = { ratio, small: bestSmall, large: bestLarge };
    }
    expect(best.ratio, `2× the input took ${best.ratio.toFixed(2)}× the time (${best.small.toFixed(1)} → ${best.large.toFixed(1)} ms)`).toBeLessThan(3.2);
  });
});
