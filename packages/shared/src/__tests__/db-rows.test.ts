import { describe, expect, it } from 'vitest';
import { rawRows } from '../server/db';

describe('raw query results', () => {
  it('reads rows whichever driver answered (SQLite: an array; PostgreSQL: {rows})', () => {
    expect(rawRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(rawRows({ rows: [{ a: 2 }] })).toEqual([{ a: 2 }]);
    expect(rawRows(null)).toEqual([]);
  });
});
