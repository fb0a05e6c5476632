/** Configuration of the community plugin, read from the environment at start. */
import type { PostingLimits } from '@haven/shared/community';

export type { PostingLimits } from '@haven/shared/community';

export interface CommunityConfig {
  /** Distinct flags that hide an item until a moderator reviews it. */
  flagThreshold: number;
  /** A member is "new" for this many days after their first visit: stricter limits apply. */
  newMemberDays: number;
  limits: { newMember: PostingLimits; established: PostingLimits };
  /** Links (http(s) URLs, markdown links) are refused until a member has this much history. */
  links: { minContributions: number; minDays: number };
  /** Days between two alias changes. */
  aliasChangeDays: number;
  /** Hold posts and replies with crisis language for review instead of publishing them at once. */
  holdCrisis: boolean;
  /** Milliseconds a listing's reads are kept per process (db/read-cache.ts); 0 = off, at most 2000. */
  cacheMs: number;
}

type Env = (key: string, fallback?: string) => string;

export default {
  default: ({ env }: { env: Env }): CommunityConfig => {
    // A variable set but left blank means "the default", never 0.
    const number = (key: string, fallback: string) => Number(env(key, fallback).trim() || fallback);
    return {
      flagThreshold: number('COMMUNITY_FLAG_THRESHOLD', '3'),
      newMemberDays: number('COMMUNITY_NEW_MEMBER_DAYS', '7'),
      limits: {
        newMember: {
          postsPerHour: number('COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR', '3'),
          repliesPerHour: number('COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR', '10'),
        },
        established: {
          postsPerHour: number('COMMUNITY_POSTS_PER_HOUR', '10'),
          repliesPerHour: number('COMMUNITY_REPLIES_PER_HOUR', '60'),
        },
      },
      links: {
        minContributions: number('COMMUNITY_LINKS_MIN_CONTRIBUTIONS', '3'),
        minDays: number('COMMUNITY_LINKS_MIN_DAYS', '3'),
      },
      aliasChangeDays: number('COMMUNITY_ALIAS_CHANGE_DAYS', '30'),
      holdCrisis: String(env('COMMUNITY_HOLD_CRISIS', 'false')).toLowerCase() === 'true',
      cacheMs: number('COMMUNITY_CACHE_MS', '1000'),
    };
  },
  validator(config: CommunityConfig) {
    const whole = (value: number, name: string, min: number) => {
      if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number, ${min} or more`);
    };
    whole(config.flagThreshold, 'COMMUNITY_FLAG_THRESHOLD', 1);
    whole(config.newMemberDays, 'COMMUNITY_NEW_MEMBER_DAYS', 0);
    whole(config.limits.newMember.postsPerHour, 'COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR', 1);
    whole(config.limits.newMember.repliesPerHour, 'COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR', 1);
    whole(config.limits.established.postsPerHour, 'COMMUNITY_POSTS_PER_HOUR', 1);
    whole(config.limits.established.repliesPerHour, 'COMMUNITY_REPLIES_PER_HOUR', 1);
    whole(config.links.minContributions, 'COMMUNITY_LINKS_MIN_CONTRIBUTIONS', 0);
    whole(config.links.minDays, 'COMMUNITY_LINKS_MIN_DAYS', 0);
    whole(config.aliasChangeDays, 'COMMUNITY_ALIAS_CHANGE_DAYS', 0);
    whole(config.cacheMs, 'COMMUNITY_CACHE_MS', 0);
    if (config.cacheMs > 2000) throw new Error('COMMUNITY_CACHE_MS must be at most 2000 (a change must reach every process within 2 seconds)');
  },
};
