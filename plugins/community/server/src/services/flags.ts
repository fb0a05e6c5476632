import type { Core } from '@strapi/strapi';
import { badRequest, conflict } from '@haven/shared/errors';
import { config, getService } from '../get-service';
import { isUniqueViolation, withLock } from '../lib/locks';
import type { ItemRow } from '../db/rows';
import type { FlagInput, FlagReason, Target } from '../lib/validation';
import { tables } from '../db/tables';

export interface FlagReceipt {
  target: Target;
  id: string;
  reason: FlagReason;
}

export const FLAG_THANKS = 'Thank you for looking out for the community. A moderator will review it.';

/** Members' flags: one per member per item; past the threshold of open flags the item is held for review. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const items = () => getService('items');

  const service = {
    async create(userId: number, input: FlagInput): Promise<FlagReceipt> {
      const me = await members().writer(userId);
      return withLock(`member:${me.id}`, async () => {
        const item = await items().visibleItem(input.target, input.id);
        if (item.authorId === me.id) {
          throw badRequest(`You cannot flag your own ${input.target}. You can edit or delete it instead.`, { errors: [{ path: ['id'], message: 'is your own' }] });
        }
        const already = await db.flags.findOne({ where: { memberId: me.id, targetType: input.target, targetId: item.documentId }, select: ['id'] });
        const thanks = `You have already flagged this ${input.target}. Thank you — the moderators will look at it.`;
        if (already) throw conflict(thanks);
        try {
          await db.flags.create({ data: { memberId: me.id, targetType: input.target, targetId: item.documentId, reason: input.reason, note: input.note ?? null, resolved: false } });
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(thanks);
          throw err;
        }
        await service.refresh(input.target, item.documentId);
        return { target: input.target, id: item.documentId, reason: input.reason };
      });
    },

    /** Re-counts open flags of an item, queues it, and holds it once the threshold is reached. */
    async refresh(target: Target, documentId: string): Promise<void> {
      const table = db.items(target);
      const item = await table.findOne({ where: { documentId } });
      if (!item) return;
      const open = await db.flags.count({ where: { targetType: target, targetId: documentId, resolved: false } });
      const data: Partial<ItemRow> = { flagCount: open };
      if (open > 0) {
        data.queued = true;
        data.queuedAt = item.queuedAt ?? new Date();
      }
      if (open >= config().flagThreshold && item.state === 'visible') {
        data.state = 'held';
        data.heldReason = 'flags';
      }
      await table.update({ where: { id: item.id }, data });
      if (target === 'reply' && data.state) {
        const reply = await db.replies.findOne({ where: { id: item.id }, select: ['postId'] });
        if (reply) await items().refreshReplyCount(reply.postId);
      }
    },
  };
  return service;
};
