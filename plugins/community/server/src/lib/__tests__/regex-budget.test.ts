/**
 * Every regular expression the community applies to what members and moderators type, fed long
 * adversarial input: each must answer within a time budget that only linear code meets (the old
 * /\s+$/ took tens of seconds on 260,000 spaces). Budgets are generous for a busy 2-core machine;
 * quadratic code misses them by orders of magnitude.
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '@haven/shared/validation';
import { unescapeHtml } from '@haven/shared/html';
import { preferredLocale } from '@haven/shared/locale';
import { isWellFormed } from '@haven/shared/text';
import { aliasKey } from '../aliases';
import { fold, matchPhrases, normalise, withoutInvisible } from '../matching';
import { containsLink, excerptOf, hasMarkdownLink, plainTextOf, renderMarkdown } from '../render';
import { screeningTexts } from '../screening-text';
import { tidyBody, tidyLine } from '../text';
import { aliasText, body, createPost, flag, localeQuery, moderationAction, slug, title, watchedWord } from '../validation';

// 100,000 characters: quadratic code needs billions of steps (tens of seconds), linear code milliseconds.
const N = 100_000;
const BUDGET_MS = 250;

function within<T>(label: string, fn: () => T, budget = BUDGET_MS): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(budget);
  return result;
}

const spaces = ' '.repeat(N);
const ISSUE_BODY = ' '.repeat(260_000);
const ADVERSARIAL: Record<string, string> = {
  spaces,
  'spaces then a letter': `${spaces}x`,
  'a letter then spaces then a letter': `x${spaces}x`,
  'newlines and spaces': ' \n'.repeat(N / 2),
  'carriage returns': '\r'.repeat(N),
  tabs: '\t'.repeat(N),
  'no-break spaces': '\u00a0'.repeat(N),
  'open brackets': '['.repeat(N),
  'bracket pairs without a link': '[]('.repeat(N / 3),
  'brackets and spaces': '[a]  '.repeat(N / 5),
  'angle brackets': '<'.repeat(N),
  'autolink starts': '<a:'.repeat(N / 3),
  'tag starts': '<br'.repeat(N / 3),
  'tag starts with spaces': `<br${' '.repeat(N)}`,
  ampersands: '&'.repeat(N),
  'entity starts': '&#'.repeat(N / 2),
  'long entity': `&#${'1'.repeat(N)};`,
  'url starts': 'http://'.repeat(N / 7),
  'www starts': 'www.'.repeat(N / 4),
  'control characters': '\u0001\u200b'.repeat(N / 2),
  'soft hyphens': '\u00ad'.repeat(N),
  'combining marks': `a${'\u0301'.repeat(N)}`,
  'Cyrillic letters': 'і'.repeat(N),
  'emoji': '😊'.repeat(N / 2),
  'dashes': '—'.repeat(N),
  'apostrophes': '’'.repeat(N),
  'lone surrogates': '\ud800'.repeat(N),
  'markdown emphasis': '*_'.repeat(N / 2),
  'backticks': '`'.repeat(N),
  'hyphens': 'a-'.repeat(N / 2),
};

describe('every regex on member input runs in linear time', () => {
  describe.each(Object.entries(ADVERSARIAL))('%s', (_name, input) => {
    it('validation refuses or tidies it at once (sizes are checked first)', () => {
      for (const [label, schema, value] of [
        ['title', createPost, { category: 'general', title: input, body: 'x' }],
        ['body', createPost, { category: 'general', title: 'Fine', body: input }],
        ['flag note', flag, { target: 'post', id: 'abc', reason: 'other', note: input }],
        ['reason', moderationAction, { action: 'warn', alias: 'Quiet Heron 42', reason: input }],
        ['alias', moderationAction, { action: 'warn', alias: input, reason: 'Because' }],
        ['phrase', watchedWord, { phrase: input, action: 'hold' }],
        ['locale', localeQuery, { locale: input }],
      ] as const) {
        within(label, () => {
          try {
            parseOrThrow(schema, value);
          } catch {
            /* refused: what counts here is how long it took */
          }
        });
      }
      within('slug', () => slug.safeParse(input));
      within('title alone', () => title.safeParse(input));
      within('alias alone', () => aliasText.safeParse(input));
    });

    it('tidying (control characters, line endings, space runs, trailing space) is linear', () => {
      within('tidyBody', () => tidyBody(input));
    within('tidyBody, 260,000 spaces between two letters', () => tidyBody(`x${ISSUE_BODY}x`));
      within('tidyLine', () => tidyLine(input));
      within('aliasKey', () => aliasKey(input));
      within('isWellFormed', () => isWellFormed(input));
    });

    it('link detection (URL, Markdown link, autolink) is linear', () => {
      within('hasMarkdownLink', () => hasMarkdownLink(input));
      within('containsLink', () => containsLink(input, ''));
    });

    it('plain text of HTML (tags, line breaks, entities, spaces) is linear', () => {
      within('plainTextOf', () => plainTextOf(input));
      within('plainTextOf joined', () => plainTextOf(input, { joinLines: true }));
      within('excerptOf', () => excerptOf(input));
      within('unescapeHtml', () => unescapeHtml(input));
    });

    it('screening (invisible characters, marks, look-alikes, words) is linear', () => {
      within('withoutInvisible', () => withoutInvisible(input));
      within('fold', () => fold(input), BUDGET_MS * 2);
      within('normalise', () => normalise(input), BUDGET_MS * 2);
      within('matchPhrases', () => matchPhrases([input, input], ['want to die', 'kill myself', 'suicide']), BUDGET_MS * 4);
      within('screeningTexts', () => screeningTexts({ title: input.slice(0, 600), bodyHtml: input }), BUDGET_MS * 2);
    });

    it('Accept-Language negotiation is linear', () => {
      within('preferredLocale', () => preferredLocale(input));
    });
  });

  it('refuses a 260,000-space body before any other work', () => {
    const result = within('body', () => body.safeParse(ISSUE_BODY), 50);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/too long: at most 10,000 characters/);
  });

  it('renders and screens the largest body allowed, of the worst kinds, quickly', () => {
    for (const input of ['[](', '*_', '<a:', '&#', '> ', '- ', '`', '\n \n', 'd**ie** ', 'www.', '[x](y) ']) {
      const big = input.repeat(Math.floor(10_000 / input.length));
      const html = within(`render ${JSON.stringify(input)}`, () => renderMarkdown(big), 1000);
      within(`screen ${JSON.stringify(input)}`, () => matchPhrases(screeningTexts({ title: 'Title', bodyHtml: html }), ['want to die']));
      within(`links ${JSON.stringify(input)}`, () => containsLink(big, html));
    }
  });
});
