import type { Core } from '@strapi/strapi';
import { forbidden, notFound } from '@haven/shared/errors';
import { getService } from '../get-service';
import { withLock } from '../lib/locks';
import type { ReplyInput } from '../lib/validation';
import { tables } from '../db/tables';
import type { Written } from './items';
import type { ReplyView } from './views';

/** Replies (one level under a post): writing, editing and deleting one's own. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const items = () => getService('items');
  const views = () => getService('views');
  const safety = () => getService('safety');

  return {
    async create(userId: number, postId: string, input: ReplyInput, locale: string | null): Promise<Written<ReplyView>> {
      const me = await members().writer(userId);
      return withLock(`member:${me.id}`, async () => {
        const post = await db.posts.findOne({ where: { documentId: postId }, select: ['id', 'documentId', 'state'] });
        if (!post || post.state !== 'visible') throw notFound('No such post');
        await safety().assertRate(me, 'reply');
        const prepared = await items().prepare(me, input, locale);
        const created = await db.replies.create({ data: { ...items().newItem(me, prepared, new Date()), postId: post.documentId } });
        await items().refreshReplyCount(post.documentId, created.state === 'visible');
        return { item: await views().reply(created, me), outcome: items().outcome(prepared.screening, created) };
      });
    },

    async update(userId: number, id: string, input: ReplyInput, locale: string | null): Promise<Written<ReplyView>> {
      const me = await members().writer(userId);
      return withLock(`member:${me.id}`, async () => {
        const reply = await items().ownReply(id, me);
        if (reply.state === 'hidden' || reply.state === 'removed') throw forbidden('Moderators took this reply down, so it can no longer be edited. You can still delete it.');
        const prepared = await items().prepare(me, input, locale);
        const updated = await db.replies.update({ where: { id: reply.id }, data: items().edited(prepared, reply) });
        if (updated.state !== reply.state) await items().refreshReplyCount(reply.postId);
        return { item: await views().reply(updated, me), outcome: items().outcome(prepared.screening, updated) };
      });
    },

    /** Deletes one's own reply (possible while silenced or suspended: it only takes words away). */
    async remove(userId: number, id: string): Promise<{ id: string; status: 'deleted' }> {
      const me = await members().ensure(userId);
      return withLock(`member:${me.id}`, async () => {
        const reply = await items().ownReply(id, me);
        await db.replies.update({ where: { id: reply.id }, data: { state: 'deleted', body: '', bodyHtml: '', excerpt: '', systemNotes: null, queued: false, heldReason: null } });
        await db.reactions.deleteMany({ where: { targetType: 'reply', targetId: reply.documentId } });
        await db.flags.updateMany({ where: { targetType: 'reply', targetId: reply.documentId }, data: { resolved: true } });
        await items().refreshReplyCount(reply.postId);
        return { id: reply.documentId, status: 'deleted' };
      });
    },
  };
};
