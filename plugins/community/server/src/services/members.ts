import type { Core } from '@strapi/strapi';
import type { CommunityConfig, PostingLimits } from '../config';
import { aliasKey, randomAlias } from '../lib/aliases';
import { forbidden, tooMany } from '../lib/errors';
import { isUniqueViolation, withLock } from '../lib/locks';
import { UID, iso, time } from '../lib/uids';

const DAY = 24 * 60 * 60 * 1000;

export interface Member {
  id: number;
  documentId: string;
  userId: number;
  alias: string;
  aliasChangedAt: string | null;
  joinedAt: string;
  state: 'active' | 'silenced' | 'suspended';
  stateUntil: string | null;
  stateReason: string | null;
  warnings: number;
  createdAt: string;
}

export interface Standing {
  status: 'active' | 'silenced' | 'suspended';
  until: string | null;
  reason: string | null;
}

const when = (value: string | null) => (value ? new Date(value).toUTCString() : null);

/**
 * Community members: the only place where a site user's id meets an alias. The id never leaves this
 * service except through moderation's reveal (super admins only, logged).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const members = () => strapi.db.query(UID.member as any);
  const aliases = () => strapi.db.query(UID.alias as any);
  const config = () => strapi.config.get('plugin::community') as CommunityConfig;

  /** Reserves a never-used alias in the alias table (unique index) and returns it. */
  async function reserveAlias(memberId: number | null): Promise<string> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const alias = randomAlias(attempt >= 20);
      try {
        const taken = await aliases().findOne({ where: { alias }, select: ['id'] });
        if (taken) continue;
        await aliases().create({ data: { alias, memberId } });
        return alias;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new Error('[community] could not find a free alias after 40 attempts');
  }

  const service = {
    async find(userId: number): Promise<Member | null> {
      return members().findOne({ where: { userId } });
    },

    /** The caller's member, created with a fresh alias on first use. */
    async ensure(userId: number): Promise<Member> {
      const existing = await service.find(userId);
      if (existing) return service.refresh(existing);
      return withLock(`member-create:${userId}`, async () => {
        const again = await service.find(userId);
        if (again) return again;
        const alias = await reserveAlias(null);
        try {
          const created = await members().create({ data: { userId, alias, joinedAt: new Date(), state: 'active', warnings: 0 } });
          await aliases().updateMany({ where: { alias }, data: { memberId: created.id } });
          return created;
        } catch (err) {
          // Another process created the member first (unique index on user_id): use theirs.
          await aliases().deleteMany({ where: { alias } });
          const theirs = await service.find(userId);
          if (theirs) return theirs;
          throw err;
        }
      });
    },

    /** Lifts a silence or suspension whose time is over. */
    async refresh(member: Member): Promise<Member> {
      if (member.state !== 'active' && member.stateUntil && time(member.stateUntil) <= Date.now()) {
        return members().update({ where: { id: member.id }, data: { state: 'active', stateUntil: null, stateReason: null } });
      }
      return member;
    },

    standing(member: Member): Standing {
      if (member.state !== 'active' && member.stateUntil && time(member.stateUntil) <= Date.now()) return { status: 'active', until: null, reason: null };
      return { status: member.state, until: iso(member.stateUntil), reason: member.state === 'active' ? null : member.stateReason ?? null };
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
      const [posts, replies] = await Promise.all([strapi.db.query(UID.post as any).count({ where }), strapi.db.query(UID.reply as any).count({ where })]);
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

    async changeAlias(member: Member): Promise<Member> {
      return withLock(`member:${member.id}`, async () => {
        const fresh = (await members().findOne({ where: { id: member.id } })) as Member;
        const next = service.aliasChangeableAt(fresh);
        if (next) {
          throw tooMany(`You can change your alias once every ${config().aliasChangeDays} days. You can change it again on ${new Date(next).toUTCString()}.`, new Date(next));
        }
        const alias = await reserveAlias(member.id);
        return members().update({ where: { id: member.id }, data: { alias, aliasChangedAt: new Date() } });
      });
    },

    /** A member by alias: the current one first, then any alias they had before (for moderation). */
    async byAlias(alias: string): Promise<Member | null> {
      const wanted = aliasKey(alias);
      const pretty = wanted.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
      const current = await members().findOne({ where: { alias: { $in: [alias.trim(), pretty] } } });
      if (current) return current;
      const past = await aliases().findOne({ where: { alias: { $in: [alias.trim(), pretty] } } });
      if (past?.memberId) return members().findOne({ where: { id: past.memberId } });
      return null;
    },

    async byId(id: number): Promise<Member | null> {
      return members().findOne({ where: { id } });
    },

    /** Current aliases of members, by member id. */
    async aliasesOf(ids: number[]): Promise<Map<number, string>> {
      const unique = [...new Set(ids.filter((id) => Number.isInteger(id)))];
      if (!unique.length) return new Map();
      const rows = await members().findMany({ where: { id: { $in: unique } }, select: ['id', 'alias'] });
      return new Map(rows.map((row: any) => [row.id, row.alias]));
    },

    async update(member: Member, data: Record<string, unknown>): Promise<Member> {
      return members().update({ where: { id: member.id }, data });
    },

    /** What GET /me answers: the member as they see themselves, nothing about the account. */
    async view(member: Member) {
      const standing = service.standing(member);
      return {
        alias: member.alias,
        aliasChangeableAt: service.aliasChangeableAt(member),
        status: standing.status,
        statusUntil: standing.until,
        statusReason: standing.reason,
        memberSince: iso(member.joinedAt),
        canPostLinks: await service.canPostLinks(member),
        limits: { ...service.limits(member) },
      };
    },
  };
  return service;
};
