import { describe, expect, it } from 'vitest';
import { matchPhrases, normalise } from '../matching';

describe('matchPhrases', () => {
  const phrases = ['kill myself', 'self-harm', "don't want to be here"];

  it.each([
    ['I want to kill myself', ['kill myself']],
    ['I want to KILL   myself!', ['kill myself']],
    ['thinking about self harm', ['self-harm']],
    // A phrase of several words also matches them written together (hashtags): the shared module's rule.
    ['selfharm', ['self-harm']],
    ['#selfharm', ['self-harm']],
    ['k1ll mys3lf', ['kill myself']],
    ['shelf harmony', []],
    ['I dont want to be here anymore', ["don't want to be here"]],
    ['I don’t want to be here', ["don't want to be here"]],
    ['skill myselfie', []],
  ])('%s', (text, expected) => {
    expect(matchPhrases(text, phrases)).toEqual(expected);
  });

  it('ignores phrases with no letters or digits', () => {
    expect(matchPhrases('anything', ['!!!', ' '])).toEqual([]);
  });

  it('normalises to spaced, lower-case words', () => {
    expect(normalise('Don’t  Panic—OK?')).toBe(' dont panic ok ');
  });

  it('normalises digits and symbols inside words as letters, and leaves numbers alone', () => {
    expect(normalise('Buy ch3ap p!lls: 2 for $5')).toBe(' buy cheap pills 2 for 5 ');
    expect(normalise('!!!').trim()).toBe('');
    expect(normalise('***').trim()).toBe('');
  });
});
