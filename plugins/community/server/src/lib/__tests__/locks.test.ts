import { describe, expect, it } from 'vitest';
import { isUniqueViolation, withLock } from '../locks';

describe('withLock', () => {
  it('runs tasks of one key one after another, in order', async () => {
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([withLock('k', task('a', 20)), withLock('k', task('b', 1)), withLock('k', task('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys run side by side, and survives a failing task', async () => {
    const events: string[] = [];
    const slow = withLock('x', async () => {
      events.push('x');
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    await withLock('y', async () => events.push('y'));
    expect(events).toEqual(['x', 'y']);
    await expect(slow).rejects.toThrow('boom');
    await expect(withLock('x', async () => 'after')).resolves.toBe('after');
  });
});

describe('isUniqueViolation', () => {
  it.each([{ code: '23505' }, { code: 'SQLITE_CONSTRAINT_UNIQUE' }, { message: 'UNIQUE constraint failed: x' }, { message: 'duplicate key value violates unique constraint' }])('knows %o', (err) => {
    expect(isUniqueViolation(err)).toBe(true);
  });
  it.each([null, undefined, 'x', { code: '23503' }, new Error('timeout')])('is false for %o', (err) => {
    expect(isUniqueViolation(err)).toBe(false);
  });
});
