import type { Core } from '@strapi/strapi';
import { CARE_NOTICE_NO_REACTIONS } from '@haven/shared/community';
import { conflict } from '@haven/shared/errors';
import { getService } from '../get-service';
import { isUniqueViolation, withLock } from '../lib/locks';
import type { ReactionCounts } from '../db/rows';
import { reactionCountsByKind } from '../db/reaction-counts';
import { REACTION_KINDS, type ReactionInput, type ReactionKind, type Target } from '../lib/validation';
import { tables } from '../db/tables';

export interface ReactionState {
  reactions: ReactionCounts;
  myReactions: ReactionKind[];
}

const isKind = (value: string): value is ReactionKind => (REACTION_KINDS as readonly string[]).includes(value);

/** Supportive reactions: one of each kind per member per item, toggled; counts are recounted, not incremented. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const items = () => getService('items');
  const views = () => getService('views');

  const service = {
    /**
     * Toggles one reaction of the caller on a visible item. An item behind a care notice (crisis
     * language) takes none: a heart or "I relate" under someone's crisis reads wrong, and a reply or the
     * crisis lines help more (409, nothing written).
     */
    async toggle(userId: number, input: ReactionInput): Promise<ReactionState> {
      const me = await members().writer(userId);
      return withLock(`member:${me.id}`, async () => {
        const item = await items().visibleItem(input.target, input.id);
        if (item.crisis) throw conflict(CARE_NOTICE_NO_REACTIONS);
        const key = { memberId: me.id, targetType: input.target, targetId: item.documentId, kind: input.kind };
        const existing = await db.reactions.findOne({ where: key, select: ['id'] });
        if (existing) await db.reactions.delete({ where: { id: existing.id } });
        else {
          try {
            await db.reactions.create({ data: key });
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
          }
        }
        const counts = await service.recount(input.target, item.documentId);
        const mine = await views().myReactionsFor(me, input.target, [item.documentId]);
        return { reactions: counts, myReactions: mine.get(item.documentId) ?? [] };
      });
    },

    /** Counts an item's reactions per kind and stores them on the item. */
    async recount(target: Target, documentId: string): Promise<ReactionCounts> {
      const rows = await reactionCountsByKind(strapi, target, documentId);
      const counts: ReactionCounts = { heart: 0, hug: 0, strength: 0, relate: 0 };
      for (const row of rows) if (isKind(row.kind)) counts[row.kind] = row.n;
      const total = counts.heart + counts.hug + counts.strength + counts.relate;
      await db.items(target).update({ where: { documentId }, data: { ...counts, reactionTotal: total } });
      return counts;
    },
  };
  return service;
};
