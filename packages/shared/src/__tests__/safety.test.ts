import { describe, expect, it } from 'vitest';
import { compilePhrases, fold, matchPhrases, normalise, screenText, withoutInvisible } from '../safety';
import { phraseFiles, realPhrases } from './safety-phrases';

const real = realPhrases();
/** What a moderator's highlight covers: the text of each merged range. */
const highlighted = (text: string, list = real) => screenText(text, list).matches.map((m) => text.slice(m.start, m.end));

describe('every match is a range of the text as given, covering the whole of what the reader sees', () => {
  it.each([
    ['digits and symbols for letters', 'k!ll mys3lf', ['k!ll mys3lf']],
    ['trailing punctuation left out', 'I want to k1ll myse1f!!', ['k1ll myse1f']],
    ['masks for three letters', 'thinking about su***de again', ['su***de']],
    ['emphasis typed where Markdown is not rendered', 'I want to d**ie**', ['want to d**ie**']],
    ['letters spelled out with spaces', 'so s u i c i d a l today', ['s u i c i d a l']],
    ['letters spelled out with dots, then a word', 'k.i.l.l myself', ['k.i.l.l myself']],
    ['a zero-width space inside', 'sui\u200bcide', ['sui\u200bcide']],
    ['combining marks after every letter', 's\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336', ['s\u0336u\u0336i\u0336c\u0336i\u0336d\u0336e\u0336']],
    ['letters repeated for emphasis', 'killlll myselfff', ['killlll myselfff']],
    ['fullwidth letters', 'ｋｉｌｌ ｍｙｓｅｌｆ', ['ｋｉｌｌ ｍｙｓｅｌｆ']],
    ['mathematical letters (two UTF-16 units each)', 'so 𝐬𝐮𝐢𝐜𝐢𝐝𝐞 lately', ['𝐬𝐮𝐢𝐜𝐢𝐝𝐞']],
    ['Cyrillic look-alikes', 'I want to kіll mуsеlf', ['kіll mуsеlf']],
    ['a hashtag of joined words', 'tired #wanttodie', ['#wanttodie']],
    ['i, l, 1, ! and | as one class', 'ki1| my5e!f', ['ki1| my5e!f']],
    ['two matches in one text', 'I want to die. I might overdose.', ['want to die', 'overdose']],
    ['an exception next to a real match', 'Suicide Squad was bad and I want to die', ['want to die']],
  ])('%s', (_label, text, expected) => {
    expect(highlighted(text)).toEqual(expected);
  });

  it('covers "die" in "d**ie**" once Markdown is rendered as "die"', () => {
    const rendered = 'I want to die';
    const [match] = screenText(rendered, compilePhrases(['die'])).matches;
    expect(rendered.slice(match.start, match.end)).toBe('die');
  });

  it('merges overlapping matches into one range named by the first', () => {
    const text = 'I want to kill myself';
    expect(screenText(text, compilePhrases(['want to kill', 'kill myself'])).matches).toEqual([{ phrase: 'want to kill', start: 2, end: 21 }]);
  });
});

describe('folding digits and symbols only inside words', () => {
  const list = compilePhrases(['two pills', 'call', 'kill myself', 'od on', 'kms', 'die']);

  it('leaves numbers alone: "2 pills" is not "z pills", "988" stays a number', () => {
    expect(matchPhrases('I took 2 pills', list)).toEqual([]);
    expect(normalise('call 988 or 111')).toBe(' call 988 or 111 ');
  });

  it('reads digits next to letters as letters', () => {
    expect(normalise('k1ll mys3lf 4ever $uicide w@nt')).toBe(' kill myself aever suicide want ');
  });

  it('keeps a short run exact: "odd" is not "od", "ill" is not "i"', () => {
    expect(matchPhrases('I feel odd on these meds', list)).toEqual([]);
    expect(matchPhrases('I will od on them', list)).toEqual(['od on']);
    expect(matchPhrases('ill', compilePhrases(['i']))).toEqual([]);
  });

  it('stretches emphasis of four letters of a class, or three of one character', () => {
    expect(matchPhrases(['diiie', 'diiiiiiie', 'dieee'], list)).toEqual(['die']);
    expect(matchPhrases('diie', list)).toEqual([]);
  });

  it('needs two letters of a masked word and half of the phrase word', () => {
    expect(matchPhrases('k*ll myself', list)).toEqual(['kill myself']);
    expect(matchPhrases('*i* myself', list)).toEqual([]);
    expect(matchPhrases('k*** myself', list)).toEqual([]);
    expect(matchPhrases('d*e', list)).toEqual(['die']);
  });

  it('does not count a short form right after a number ("ran 5 kms")', () => {
    expect(matchPhrases('I ran 5 kms', list)).toEqual([]);
    expect(matchPhrases('omg kms', list)).toEqual(['kms']);
  });

  it('joins spelled-out letters only into a phrase word (three letters or more)', () => {
    expect(matchPhrases('a d i e u to my old job', list)).toEqual([]);
    expect(matchPhrases('i want to d i e', list)).toEqual(['die']);
    expect(matchPhrases('k i l l m y s e l f', list)).toEqual(['kill myself']);
  });

  it('reads whole words only', () => {
    expect(matchPhrases(['skill myselfie', 'a killer app', 'I want to dine'], real)).toEqual([]);
  });
});

describe('exceptions ("not: …")', () => {
  const list = compilePhrases(['suicide', 'not: suicide squad', 'cut myself', 'not: cut myself some slack']);

  it('drop a match lying inside them, and are never reported', () => {
    expect(screenText('we saw suicide squad', list)).toEqual({ crisis: false, phrases: [], matches: [] });
    expect(list.phrases).toEqual(['suicide', 'cut myself']);
    expect(matchPhrases('I need to cut myself some slack', list)).toEqual([]);
  });

  it('leave every other match of the same phrase', () => {
    expect(highlighted('suicide squad, and I think about suicide', list)).toEqual(['suicide']);
    expect(matchPhrases('I cut myself again', list)).toEqual(['cut myself']);
  });
});

describe('the public helpers keep their contract', () => {
  it('fold reads what the page shows, without turning ASCII into look-alikes', () => {
    expect(fold('ＫＩＬＬ ѕuісіdе don’t')).toBe('kill suicide dont');
    expect(fold('rn m l 1 I 0 O')).toBe('rn m l 1 i 0 o');
  });

  it('withoutInvisible drops what a page does not show', () => {
    expect(withoutInvisible('sui\u200bci\u00adde\ufeff')).toBe('suicide');
  });

  it('compilePhrases drops entries with no letters or digits', () => {
    expect(compilePhrases(['!!!', '***', ' ', 'ok']).phrases).toEqual(['ok']);
  });

  it('matchPhrases takes a list or a compiled list, one text or several', () => {
    expect(matchPhrases(['fine', 'I want to die'], ['kill myself', 'want to die'])).toEqual(['want to die']);
    expect(matchPhrases('I want to die', compilePhrases(['want to die']))).toEqual(['want to die']);
  });
});

describe('the phrase lists in config/crisis/phrases', () => {
  it('are data with their sources named, every entry usable', () => {
    const files = phraseFiles();
    expect(files.map((f) => f.locale)).toEqual(['en', 'es']);
    for (const file of files) {
      expect(file.sources.length).toBeGreaterThan(0);
      for (const source of file.sources) {
        expect(source.name.length).toBeGreaterThan(0);
        if (source.url) expect(new URL(source.url).protocol).toBe('https:');
      }
      for (const phrase of file.phrases) {
        expect(phrase.length).toBeGreaterThanOrEqual(2);
        expect(compilePhrases([phrase.replace(/^not:/, '')]).phrases, phrase).toHaveLength(1);
      }
      expect(new Set(file.phrases).size).toBe(file.phrases.length);
    }
  });

  it('list no spelled variant: folding finds them', () => {
    for (const file of phraseFiles()) for (const phrase of file.phrases) expect(phrase, phrase).not.toMatch(/[a-z][0-9@$!|*]|[0-9@$!|*][a-z]/i);
  });
});
