import type { Core } from '@strapi/strapi';
import type { CommunityNoticeView, CommunityNoticesMeta, CrisisResources } from '@haven/shared/community';
import { NOTICES_MAX } from '@haven/shared/community';
import { notFound } from '@haven/shared/errors';
import { getService } from '../get-service';
import type { NoticeRow } from '../db/rows';
import { iso } from '../lib/dates';
import { tables } from '../db/tables';
import { crisisResourcesView, ownNoticeView } from '../views';
import type { Member } from './members';

export interface NoticeList {
  items: CommunityNoticeView[];
  meta: CommunityNoticesMeta;
}

/**
 * Moderators' private messages to the member behind an alias: stored against the member row (the
 * moderator never learns the account), read by the member on the site with the crisis lines of the
 * locale they read in. A suspended member still gets them: reaching someone who may be at risk does not
 * wait for a suspension to end.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const crisis = () => getService('crisis');

  /** Titles of the posts notices are about (deleted ones have none: the notice is then about nothing shown). */
  async function postTitles(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db.posts.findMany({ where: { documentId: { $in: [...new Set(ids)] }, state: { $ne: 'deleted' } }, select: ['documentId', 'title'] });
    return new Map(rows.map((r) => [r.documentId, r.title]));
  }

  function view(row: NoticeRow, titles: Map<string, string>, resources: CrisisResources): CommunityNoticeView {
    const title = row.postId ? titles.get(row.postId) : undefined;
    return ownNoticeView.pick({
      id: row.documentId,
      memberId: row.memberId,
      text: row.text,
      alias: row.aliasAtTime,
      about: row.postId && title !== undefined ? { postId: row.postId, title } : null,
      resources,
      createdAt: iso(row.createdAt) ?? new Date(0).toISOString(),
      readAt: iso(row.readAt),
    });
  }

  return {
    /** Stores a notice for a member (the moderation service checks who asks and logs it). */
    async send(member: Member, input: { alias: string; postId: string | null; text: string }): Promise<void> {
      await db.notices.create({ data: { memberId: member.id, aliasAtTime: input.alias, postId: input.postId, text: input.text } });
    },

    /** The caller's notices, newest first (at most NOTICES_MAX), with the crisis lines of `locale`, and how many are unread. */
    async mine(userId: number, locale: string | null): Promise<NoticeList> {
      const me = await members().find(userId);
      if (!me) return { items: [], meta: { unread: 0 } };
      const [rows, unread] = await Promise.all([
        db.notices.findMany({ where: { memberId: me.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: NOTICES_MAX }),
        db.notices.count({ where: { memberId: me.id, readAt: null } }),
      ]);
      const titles = await postTitles(rows.map((r) => r.postId).filter((id): id is string => !!id));
      const resources = crisisResourcesView.pick(crisis().resourcesFor(locale));
      return { items: rows.map((row) => view(row, titles, resources)), meta: { unread } };
    },

    /** Marks one of the caller's notices read (once; reading again changes nothing). Someone else's answers 404 like a missing one. */
    async markRead(userId: number, id: string): Promise<void> {
      const me = await members().find(userId);
      const row = me ? await db.notices.findOne({ where: { documentId: id, memberId: me.id }, select: ['id', 'readAt'] }) : null;
      if (!row) throw notFound('No such notice');
      if (!row.readAt) await db.notices.update({ where: { id: row.id }, data: { readAt: new Date() } });
    },
  };
};
