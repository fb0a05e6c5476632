/**
 * The demo community (database/seed/community.json): a dozen members with site accounts, posts and
 * replies in every category, reactions, one post with crisis language that a moderator has reviewed,
 * one flagged post the moderator kept up hours after its flag, and two items that members flagged
 * into hiding, waiting in the moderation queue.
 *
 * Everything is written through the community plugin's public contract (screening, counters, flags and
 * the moderation log behave exactly as for real members); only the times are moved into the recent
 * past afterwards, so that the demo reads like a community that has been going for a while.
 *
 * Idempotent: members are found by email and posts by author and title, so a restart adds nothing
 * twice, and a post that exists is left as it is (with its replies, reactions and flags).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { community, type CommunityMember, type FlagInput, type ReactionInput } from '@haven/plugin-community/public';
import { ensureSiteUser, type DemoPerson } from './accounts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MEMBER_UID = 'plugin::community.member';
const POST_UID = 'plugin::community.post';
const REPLY_UID = 'plugin::community.reply';
const FLAG_UID = 'plugin::community.flag';
const MODERATOR_EMAIL = 'mod@haven.example';

type ReactionKind = ReactionInput['kind'];
type Target = ReactionInput['target'];

interface DemoFlag {
  by: string;
  reason: FlagInput['reason'];
  note?: string;
  /** When it was raised (now when absent). */
  hoursAgo?: number;
}

interface DemoItem {
  author: string;
  body: string;
  hoursAgo: number;
  reactions?: Partial<Record<ReactionKind, string[]>>;
  flags?: DemoFlag[];
}

interface DemoPost extends DemoItem {
  category: string;
  title: string;
  /** The post is expected to contain crisis language (checked: a mismatch is logged). */
  crisis?: boolean;
  /** A moderator's action on the queued post, taken as mod@haven.example. */
  review?: { action: 'approve' | 'hide'; reason: string };
  replies?: DemoItem[];
}

interface DemoCommunity {
  members: (DemoPerson & { memberForDays: number })[];
  posts: DemoPost[];
}

export function readDemoCommunity(strapi: Core.Strapi): DemoCommunity {
  return JSON.parse(fs.readFileSync(path.join(strapi.dirs.app.root, '..', 'database', 'seed', 'community.json'), 'utf8'));
}

/** Adds what is missing of the demo community; returns whether it added anything. */
export async function seedDemoCommunity(strapi: Core.Strapi, password: string): Promise<boolean> {
  const demo = readDemoCommunity(strapi);
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);

  // Members: a site account (Client) each, and their community member, joined some time ago.
  const members = new Map<string, { userId: number; member: CommunityMember }>();
  let added = false;
  for (const person of demo.members) {
    const user = await ensureSiteUser(strapi, person, 'client', password);
    const member = await community.ensureMember(user.id);
    // Joined some time ago, so that the new-member limits do not apply to the demo's history.
    if (user.created) await strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { joinedAt: new Date(now - person.memberForDays * DAY) } });
    members.set(person.username, { userId: user.id, member });
    added ||= user.created;
  }
  const lookUp = (username: string) => {
    const found = members.get(username);
    if (!found) throw new Error(`[seed] community.json names "${username}", who is not among its members`);
    return found;
  };
  const memberOf = (username: string) => lookUp(username).member;
  const userOf = (username: string) => lookUp(username).userId;

  const posts = strapi.db.query(POST_UID);
  const replies = strapi.db.query(REPLY_UID);
  for (const post of demo.posts) {
    const author = memberOf(post.author);
    if (await posts.findOne({ where: { authorId: author.id, title: post.title }, select: ['id'] })) continue;

    // Oldest first, each moved to its time at once, so that hourly limits see nothing recent.
    const created = await community.createPost(userOf(post.author), { category: post.category, title: post.title, body: post.body }, 'en');
    const postId = created.item.id;
    if (Boolean(post.crisis) !== Boolean(created.outcome.crisis)) strapi.log.warn(`[seed] demo post "${post.title}": crisis language ${created.outcome.crisis ? 'found' : 'not found'}, expected the opposite`);
    await posts.update({ where: { documentId: postId }, data: { createdAt: at(post.hoursAgo), updatedAt: at(post.hoursAgo), publishedAt: at(post.hoursAgo) } });
    const replyIds: string[] = [];
    for (const reply of post.replies ?? []) {
      const written = await community.createReply(userOf(reply.author), postId, { body: reply.body }, 'en');
      replyIds.push(written.item.id);
      await replies.update({ where: { documentId: written.item.id }, data: { createdAt: at(reply.hoursAgo), updatedAt: at(reply.hoursAgo), publishedAt: at(reply.hoursAgo) } });
    }

    const items: [Target, string, DemoItem][] = [['post', postId, post], ...(post.replies ?? []).map((reply, i): [Target, string, DemoItem] => ['reply', replyIds[i], reply])];
    for (const [target, id, item] of items) {
      for (const [kind, usernames] of Object.entries(item.reactions ?? {}) as [ReactionKind, string[]][]) {
        for (const username of usernames) await community.toggleReaction(userOf(username), { target, id, kind });
      }
    }
    // Flags last: past the threshold the item is hidden, and hidden items take no reactions.
    for (const [target, id, item] of items) {
      for (const flag of item.flags ?? []) {
        await community.flag(userOf(flag.by), { target, id, reason: flag.reason, ...(flag.note ? { note: flag.note } : {}) });
        // Raised some hours ago, as its review's turnaround and the queue's waiting time then show.
        if (flag.hoursAgo) await strapi.db.query(FLAG_UID).updateMany({ where: { targetType: target, targetId: id, memberId: memberOf(flag.by).id }, data: { createdAt: at(flag.hoursAgo), updatedAt: at(flag.hoursAgo) } });
      }
    }

    // Last activity: the newest visible reply, or the post itself.
    const visible = await replies.findMany({ where: { postId, state: 'visible' }, select: ['createdAt'], orderBy: { createdAt: 'desc' }, limit: 1 });
    await posts.update({ where: { documentId: postId }, data: { lastActivityAt: visible[0]?.createdAt ?? at(post.hoursAgo) } });

    if (post.review) await review(strapi, postId, post.review);
    added = true;
  }
  if (added) strapi.log.info(`[seed] demo community ready: ${demo.members.length} members (password as the other demo accounts), ${demo.posts.length} posts`);
  return added;
}

/** The moderator's review of a queued post (left in the queue when there is no moderator account). */
async function review(strapi: Core.Strapi, postId: string, action: NonNullable<DemoPost['review']>) {
  const moderator = await strapi.db.query('admin::user').findOne({ where: { email: MODERATOR_EMAIL }, populate: ['roles'] });
  if (!moderator) {
    strapi.log.warn(`[seed] no ${MODERATOR_EMAIL}: the demo post ${postId} stays in the moderation queue`);
    return;
  }
  await community.moderate(moderator, { action: action.action, target: 'post', id: postId, reason: action.reason });
}
