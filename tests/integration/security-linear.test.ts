import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isCurrencyCode, isDocumentId, isEmailAddress, isIsoDate, isLicenceNumber, safeNext, labelled } from '../../site/src/lib/forms';
import { needsLogIn } from '../../site/src/lib/paths';
import { firstHeading, firstParagraph } from '../../site/src/lib/markdown';
import { toMinor } from '../../site/src/lib/format';
import { describeError, mediaUrl } from '../../site/src/lib/cms';
import { escapeHtml as siteEscapeHtml, highlightParts, parseLibraryParams, unescapeHtml, videoEmbedFor, absoluteMediaUrl, safeHttpUrl } from '../../site/src/lib/library';
import { RESOURCE_SLUG, siteOrigin } from '../../site/src/lib/library-server';
import { refinementsOf, toHighlightResult } from '../../site/src/lib/instantsearch-client';
import { codePointLength, passwordProblem, trimTrailingSlashes } from '../../packages/shared/src/text';
import { idParam } from '../../packages/shared/src/validation';
import { plainText, wordsOf, escapeHtml, markedHtml } from '../../plugins/library/server/src/search/text';
import * as bookingInput from '../../plugins/booking/server/src/lib/validation';
import { availabilityInput } from '../../plugins/booking/server/src/lib/rules';
import * as paymentsInput from '../../plugins/payments/server/src/lib/validation';
import { fromDecimalString } from '../../plugins/payments/server/src/lib/money';
import * as chatInput from '../../plugins/chat/server/src/lib/validation';
import * as wellnessInput from '../../plugins/wellness/server/src/lib/validation';
import { minutesOfTime, parseIsoDate } from '../../plugins/wellness/server/src/lib/dates';
import { bestLocale, localeParts, preferredLocale } from '../../packages/shared/src/locale';
import { videoEmbedFor as sharedVideoEmbedFor } from '../../packages/shared/src/media';
import { unescapeHtml as sharedUnescapeHtml } from '../../packages/shared/src/html';
import { isDocumentId as sharedIsDocumentId, isSlug } from '../../packages/shared/src/ids';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { NEXT_ALLOWED, NEXT_BYPASSES } from '../../scripts/security/cases.mjs';

const require = createRequire(import.meta.url);
const media = require('../../cms/dist/src/lib/resource-media.js');
const validation = require('../../cms/dist/src/lib/validation.js');

/** Long enough that a quadratic pattern takes minutes; a linear one takes milliseconds. */
const N = 200_000;
/** Generous for a busy 2-core machine; far below what quadratic behaviour on N characters needs. */
const BUDGET_MS = 400;

function timed(label: string, run: () => unknown) {
  const started = performance.now();
  try {
    run();
  } catch {
    /* refusing is fine; only the time matters here */
  }
  const ms = performance.now() - started;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
}

/**
 * Issue 7, item 2: every regular expression Haven applies to user input (in cms/, site/,
 * plugins/library and packages/; the community plugin's are its own) runs in linear time. Each one
 * is fed long adversarial input — the runs that make backtracking patterns rescan — under a time
 * budget. The README's "Security" section lists them with file and line.
 */
describe('regular expressions on user input run in linear time', () => {
  const runs = {
    spaces: ' '.repeat(N),
    slashes: '/'.repeat(N),
    dots: `a@${'.'.repeat(N)} `,
    hashes: `# ${' #'.repeat(N / 2)}x`,
    brackets: '!['.repeat(N / 2),
    opens: '['.repeat(N),
    angles: '<'.repeat(N),
    linkTails: `[a](${'('.repeat(N)}`,
    digits: '1'.repeat(N),
    dashes: `${'a-'.repeat(N / 2)}!`,
    entities: '&#'.repeat(N / 2),
    mixed: 'a '.repeat(N / 2),
  };

  it('site forms and pages (site/src/lib/forms.ts, paths.ts, format.ts, cms.ts)', () => {
    for (const input of Object.values(runs)) {
      timed('isEmailAddress', () => isEmailAddress(input));
      timed('isLicenceNumber', () => isLicenceNumber(input));
      timed('isIsoDate', () => isIsoDate(input));
      timed('isCurrencyCode', () => isCurrencyCode(input));
      timed('isDocumentId', () => isDocumentId(input));
      timed('safeNext', () => safeNext(`/${input}`));
      timed('needsLogIn', () => needsLogIn(`/profile${input}`));
      timed('toMinor', () => toMinor(input, 'USD'));
      timed('labelled', () => labelled({ a: input }, { a: 'A' }));
      timed('describeError', () => describeError(400, { error: { message: input, details: { errors: [{ path: ['x'], message: `Too small: expected string to have >=${input}` }] } } }));
      timed('mediaUrl', () => mediaUrl(input));
      timed('trimTrailingSlashes', () => trimTrailingSlashes(`${input}x`));
    }
  });

  it('library pages (site/src/lib/library.ts, markdown.ts)', () => {
    for (const input of Object.values(runs)) {
      timed('firstHeading', () => firstHeading(input));
      timed('firstParagraph', () => firstParagraph(input));
      timed('firstParagraph after blank lines', () => firstParagraph(`\n${'\n \t'.repeat(N / 3)}`));
      timed('parseLibraryParams', () => parseLibraryParams(new URLSearchParams({ q: input, category: `${input},${runs.dashes}` })));
      timed('unescapeHtml', () => unescapeHtml(input));
      timed('escapeHtml (site)', () => siteEscapeHtml(input));
      timed('highlightParts', () => highlightParts(input));
      timed('videoEmbedFor youtube', () => videoEmbedFor(`https://www.youtube.com/embed/${input}`));
      timed('videoEmbedFor youtu.be', () => videoEmbedFor(`https://youtu.be/${input}`));
      timed('videoEmbedFor vimeo', () => videoEmbedFor(`https://vimeo.com/${input}`));
      timed('absoluteMediaUrl', () => absoluteMediaUrl(input, `http://cms.example${runs.slashes}`));
      timed('safeHttpUrl', () => safeHttpUrl(`https://${input}`));
      timed('RESOURCE_SLUG', () => RESOURCE_SLUG.test(input));
      timed('siteOrigin', () => siteOrigin(new URL('http://localhost/')));
      timed('refinementsOf', () => refinementsOf([[`categories:\\-${input}`], `kind:${input}`]));
      timed('toHighlightResult', () => toHighlightResult(input, '<em>', '</em>'));
    }
  });

  it('CMS validation and resource media (cms/src/lib/validation.ts, resource-media.ts)', () => {
    for (const input of Object.values(runs)) {
      timed('displayName', () => validation.displayName.safeParse(input));
      timed('therapistProfileUpdate', () => validation.therapistProfileUpdate.safeParse({ licenceNumber: input, licenceExpiry: input, currency: input, bio: input }));
      timed('isDocumentIdParam', () => validation.isDocumentIdParam(input));
      timed('embedUrlFor', () => media.embedUrlFor(`https://youtube.com/shorts/${input}`));
      timed('embedUrlFor vimeo', () => media.embedUrlFor(`https://vimeo.com/${input}`));
      timed('lengthMinutesFor', () => media.lengthMinutesFor({ kind: 'article', body: input, summary: input }));
    }
  });

  it('library search text (plugins/library/server/src/search/text.ts) and shared helpers (packages/shared)', () => {
    for (const input of Object.values(runs)) {
      timed('plainText', () => plainText(input));
      timed('wordsOf', () => wordsOf(input));
      timed('escapeHtml', () => escapeHtml(input));
      timed('markedHtml', () => markedHtml(input));
      timed('idParam', () => idParam(input, 'thing'));
      timed('codePointLength', () => codePointLength(input));
      timed('passwordProblem', () => passwordProblem(input));
    }
  });

  it('booking, payments, chat and wellness request schemas (plugins/*/server/src/lib), and shared locale, media, html and ids', () => {
    for (const input of Object.values(runs)) {
      // Booking: offsets at the end of an instant, dates, HH:mm, ids (lib/validation.ts, lib/rules.ts).
      timed('booking slotsQuery', () => bookingInput.slotsQuery.safeParse({ from: input, to: `${input}+01:00`, tz: input }));
      timed('booking createBooking', () => bookingInput.createBooking.safeParse({ therapist: input, start: `${input}Z` }));
      timed('booking rescheduleBooking', () => bookingInput.rescheduleBooking.safeParse({ start: `${input}+0100` }));
      timed('booking availabilityInput', () => availabilityInput.safeParse({ timeZone: input, weeklyHours: [{ weekday: 1, start: input, end: input }], overrides: [{ date: input, kind: 'extra', start: input, end: input }] }));
      // Payments: ids, dates, decimal amounts (lib/validation.ts, lib/money.ts).
      timed('payments checkoutInput', () => paymentsInput.checkoutInput.safeParse({ booking: input, provider: input }));
      timed('payments adminListQuery', () => paymentsInput.adminListQuery.safeParse({ from: input, to: input, therapist: input }));
      timed('payments fromDecimalString', () => fromDecimalString(input, 'USD'));
      // Chat: conversation, booking and retry ids, message numbers, ICE candidates (lib/validation.ts).
      timed('chat sendMessage', () => chatInput.sendMessage.safeParse({ conversationId: input, body: input, clientId: input }));
      timed('chat sync', () => chatInput.sync.safeParse({ since: { [input.slice(0, 1000)]: input } }));
      timed('chat rtcSignal', () => chatInput.rtcSignal.safeParse({ bookingId: input, signal: { type: 'candidate', candidate: { candidate: input, sdpMid: input } } }));
      timed('chat messagesQuery', () => chatInput.messagesQuery.safeParse({ before: input, limit: input }));
      // Wellness: dates, times, language tags, reflection text (lib/validation.ts, lib/dates.ts).
      timed('wellness createEntryBody', () => wellnessInput.createEntryBody.safeParse({ date: input, mood: 3, reflection: input, activities: [input] }));
      // Wellness schemas check the length first (`abort`): the patterns never see the long text.
      timed('wellness settingsBody', () => wellnessInput.settingsBody.safeParse({ reminderTime: input, activities: [input] }));
      timed('wellness rangeQuery', () => wellnessInput.rangeQuery.safeParse({ from: input, to: input }));
      timed('wellness localeQuery', () => wellnessInput.localeQuery.safeParse({ locale: input }));
      timed('wellness parseIsoDate', () => parseIsoDate(input));
      timed('wellness minutesOfTime', () => minutesOfTime(input));
      // Shared: Accept-Language, language tags, video URLs, entities, slugs and ids.
      timed('preferredLocale', () => preferredLocale(input));
      timed('preferredLocale tags', () => preferredLocale(`${input.slice(0, N / 4)},en-${'a1-'.repeat(N / 8)};q=0.5`));
      timed('localeParts', () => localeParts(input));
      timed('bestLocale', () => bestLocale(input, ['en', 'pt-BR']));
      timed('videoEmbedFor vimeo', () => sharedVideoEmbedFor(`https://vimeo.com/${input}`));
      timed('videoEmbedFor youtube', () => sharedVideoEmbedFor(`https://youtube.com/embed/${input}`));
      timed('unescapeHtml', () => sharedUnescapeHtml(input));
      timed('isSlug', () => isSlug(input));
      timed('isDocumentId', () => sharedIsDocumentId(input));
    }
  });

  it('keeps the behaviour the patterns had', () => {
    expect(isEmailAddress('name@example.com')).toBe(true);
    for (const bad of ['name@example', '@example.com', 'a b@example.com', 'a@@example.com', 'a@.com', 'a@example.', 'x'.repeat(250) + '@e.com']) expect(isEmailAddress(bad), bad).toBe(false);
    expect(firstHeading('\n\n## Sleep well ##\nbody')).toEqual({ text: 'Sleep well', end: 19 });
    expect(firstHeading('####### seven')).toBeNull();
    expect(firstParagraph('  Summary here.\n\nBody')).toEqual({ text: 'Summary here.', end: 17 });
    expect(firstParagraph('- a list')).toBeNull();
    expect(firstHeading('#no space')).toBeNull();
    expect(plainText('![alt](x.png) see [the guide](https://x) <b>bold</b> ## end')).toBe('see the guide bold end');
    expect(trimTrailingSlashes('http://x///')).toBe('http://x');
    expect(needsLogIn('/profile')).toBe(true);
    expect(needsLogIn('/community/help')).toBe(false);
    expect(toMinor('1,234.50', 'USD')).toBe(123450);
  });
});

describe('the return path after logging in stays on the site', () => {
  const origin = 'http://127.0.0.1:4321';
  it.each((NEXT_BYPASSES as string[]).map((value) => [JSON.stringify(value).slice(0, 60), value]))('refuses %s', (_label, value) => {
    const next = safeNext(value, origin);
    // Refused: back to the person's home page, where a log-in without ?next= lands.
    expect(next).toBe('/home');
  });
  it.each(NEXT_ALLOWED as [string, string][])('keeps %s', (value, expected) => {
    expect(safeNext(value, origin)).toBe(expected);
  });
  it('never returns something a browser reads as another origin', () => {
    const hostile = ['/', '\\', '.', '@', ':', '\t', '%', '2', 'f', 'e', '/', '/'];
    // Every combination of up to four of these characters after a leading slash.
    const walk = (prefix: string, depth: number) => {
      const next = safeNext(prefix, origin);
      expect(new URL(next, origin).origin, JSON.stringify(prefix)).toBe(origin);
      expect(next.startsWith('//') || next.startsWith('/\\'), JSON.stringify(prefix)).toBe(false);
      if (depth === 0) return;
      for (const char of hostile) walk(prefix + char, depth - 1);
    };
    walk('/', 4);
  });
});
