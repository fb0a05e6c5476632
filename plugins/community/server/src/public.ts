/**
 * The community's public contract (`@haven/plugin-community/public`): the only way other Haven code
 * reaches the community (crisis lines and screening live in the safety plugin). The CMS's demo seed writes
 * members, posts, replies, reactions, flags and a moderator's review through it, so that screening,
 * counters, flags and the moderation log behave exactly as for real members.
 */
import type { CrisisResources, FullPostView, ReplyView } from '@haven/shared/community';
import { getService } from './get-service';
import type { ActionResult, Staff } from './lib/moderation-views';
import type { CommunityActivity, OpenFlags, TurnaroundBucket } from './services/activity';
import type { CreatePostInput, FlagInput, ModerationInput, ReactionInput, ReplyInput } from './lib/validation';
import type { FlagReceipt } from './services/flags';
import type { Written } from './services/items';
import type { ReactionState } from './services/reactions';
import { personalData } from './personal-data';

export type { CommunityActivity, OpenFlags, TurnaroundBucket };
export type { ActionResult, CreatePostInput, CrisisResources, FlagInput, FlagReceipt, FullPostView, ModerationInput, ReactionInput, ReactionState, ReplyInput, ReplyView, Staff, Written };

/** A community member as other code may know them: the row id and the current alias (never the account). */
export interface CommunityMember {
  id: number;
  alias: string;
}

export const community = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** The member of a site account, created (with a fresh alias) on first use. */
  async ensureMember(userId: number): Promise<CommunityMember> {
    const member = await getService('members').ensure(userId);
    return { id: member.id, alias: member.alias };
  },

  /** A post written by a site user, screened and limited as through the API. */
  createPost: (userId: number, input: CreatePostInput, locale: string | null): Promise<Written<FullPostView>> => getService('posts').create(userId, input, locale),

  /** A reply to a post (its documentId), screened and limited as through the API. */
  createReply: (userId: number, postId: string, input: ReplyInput, locale: string | null): Promise<Written<ReplyView>> => getService('replies').create(userId, postId, input, locale),

  /** Adds the reaction when absent, removes it when present. */
  toggleReaction: (userId: number, input: ReactionInput): Promise<ReactionState> => getService('reactions').toggle(userId, input),

  /** A member's flag on a post or reply; past the threshold the item is held for review. */
  flag: (userId: number, input: FlagInput): Promise<FlagReceipt> => getService('flags').create(userId, input),

  /** A moderator's action (approve, hide, remove; warn, silence, suspend, reinstate), written to the moderation log. */
  moderate: (admin: Staff, input: ModerationInput): Promise<ActionResult> => getService('moderation').act(admin, input),

  /** Staff dashboards: posts, replies, flags and item decisions per UTC day in [from, to), one grouped query each. Counts only. */
  activityPerDay: (from: Date, to: Date): Promise<CommunityActivity> => getService('activity').perDay(from, to),

  /** Staff dashboards: minutes from an item's first flag to the moderator's decision, as counts per minute, for decisions in [from, to). */
  moderationTurnaround: (from: Date, to: Date): Promise<TurnaroundBucket[]> => getService('activity').turnaround(from, to),

  /** Staff dashboards: flags waiting now (how many, on how many items, the oldest's time); never who raised them. */
  openFlags: (): Promise<OpenFlags> => getService('activity').openFlags(),
};

export type CommunityContract = typeof community;
