import { describe, expect, it } from 'vitest';
import { ADJECTIVES, aliasKey, ANIMALS, randomAlias } from '../aliases';

describe('aliases', () => {
  it('are an adjective, an animal and a two-digit number', () => {
    for (let i = 0; i < 200; i++) {
      const [adjective, animal, number] = randomAlias().split(' ');
      expect(ADJECTIVES).toContain(adjective);
      expect(ANIMALS).toContain(animal);
      expect(Number(number)).toBeGreaterThanOrEqual(10);
      expect(Number(number)).toBeLessThan(100);
    }
  });

  it('grow to three digits after many collisions', () => {
    expect(randomAlias(true)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{3}$/);
  });

  it('are spread out: 500 draws give hundreds of different aliases', () => {
    expect(new Set(Array.from({ length: 500 }, () => randomAlias())).size).toBeGreaterThan(400);
  });

  it('have no duplicate words to draw from', () => {
    expect(new Set(ADJECTIVES).size).toBe(ADJECTIVES.length);
    expect(new Set(ANIMALS).size).toBe(ANIMALS.length);
  });

  it('compare without case or spacing', () => {
    expect(aliasKey('  Quiet   Heron\t42 ')).toBe('quiet heron 42');
  });
});
