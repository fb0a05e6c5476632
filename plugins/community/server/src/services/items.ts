import type { Core } from '@strapi/strapi';
import { notFound } from '@haven/shared/errors';
import type { WriteOutcome } from '@haven/shared/community';
import { getService } from '../get-service';
import type { HeldReason, ItemRow, ItemState, PostRow, ReplyRow } from '../db/rows';
import { excerptOf, renderMarkdown } from '../lib/render';
import { screeningTexts } from '../lib/screening-text';
import type { Target } from '../lib/validation';
import { tables } from '../db/tables';
import { crisisResourcesView } from '../views';
import type { Member } from './members';
import type { Screening } from './safety';

export type { WriteOutcome } from '@haven/shared/community';

/** A text ready to store: its Markdown, its sanitised HTML and what screening found. */
export interface Prepared {
  body: string;
  bodyHtml: string;
  screening: Screening;
}

/** A written item and what happened to it. */
export interface Written<View> {
  item: View;
  outcome: WriteOutcome;
}

/**
 * What posts, replies, reactions and flags share: finding an item the caller may touch (someone
 * else's answers exactly like a missing one), the fields that follow from screening a text, and the
 * reply count of a post.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const safety = () => getService('safety');

  const service = {
    /** A post the caller may see: visible, or their own (any state but deleted). Otherwise 404. */
    async readablePost(id: string, me: Member | null): Promise<PostRow> {
      const post = await db.posts.findOne({ where: { documentId: id } });
      if (!post || post.state === 'deleted') throw notFound('No such post');
      if (post.state !== 'visible' && !(me && post.authorId === me.id)) throw notFound('No such post');
      return post;
    },

    /** One's own post (any state but deleted); someone else's and missing answer the same 404. */
    async ownPost(id: string, me: Member): Promise<PostRow> {
      const row = await db.posts.findOne({ where: { documentId: id } });
      if (!row || row.state === 'deleted' || row.authorId !== me.id) throw notFound('No such post');
      return row;
    },

    async ownReply(id: string, me: Member): Promise<ReplyRow> {
      const row = await db.replies.findOne({ where: { documentId: id } });
      if (!row || row.state === 'deleted' || row.authorId !== me.id) throw notFound('No such reply');
      return row;
    },

    /** A visible item (a reply counts only while its post is visible too). */
    async visibleItem(target: Target, id: string): Promise<ItemRow> {
      if (target === 'post') {
        const post = await db.posts.findOne({ where: { documentId: id } });
        if (!post || post.state !== 'visible') throw notFound('No such post');
        return post;
      }
      const reply = await db.replies.findOne({ where: { documentId: id } });
      if (!reply || reply.state !== 'visible') throw notFound('No such reply');
      const post = await db.posts.findOne({ where: { documentId: reply.postId }, select: ['state'] });
      if (!post || post.state !== 'visible') throw notFound('No such reply');
      return reply;
    },

    /** Recounts a post's visible replies (and, optionally, marks activity now). */
    async refreshReplyCount(postId: string, activity = false): Promise<void> {
      const replyCount = await db.replies.count({ where: { postId, state: 'visible' } });
      await db.posts.update({ where: { documentId: postId }, data: { replyCount, ...(activity ? { lastActivityAt: new Date() } : {}) } });
    },

    /**
     * A new or edited text, made ready to store: rendered, checked for links the member may not post
     * yet, and screened as readers will see it (a "block" watched word refuses it here); crisis lines
     * come in the request's locale.
     */
    async prepare(me: Member, text: { title?: string; body: string }, locale: string | null): Promise<Prepared> {
      const bodyHtml = renderMarkdown(text.body);
      await safety().assertLinks(me, [...(text.title === undefined ? [] : [{ source: text.title }]), { source: text.body, html: bodyHtml }]);
      const screening = await safety().screen(screeningTexts({ title: text.title, bodyHtml }), locale);
      return { body: text.body, bodyHtml, screening };
    },

    /** The columns of a new post or reply: visible, no flags or reactions yet, under the author's alias of today. */
    newItem(me: Member, prepared: Prepared, now: Date): Partial<ItemRow> {
      return {
        authorId: me.id,
        authorAlias: me.alias,
        body: prepared.body,
        bodyHtml: prepared.bodyHtml,
        excerpt: excerptOf(prepared.bodyHtml),
        state: 'visible',
        flagCount: 0,
        heart: 0,
        hug: 0,
        strength: 0,
        relate: 0,
        reactionTotal: 0,
        publishedAt: now,
        ...service.screenedFields(prepared.screening, null),
      };
    },

    /** The columns an edit changes (the alias it was written under stays). */
    edited(prepared: Prepared, current: ItemRow): Partial<ItemRow> {
      return { body: prepared.body, bodyHtml: prepared.bodyHtml, excerpt: excerptOf(prepared.bodyHtml), editedAt: new Date(), ...service.screenedFields(prepared.screening, current) };
    },

    /** Fields that follow from screening a new or edited text. */
    screenedFields(screening: Screening, current: ItemRow | null): Partial<ItemRow> {
      const notes = [...(current?.systemNotes ?? []), ...screening.notes].slice(-20);
      const data: Partial<ItemRow> = { crisis: screening.crisis || !!current?.crisis, systemNotes: notes };
      if (screening.queue) {
        data.queued = true;
        data.queuedAt = current?.queuedAt ?? new Date();
      }
      if (screening.hold && (!current || current.state === 'visible')) {
        data.state = 'held';
        data.heldReason = screening.heldReason;
      }
      return data;
    },

    /**
     * What the author is told after a write (its `meta`): held for review, and `crisis`, the crisis lines
     * of the request's locale, whenever this text had crisis language (absent otherwise).
     */
    outcome(screening: Screening, row: { state: ItemState; heldReason: HeldReason | null }): WriteOutcome {
      const held = row.state === 'held';
      return {
        held,
        ...(held ? { heldReason: row.heldReason ?? 'review' } : {}),
        ...(screening.crisisResources ? { crisis: crisisResourcesView.pick(screening.crisisResources) } : {}),
      };
    },
  };
  return service;
};
