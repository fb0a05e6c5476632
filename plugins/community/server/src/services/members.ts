import type { Core } from '@strapi/strapi';
import { forbidden, tooMany, unauthorized } from '@haven/shared/errors';
import type { MemberView } from '@haven/shared/community';
import type { PostingLimits } from '../config';
import { config } from '../get-service';
import { aliasKey, randomAlias } from '../lib/aliases';
import { isUniqueViolation, withLock } from '../lib/locks';
import type { MemberRow, MemberState } from '../db/rows';
import { iso, time } from '../lib/dates';
import { tables } from '../db/tables';
import { memberView } from '../views';

const DAY = 24 * 60 * 60 * 1000;

/** A community member: the only row where a site user's id meets an alias. */
export type Member = MemberRow;

export type { MemberView } from '@haven/shared/community';

export interface Standing {
  status: MemberState;
  until: string | null;
  reason: string | null;
}

const when = (value: string | null) => (value ? new Date(value).toUTCString() : null);

/**
 * Community members: the only place where a site user's id meets an alias. The id never leaves this
 * service except through moderation's reveal (super admins only, logged).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);

  /** Reserves a never-used alias in the alias table (unique index) and returns it. */
  async function reserveAlias(memberId: number | null): Promise<string> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const alias = randomAlias(attempt >= 20);
      try {
        const taken = await db.aliases.findOne({ where: { alias }, select: ['id'] });
        if (taken) continue;
        await db.aliases.create({ data: { alias, memberId } });
        return alias;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new Error('[community] could not find a free alias after 40 attempts');
  }

  const service = {
    async find(userId: number): Promise<Member | null> {
      return db.members.findOne({ where: { userId } });
    },

    /** The caller's member, created with a fresh alias on first use. */
    async ensure(userId: number): Promise<Member> {
      if (!Number.isInteger(userId)) throw unauthorized('Log in to take part in the community.');
      const existing = await service.find(userId);
      if (existing) return service.refresh(existing);
      return withLock(`member-create:${userId}`, async () => {
        const again = await service.find(userId);
        if (again) return again;
        const alias = await reserveAlias(null);
        try {
          const created = await db.members.create({ data: { userId, alias, joinedAt: new Date(), state: 'active', warnings: 0 } });
          await db.aliases.updateMany({ where: { alias }, data: { memberId: created.id } });
          return created;
        } catch (err) {
          // Another process created the member first (unique index on user_id): use theirs.
          await db.aliases.deleteMany({ where: { alias } });
          const theirs = await service.find(userId);
          if (theirs) return theirs;
          throw err;
        }
      });
    },

    /** The caller as a writer: created on first use; 403 when silenced or suspended. */
    async writer(userId: number): Promise<Member> {
      const member = await service.ensure(userId);
      service.assertCanWrite(member);
      return member;
    },

    /** The caller as a reader, if they have a member (reading does not create one); 403 when suspended. */
    async reader(userId: number): Promise<Member | null> {
      const found = await service.find(userId);
      const member = found ? await service.refresh(found) : null;
      service.assertCanRead(member);
      return member;
    },

    /** Lifts a silence or suspension whose time is over. */
    async refresh(member: Member): Promise<Member> {
      if (member.state !== 'active' && member.stateUntil && time(member.stateUntil) <= Date.now()) {
        return db.members.update({ where: { id: member.id }, data: { state: 'active', stateUntil: null, stateReason: null } });
      }
      return member;
    },

    standing(member: Member): Standing {
      if (member.state !== 'active' && member.stateUntil && time(member.stateUntil) <= Date.now()) return { status: 'active', until: null, reason: null };
      return { status: member.state, until: iso(member.stateUntil), reason: member.state === 'active' ? null : (member.stateReason ?? null) };
    },

    /** 403 for silenced and suspended members, saying why and until when. */
    assertCanWrite(member: Member) {
      const standing = service.standing(member);
      if (standing.status === 'active') return;
      const until = standing.until ? `until ${when(standing.until)}` : 'until a moderator lifts it';
      const verb = standing.status === 'silenced' ? 'You are silenced' : 'Your community account is suspended';
      throw forbidden(`${verb} ${until}${standing.reason ? `. Reason: ${standing.reason}` : ''}. You cannot post, reply or react until then.`, { ...standing });
    },

    /** Suspended members cannot read the community either. */
    assertCanRead(member: Member | null) {
      if (!member) return;
      const standing = service.standing(member);
      if (standing.status !== 'suspended') return;
      const until = standing.until ? `until ${when(standing.until)}` : 'until a moderator lifts it';
      throw forbidden(`Your community account is suspended ${until}${standing.reason ? `. Reason: ${standing.reason}` : ''}.`, { ...standing });
    },

    isNew(member: Member): boolean {
      return Date.now() - time(member.joinedAt) < config().newMemberDays * DAY;
    },

    limits(member: Member): PostingLimits {
      return service.isNew(member) ? config().limits.newMember : config().limits.established;
    },

    /** Visible posts and replies of a member. */
    async contributions(member: Member): Promise<number> {
      const where = { authorId: member.id, state: 'visible' };
      const [posts, replies] = await Promise.all([db.posts.count({ where }), db.replies.count({ where })]);
      return posts + replies;
    },

    async canPostLinks(member: Member): Promise<boolean> {
      const { minContributions, minDays } = config().links;
      if (Date.now() - time(member.joinedAt) < minDays * DAY) return false;
      return (await service.contributions(member)) >= minContributions;
    },

    aliasChangeableAt(member: Member): string | null {
      if (!member.aliasChangedAt) return null;
      const at = time(member.aliasChangedAt) + config().aliasChangeDays * DAY;
      return at > Date.now() ? new Date(at).toISOString() : null;
    },

    /** A new alias for the caller, at most once every COMMUNITY_ALIAS_CHANGE_DAYS. */
    async changeAlias(userId: number): Promise<MemberView> {
      const member = await service.writer(userId);
      return withLock(`member:${member.id}`, async () => {
        const fresh = (await db.members.findOne({ where: { id: member.id } })) ?? member;
        const next = service.aliasChangeableAt(fresh);
        if (next) {
          throw tooMany(`You can change your alias once every ${config().aliasChangeDays} days. You can change it again on ${new Date(next).toUTCString()}.`, new Date(next));
        }
        const alias = await reserveAlias(member.id);
        return service.view(await db.members.update({ where: { id: member.id }, data: { alias, aliasChangedAt: new Date() } }));
      });
    },

    /** A member by alias: the current one first, then any alias they had before (for moderation). */
    async byAlias(alias: string): Promise<Member | null> {
      const wanted = aliasKey(alias);
      const pretty = wanted.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
      const current = await db.members.findOne({ where: { alias: { $in: [alias.trim(), pretty] } } });
      if (current) return current;
      const past = await db.aliases.findOne({ where: { alias: { $in: [alias.trim(), pretty] } } });
      if (past?.memberId) return db.members.findOne({ where: { id: past.memberId } });
      return null;
    },

    async byId(id: number): Promise<Member | null> {
      return db.members.findOne({ where: { id } });
    },

    /** Current aliases of members, by member id. */
    async aliasesOf(ids: number[]): Promise<Map<number, string>> {
      const unique = [...new Set(ids.filter((id) => Number.isInteger(id)))];
      if (!unique.length) return new Map();
      const rows = await db.members.findMany({ where: { id: { $in: unique } }, select: ['id', 'alias'] });
      return new Map(rows.map((row) => [row.id, row.alias]));
    },

    async update(member: Member, data: Partial<MemberRow>): Promise<Member> {
      return db.members.update({ where: { id: member.id }, data });
    },

    /** The caller's member as they see themselves (created on first visit). */
    async me(userId: number): Promise<MemberView> {
      return service.view(await service.ensure(userId));
    },

    async view(member: Member): Promise<MemberView> {
      const standing = service.standing(member);
      return memberView.pick({
        memberId: member.id,
        userId: member.userId,
        alias: member.alias,
        aliasChangeableAt: service.aliasChangeableAt(member),
        status: standing.status,
        statusUntil: standing.until,
        statusReason: standing.reason,
        memberSince: iso(member.joinedAt),
        canPostLinks: await service.canPostLinks(member),
        limits: { ...service.limits(member) },
      });
    },
  };
  return service;
};
