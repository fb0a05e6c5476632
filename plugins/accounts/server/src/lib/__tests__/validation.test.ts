import { describe, expect, it } from 'vitest';
import { featuredInput, inviteInput, reason, searchQuery, USER_ID } from '../validation';

describe('accounts validation', () => {
  it('asks for a reason of 3..500 characters, trimmed, plain text', () => {
    expect(reason.safeParse(undefined).success).toBe(false);
    expect(reason.safeParse('  ok ').success).toBe(false);
    expect(reason.parse('  spam ring  ')).toBe('spam ring');
    expect(reason.safeParse('x'.repeat(501)).success).toBe(false);
    expect(reason.safeParse('bad \u0007 bell').success).toBe(false);
    expect(reason.safeParse('lone \ud800 surrogate').success).toBe(false);
    expect(reason.parse('two\nlines')).toBe('two\nlines');
  });

  it('refuses huge input quickly, before any other work', () => {
    const started = performance.now();
    for (const value of [' '.repeat(1_000_000), 'a'.repeat(1_000_000), '\u0000'.repeat(1_000_000)]) {
      expect(reason.safeParse(value).success).toBe(false);
      expect(searchQuery.safeParse({ q: value }).success).toBe(false);
      expect(inviteInput.safeParse({ email: value, firstname: value, role: 'editor', reason: value }).success).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reads the search query with defaults and refuses unknown keys', () => {
    expect(searchQuery.parse({})).toEqual({ page: 1, pageSize: 25 });
    expect(searchQuery.parse({ q: ' 50%_off ', blocked: 'true', role: 'client', page: '2' })).toEqual({ q: '50%_off', blocked: true, role: 'client', page: 2, pageSize: 25 });
    expect(searchQuery.safeParse({ pageSize: '1000' }).success).toBe(false);
    expect(searchQuery.safeParse({ sort: 'id' }).success).toBe(false);
  });

  it('takes ids, invitations and featuring only in their exact shapes', () => {
    expect(USER_ID.test('12')).toBe(true);
    for (const id of ['0', '-1', '1e3', '01', '12345678901', 'abc']) expect(USER_ID.test(id)).toBe(false);
    expect(inviteInput.parse({ email: ' New@Haven.Example ', firstname: 'Ana', role: 'moderator', reason: 'new hire' }).email).toBe('new@haven.example');
    expect(inviteInput.safeParse({ email: 'a@b.example', firstname: 'Ana', role: 'super-admin', reason: 'new hire' }).success).toBe(false);
    expect(inviteInput.safeParse({ email: 'not-an-email', firstname: 'Ana', role: 'editor', reason: 'new hire' }).success).toBe(false);
    expect(featuredInput.safeParse({ featured: 'yes', reason: 'great work' }).success).toBe(false);
  });
});
