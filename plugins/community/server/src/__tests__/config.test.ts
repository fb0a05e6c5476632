import { describe, expect, it } from 'vitest';
import config, { type CommunityConfig } from '../config';

const env = (values: Record<string, string>) => (key: string, fallback?: string) => values[key] ?? fallback ?? '';

describe('community config', () => {
  it('has sensible defaults', () => {
    const defaults = config.default({ env: env({}) });
    expect(defaults).toMatchObject({ flagThreshold: 3, newMemberDays: 7, aliasChangeDays: 30, holdCrisis: false, cacheMs: 1000, limits: { newMember: { postsPerHour: 3 } } });
    expect(() => config.validator(defaults)).not.toThrow();
  });

  it('reads the environment', () => {
    const read = config.default({ env: env({ COMMUNITY_FLAG_THRESHOLD: '5', COMMUNITY_HOLD_CRISIS: 'TRUE' }) });
    expect(read.flagThreshold).toBe(5);
    expect(read.holdCrisis).toBe(true);
  });

  it('keeps a listing\'s reads from 0 (off) to 2000 ms', () => {
    for (const value of ['0', '2000']) expect(() => config.validator(config.default({ env: env({ COMMUNITY_CACHE_MS: value }) }))).not.toThrow();
    expect(config.default({ env: env({ COMMUNITY_CACHE_MS: '0' }) }).cacheMs).toBe(0);
  });

  it('takes a variable set but left blank as its default, not 0', () => {
    expect(config.default({ env: env({ COMMUNITY_ALIAS_CHANGE_DAYS: ' ' }) }).aliasChangeDays).toBe(30);
  });

  it.each([
    ['COMMUNITY_FLAG_THRESHOLD', '0'],
    ['COMMUNITY_FLAG_THRESHOLD', 'three'],
    ['COMMUNITY_NEW_MEMBER_DAYS', '-1'],
    ['COMMUNITY_POSTS_PER_HOUR', '2.5'],
    ['COMMUNITY_ALIAS_CHANGE_DAYS', '1e400'],
    ['COMMUNITY_CACHE_MS', '2001'],
    ['COMMUNITY_CACHE_MS', '-5'],
    ['COMMUNITY_CACHE_MS', '0.5'],
  ])('stops the start on %s=%s, naming the variable', (name, value) => {
    const bad: CommunityConfig = config.default({ env: env({ [name]: value }) });
    expect(() => config.validator(bad)).toThrow(name);
  });
});
