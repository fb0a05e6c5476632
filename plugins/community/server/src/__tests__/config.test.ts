import { describe, expect, it } from 'vitest';
import config, { type CommunityConfig } from '../config';

const env = (values: Record<string, string>) => (key: string, fallback?: string) => values[key] ?? fallback ?? '';

describe('community config', () => {
  it('has sensible defaults', () => {
    const defaults = config.default({ env: env({}) });
    expect(defaults).toMatchObject({ flagThreshold: 3, newMemberDays: 7, aliasChangeDays: 30, holdCrisis: false, limits: { newMember: { postsPerHour: 3 } } });
    expect(() => config.validator(defaults)).not.toThrow();
  });

  it('reads the environment', () => {
    const read = config.default({ env: env({ COMMUNITY_FLAG_THRESHOLD: '5', COMMUNITY_HOLD_CRISIS: 'TRUE' }) });
    expect(read.flagThreshold).toBe(5);
    expect(read.holdCrisis).toBe(true);
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
  ])('stops the start on %s=%s, naming the variable', (name, value) => {
    const bad: CommunityConfig = config.default({ env: env({ [name]: value }) });
    expect(() => config.validator(bad)).toThrow(name);
  });
});
