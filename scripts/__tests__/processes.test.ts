import { describe, expect, it } from 'vitest';
import { MAX_PROCESSES, processCounts } from '../processes.mjs';

const postgres = { DATABASE_CLIENT: 'postgres', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('CMS_PROCESSES and SITE_PROCESSES (npm start)', () => {
  it('default to one CMS process and as many site processes as CMS processes', () => {
    expect(processCounts({})).toEqual({ cms: 1, site: 1, warnings: [] });
    expect(processCounts({ CMS_PROCESSES: '', SITE_PROCESSES: ' ' })).toEqual({ cms: 1, site: 1, warnings: [] });
    expect(processCounts({ ...postgres, CMS_PROCESSES: '4' })).toEqual({ cms: 4, site: 4, warnings: [] });
    expect(processCounts({ ...postgres, CMS_PROCESSES: '4', SITE_PROCESSES: '2' })).toEqual({ cms: 4, site: 2, warnings: [] });
    expect(processCounts({ ...postgres, CMS_PROCESSES: String(MAX_PROCESSES) }).cms).toBe(32);
  });

  it('SQLite takes several site processes, with one CMS process', () => {
    expect(processCounts({ SITE_PROCESSES: '3' })).toEqual({ cms: 1, site: 3, warnings: [] });
  });

  it.each(['0', 'two', '40', '-1', '1.5', '2e1', '0x2', '33'])('refuses CMS_PROCESSES=%j with what it takes', (value) => {
    expect(() => processCounts({ ...postgres, CMS_PROCESSES: value })).toThrow(`CMS_PROCESSES must be a whole number from 1 to 32, not "${value}"`);
  });

  it('refuses a bad SITE_PROCESSES the same way', () => {
    expect(() => processCounts({ SITE_PROCESSES: '0' })).toThrow('SITE_PROCESSES must be a whole number from 1 to 32, not "0"');
    expect(() => processCounts({ SITE_PROCESSES: 'many' })).toThrow('SITE_PROCESSES must be a whole number from 1 to 32, not "many"');
  });

  it('refuses more than one CMS process on SQLite, saying PostgreSQL is needed', () => {
    for (const env of [{ CMS_PROCESSES: '2' }, { CMS_PROCESSES: '2', DATABASE_CLIENT: 'sqlite' }]) {
      expect(() => processCounts(env)).toThrow(/^CMS_PROCESSES=2 needs PostgreSQL \(DATABASE_CLIENT=postgres\), and the database is sqlite: several processes writing one SQLite file is not how Haven scales out/);
    }
  });

  it('warns once, with several CMS processes and no REDIS_URL, that limits and the chat stay per process', () => {
    const { warnings } = processCounts({ DATABASE_CLIENT: 'postgres', CMS_PROCESSES: '2' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^CMS_PROCESSES=2 without REDIS_URL: rate limits, log-in lock-outs and the chat stay per process/);
    expect(processCounts({ DATABASE_CLIENT: 'postgres', CMS_PROCESSES: '1', SITE_PROCESSES: '4' }).warnings).toEqual([]);
  });
});
