import { describe, expect, it } from 'vitest';
import { compilePhrases, screenText } from '@haven/shared/safety';
import { fold, matchPhrases } from '../matching';
import { renderMarkdown } from '../render';
import { screeningTexts } from '../screening-text';

/** What screening finds in a body as a member would type it (Markdown, rendered as the site shows it). */
const found = (body: string, phrases: string[], title?: string) => matchPhrases(screeningTexts({ title, bodyHtml: renderMarkdown(body) }), phrases);

const CRISIS = ['want to die', 'kill myself', 'suicide', 'self harm', 'dont want to be here anymore'];

describe('screening reads the text as rendered, not the Markdown', () => {
  it.each([
    ['plain', 'I want to die'],
    ['emphasis inside a word', 'I want to d**ie**'],
    ['underscore emphasis', 'I want to __die__ tonight'],
    ['italic letters', 'I want to *d*i*e*'],
    ['strikethrough-free emphasis mix', 'I ***want*** to **d**_i_**e**'],
    ['decimal entity', 'I want to &#100;ie'],
    ['hex entity', 'I want to &#x64;ie'],
    ['upper-case hex entity', 'I want to &#X64;&#X69;&#X65;'],
    ['named entity inside', 'I want&nbsp;to die'],
    ['code span', 'I want to `die`'],
    ['code span inside a word', 'I want to d`ie`'],
    ['link text', 'I want to [die](https://example.org)'],
    ['link inside a word', 'I want to [d](https://example.org)ie'],
    ['autolinked word split', 'I want to d<https://x.example>ie'.replace('<https://x.example>', '')],
    ['line break inside the word', 'I want to d\nie'],
    ['hard line break inside the word', 'I want to d  \nie'],
    ['quote', '> I want to die'],
    ['list item', '- I want to die'],
  ])('finds crisis language hidden by %s', (_label, body) => {
    expect(found(body, CRISIS)).toContain('want to die');
  });

  it.each([
    ['soft hyphen', 'sui\u00ADcide'],
    ['zero-width space', 'sui\u200Bcide'],
    ['zero-width joiner and non-joiner', 's\u200Du\u200Cicide'],
    ['word joiner', 'suic\u2060ide'],
    ['byte-order mark', 'sui\uFEFFcide'],
    ['left-to-right mark', 'sui\u200Ecide'],
    ['right-to-left override', 'sui\u202Ecide\u202C'],
    ['bidi isolate', 'sui\u2066cide\u2069'],
    ['variation selector', 'sui\uFE0Fcide'],
    ['Mongolian vowel separator', 'sui\u180Ecide'],
    ['combining marks', 's\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336'],
    ['accents', 'súícídé'],
    ['fullwidth letters', 'ｓｕｉｃｉｄｅ'],
    ['mathematical bold', '𝐬𝐮𝐢𝐜𝐢𝐝𝐞'],
    ['mathematical script', '𝓈𝓊𝒾𝒸𝒾𝒹ℯ'],
    ['circled letters', 'ⓢⓤⓘⓒⓘⓓⓔ'],
    ['Cyrillic look-alikes', 'ѕuісіdе'],
    ['Cyrillic capitals', 'SUІСІDЕ'],
    ['upper case', 'SUICIDE'],
    ['entity for a look-alike', 'sui&#x441;ide'],
  ])('finds "suicide" hidden by %s', (_label, word) => {
    expect(found(`thinking about ${word} again`, CRISIS)).toEqual(['suicide']);
  });

  it.each([
    ['Cyrillic і', 'kіll myself'],
    ['Greek ο and Cyrillic у', 'kill mуsеlf'],
    ['Greek letters', 'kill myѕеlf'],
    ['Latin small capital', 'kill mysel\uA730'.replace('\uA730', 'f')],
    ['NFKC ligature', 'kill myselﬀ'.replace('ﬀ', 'f')],
  ])('finds "kill myself" with %s', (_label, text) => {
    expect(found(text, CRISIS)).toContain('kill myself');
  });

  it('reads apostrophes and punctuation the same way', () => {
    expect(found('I don’t want to be here anymore.', CRISIS)).toEqual(['dont want to be here anymore']);
    expect(found('I don＇t want to be here anymore', CRISIS)).toEqual(['dont want to be here anymore']);
    expect(found('self-harm', CRISIS)).toEqual(['self harm']);
  });

  it('reads the title as shown: plain text, entities not decoded', () => {
    expect(found('fine', CRISIS, 'I want to die')).toEqual(['want to die']);
    expect(found('fine', CRISIS, 'I want to dіe')).toEqual(['want to die']);
    // A title is shown as typed, so "&#100;ie" reads as "&#100;ie" there.
    expect(found('fine', CRISIS, 'I want to &#100;ie')).toEqual([]);
  });

  it.each([
    ['skill myselfie', 'kill myself'],
    ['I want to dine out', 'want to die'],
    ['studied the suicide prevention course', 'nothing'],
    ['a link to [resources](https://example.org/want-to-die)', 'want to die'],
    ['rnyself', 'kill myself'],
  ])('does not invent words: %s', (body, phrase) => {
    const hits = found(body, CRISIS);
    if (phrase === 'nothing') expect(hits).toEqual(['suicide']);
    else expect(hits).not.toContain(phrase);
  });

  it('does not fold ASCII into look-alikes ("m" stays "m", "l" stays "l", "0" stays "0")', () => {
    expect(fold('rn m l 1 I 0 O')).toBe('rn m l 1 i 0 o');
  });

  it('folds watched words the same way as the text they are matched against', () => {
    expect(found('buy cheap ｐｉｌｌｓ now', ['pіlls'])).toEqual(['pіlls']);
    expect(found('b**uy** che&#97;p pills', ['buy cheap pills'])).toEqual(['buy cheap pills']);
  });

  it.each([
    ['I want to d**ie**', 'want to die'],
    ['I want to *d*i*e*', 'want to die'],
    ['I want to &#100;ie', 'want to die'],
    ['k!ll mys3lf', 'k!ll mys3lf'],
    ['**k1ll** my*s*3lf', 'k1ll mys3lf'],
  ])('highlights the whole match on the text as shown: %s', (body, shown) => {
    const [text] = screeningTexts({ bodyHtml: renderMarkdown(body) });
    const [match] = screenText(text, compilePhrases(CRISIS)).matches;
    expect(text.slice(match.start, match.end)).toBe(shown);
  });
});
