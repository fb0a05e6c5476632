import type { Core } from '@strapi/strapi';
import { badRequest, conflict, forbidden, notFound } from '@haven/shared/errors';
import { audit, type AuditDetails } from '@haven/plugin-audit/public';
import { people } from '@haven/plugin-people/public';
import { getService } from '../get-service';
import { compilePhrases, normalise } from '@haven/shared/safety';
import { safety } from '@haven/plugin-safety/public';
import { highlightsOf, shownText, watchedRanges } from '../lib/highlights';
import { excerptOf } from '../lib/render';
import type { ItemRow, MemberRow, ReplyRow } from '../db/rows';
import { time } from '../lib/dates';
import type { LogQuery, ModerationInput, NoticeInput, RevealInput, Target, WatchedWordInput } from '../lib/validation';
import { tables } from '../db/tables';
import {
  aliasReportOf,
  historyItemOf,
  logOf,
  memberActionOf,
  queueItemOf,
  type ShownText,
  staffName,
  watchedWordOf,
  type ActionResult,
  type AliasReport,
  type HistoryItem,
  type LogView,
  type ModeratedMemberView,
  type QueueItem,
  type Staff,
  type WatchedWordView,
} from '../lib/moderation-views';
import { noticeSentView, revealView } from '../views';
import type { Member } from './members';

export type { ActionResult, AliasReport, HistoryItem, LogView, ModeratedMemberView, QueueItem, Staff, WatchedWordView };

/** What sending a private message answers the moderator: nothing about the member but the alias they used. */
export interface NoticeSent {
  sent: true;
  alias: string;
}

const HOUR = 60 * 60 * 1000;

/**
 * The moderation queue and its actions, for admin-panel users with plugin::community.moderation.*.
 * Moderators work with aliases only: nothing here answers with a user id, username or email, except
 * reveal, which only super admins may call and which is always logged.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const items = () => getService('items');
  const notices = () => getService('notices');

  async function write(admin: Staff, entry: { action: string; member?: Member | null; targetType?: Target | null; targetId?: string | null; excerpt?: string | null; reason?: string | null; until?: Date | null }) {
    const row = await db.log.create({
      data: {
        action: entry.action,
        adminId: admin.id,
        adminDocumentId: admin.documentId ?? null,
        adminName: staffName(admin),
        memberId: entry.member?.id ?? null,
        alias: entry.member?.alias ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        excerpt: entry.excerpt ?? null,
        reason: entry.reason ?? null,
        until: entry.until ?? null,
      },
    });
    return logOf(row);
  }

  /**
   * The same action in Haven's one audit log (@haven/plugin-audit), after the change and its moderation
   * log entry: awaited, so a failed write answers 500 instead of "done". A member is named by the alias
   * they had then, never by their account.
   */
  async function audited(admin: Staff, action: string, target: { type: string; id: string }, reason: string, details?: AuditDetails) {
    await audit.record({ actor: { kind: 'admin', id: admin.id, label: staffName(admin) }, action: `community.${action}`, target, reason, ip: admin.ip ?? null, ...(details ? { details } : {}) });
  }

  async function postTitles(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await db.posts.findMany({ where: { documentId: { $in: [...new Set(ids)] } }, select: ['documentId', 'title'] });
    return new Map(rows.map((r) => [r.documentId, r.title]));
  }

  async function findItem(target: Target, id: string): Promise<ItemRow & { postId?: string }> {
    const row = target === 'post' ? await db.posts.findOne({ where: { documentId: id } }) : await db.replies.findOne({ where: { documentId: id } });
    if (!row || row.state === 'deleted') throw notFound(`No such ${target}`);
    return row;
  }

  /**
   * Each queued item's text as readers see it, with the ranges to mark: crisis language (the safety
   * plugin's matcher) and watched words (the same matcher over the list), whole matches of that text.
   */
  async function shownTexts(rows: { title?: string; bodyHtml: string | null }[]): Promise<ShownText[]> {
    const words = compilePhrases((await db.watchedWords.findMany({ select: ['phrase'] })).map((w) => w.phrase));
    return rows.map((row) => {
      const text = shownText(row.title, row.bodyHtml ?? '');
      const crisis = safety.screen([text]).texts[0]?.matches ?? [];
      return { text, highlights: highlightsOf(crisis, watchedRanges(text, words)) };
    });
  }

  const service = {
    /** Flagged, held and crisis items awaiting review: crisis first, then most flags, then oldest. */
    async queue(): Promise<QueueItem[]> {
      const where = { queued: true, state: { $in: ['visible', 'held'] } };
      const [postRows, replyRows] = await Promise.all([db.posts.findMany({ where, limit: 500 }), db.replies.findMany({ where, limit: 500 })]);
      const ids = [...postRows.map((r) => r.documentId), ...replyRows.map((r) => r.documentId)];
      const openFlags = ids.length ? await db.flags.findMany({ where: { resolved: false, targetId: { $in: ids } }, orderBy: { createdAt: 'asc' } }) : [];
      const [aliases, titles, postTexts, replyTexts] = await Promise.all([
        members().aliasesOf([...postRows, ...replyRows].map((r) => r.authorId)),
        postTitles(replyRows.map((r) => r.postId)),
        shownTexts(postRows),
        // A reply's own text has no title: the post's title is only its heading.
        shownTexts(replyRows.map((r) => ({ bodyHtml: r.bodyHtml }))),
      ]);
      const queued = [
        ...postRows.map((r, i) => queueItemOf('post', r, r.title, openFlags, aliases, postTexts[i])),
        ...replyRows.map((r: ReplyRow, i) => queueItemOf('reply', r, titles.get(r.postId) ?? '', openFlags, aliases, replyTexts[i], r.postId)),
      ];
      queued.sort((a, b) => Number(b.crisis) - Number(a.crisis) || b.flagCount - a.flagCount || time(a.createdAt) - time(b.createdAt));
      return queued;
    },

    /**
     * A private message to the member behind an item's alias, with the crisis lines (added when the
     * member reads it, in their locale). The moderator learns nothing about the member: the answer is
     * the alias the item was written under. Logged (moderation log and audit) like every action, with
     * the alias and never the account; the message itself stays out of both (it may quote the member).
     */
    async sendNotice(admin: Staff, target: Target, id: string, input: NoticeInput): Promise<NoticeSent> {
      const item = await findItem(target, id);
      const member = await members().byId(item.authorId);
      if (!member) throw notFound('The member who wrote this has left the community, so the message cannot be delivered.');
      const alias = item.authorAlias ?? member.alias;
      const postId = target === 'post' ? item.documentId : (item.postId ?? null);
      await notices().send(member, { alias, postId, text: input.text });
      const reason = 'Sent a private message with the crisis lines';
      // The log names the alias the message went to (the one the member wrote under), as the queue showed it.
      await write(admin, { action: 'notice', member: { ...member, alias }, targetType: target, targetId: item.documentId, excerpt: item.excerpt || excerptOf(item.bodyHtml ?? ''), reason });
      await audited(admin, `${target}.notice`, { type: `community.${target}`, id: item.documentId }, reason, { alias });
      return noticeSentView.pick({ memberId: member.id, sent: true, alias });
    },

    /**
     * A member's standing, every alias they have had, their whole history (each item with the alias it
     * was written under) and the actions taken about them, found by any of their aliases. Seeing it links
     * a member's aliases together, so every lookup is written to the moderation log first.
     */
    async alias(admin: Staff, alias: string): Promise<AliasReport> {
      const member = await members().byAlias(alias);
      if (!member) throw notFound('No such alias');
      await write(admin, { action: 'history-view', member, reason: `Looked up by the alias "${alias.trim()}"` });
      const fresh = await members().refresh(member);
      const where = { authorId: fresh.id, state: { $ne: 'deleted' } };
      const [postRows, replyRows, actions, aliasRows] = await Promise.all([
        db.posts.findMany({ where, orderBy: { createdAt: 'desc' }, limit: 100 }),
        db.replies.findMany({ where, orderBy: { createdAt: 'desc' }, limit: 100 }),
        db.log.findMany({ where: { memberId: fresh.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: 200 }),
        db.aliases.findMany({ where: { memberId: fresh.id }, orderBy: { id: 'asc' }, select: ['alias'] }),
      ]);
      const writtenAs = (row: ItemRow) => row.authorAlias ?? fresh.alias;
      const titles = await postTitles(replyRows.map((r) => r.postId));
      const history: HistoryItem[] = [
        ...postRows.map((r) => historyItemOf('post', r, r.title, writtenAs(r))),
        ...replyRows.map((r) => historyItemOf('reply', r, titles.get(r.postId) ?? '', writtenAs(r), r.postId)),
      ]
        .sort((a, b) => time(b.createdAt) - time(a.createdAt))
        .slice(0, 100);
      const aliases = [...new Set([...aliasRows.map((r) => r.alias), fresh.alias])];
      return aliasReportOf(fresh, members().standing(fresh), { aliases, history, actions: actions.map(logOf) });
    },

    /** approve / hide / remove an item; warn / silence / suspend / reinstate an alias. Always logged. */
    async act(admin: Staff, input: ModerationInput): Promise<ActionResult> {
      let item: (ItemRow & { postId?: string }) | null = null;
      let member: Member | null = null;
      if (input.target && input.id) {
        item = await findItem(input.target, input.id);
        member = await members().byId(item.authorId);
      }
      if (input.alias) {
        const named = await members().byAlias(input.alias);
        if (!named) throw notFound('No such alias');
        if (member && named.id !== member.id) throw badRequest('alias is not the author of that item', { errors: [{ path: ['alias'], message: 'is not the author of that item' }] });
        member = named;
      }
      const target = input.target ?? null;

      if (item && target && (input.action === 'approve' || input.action === 'hide' || input.action === 'remove')) {
        const excerpt = item.excerpt || excerptOf(item.bodyHtml ?? '');
        if (input.action === 'approve' && item.state === 'removed') throw conflict('This item was removed and its text erased: it cannot be approved.');
        const now = new Date();
        const data: Partial<ItemRow> =
          input.action === 'approve'
            ? { state: 'visible', heldReason: null, queued: false, reviewedAt: now, flagCount: 0 }
            : input.action === 'hide'
              ? { state: 'hidden', heldReason: null, queued: false, reviewedAt: now, flagCount: 0 }
              : { state: 'removed', heldReason: null, queued: false, reviewedAt: now, flagCount: 0, body: '', bodyHtml: '', excerpt: '' };
        await db.items(target).update({ where: { id: item.id }, data });
        await db.flags.updateMany({ where: { targetType: target, targetId: item.documentId, resolved: false }, data: { resolved: true, decidedAt: now } });
        if (target === 'reply' && item.postId) await items().refreshReplyCount(item.postId);
        const entry = await write(admin, { action: input.action, member, targetType: target, targetId: item.documentId, excerpt, reason: input.reason });
        await audited(admin, `${target}.${input.action}`, { type: `community.${target}`, id: item.documentId }, input.reason, { alias: member?.alias ?? null });
        return { action: input.action, target, id: item.documentId, status: data.state ?? item.state, alias: member?.alias ?? null, log: entry };
      }

      if (!member) throw badRequest('alias is required for this action', { errors: [{ path: ['alias'], message: 'is required' }] });
      const until = input.durationHours ? new Date(Date.now() + input.durationHours * HOUR) : null;
      let changes: Partial<MemberRow>;
      switch (input.action) {
        case 'warn':
          changes = { warnings: (member.warnings ?? 0) + 1 };
          break;
        case 'silence':
          changes = { state: 'silenced', stateUntil: until, stateReason: input.reason };
          break;
        case 'suspend':
          changes = { state: 'suspended', stateUntil: until, stateReason: input.reason };
          break;
        case 'reinstate':
          changes = { state: 'active', stateUntil: null, stateReason: null };
          break;
        default:
          throw badRequest(`action ${input.action} needs target and id`, { errors: [{ path: ['target'], message: 'is required' }] });
      }
      const updated = await members().update(member, changes);
      const entry = await write(admin, {
        action: input.action,
        member: updated,
        targetType: target,
        targetId: item?.documentId ?? null,
        excerpt: item ? item.excerpt || null : null,
        reason: input.reason,
        until: input.action === 'silence' || input.action === 'suspend' ? until : null,
      });
      await audited(admin, `member.${input.action}`, { type: 'community.member', id: updated.alias }, input.reason, {
        until: until && (input.action === 'silence' || input.action === 'suspend') ? until.toISOString() : null,
        itemType: target,
        itemId: item?.documentId ?? null,
      });
      return memberActionOf(input.action, target, item?.documentId ?? null, updated, members().standing(updated), entry);
    },

    async log(query: LogQuery): Promise<{ items: LogView[]; pagination: { page: number; pageSize: number; total: number; pageCount: number } }> {
      const where: Record<string, unknown> = {};
      if (query.alias) {
        const member = await members().byAlias(query.alias);
        where.memberId = member ? member.id : -1;
      }
      if (query.action) where.action = query.action;
      const [rows, total] = await Promise.all([
        db.log.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        db.log.count({ where }),
      ]);
      return { items: rows.map(logOf), pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } };
    },

    async watchedWords(): Promise<WatchedWordView[]> {
      const rows = await db.watchedWords.findMany({ orderBy: { phrase: 'asc' } });
      return rows.map((r) => watchedWordOf(r));
    },

    async addWatchedWord(admin: Staff, input: WatchedWordInput): Promise<WatchedWordView> {
      if (!normalise(input.phrase).trim()) throw badRequest('phrase must contain letters or digits', { errors: [{ path: ['phrase'], message: 'must contain letters or digits' }] });
      const existing = await db.watchedWords.findMany({ select: ['phrase'] });
      if (existing.some((w) => normalise(w.phrase) === normalise(input.phrase))) throw conflict('That phrase is already on the list.');
      const row = await db.watchedWords.create({ data: { phrase: input.phrase, action: input.action, addedBy: staffName(admin) } });
      await write(admin, { action: 'watched-word-add', reason: `${input.action}: ${input.phrase}` });
      await audited(admin, 'watched-word.add', { type: 'community.watched-word', id: row.documentId }, `${input.action}: ${input.phrase}`);
      return watchedWordOf(row);
    },

    async removeWatchedWord(admin: Staff, id: string): Promise<WatchedWordView> {
      const row = await db.watchedWords.findOne({ where: { documentId: id } });
      if (!row) throw notFound('No such watched word');
      await db.watchedWords.delete({ where: { id: row.id } });
      await write(admin, { action: 'watched-word-remove', reason: `${row.action}: ${row.phrase}` });
      await audited(admin, 'watched-word.remove', { type: 'community.watched-word', id: row.documentId }, `${row.action}: ${row.phrase}`);
      return watchedWordOf(row, { withCreatedAt: false });
    },

    /** Super admins only: the account behind an alias. */
    assertSuperAdmin(admin: Staff): void {
      if (!(admin?.roles ?? []).some((role) => role.code === 'strapi-super-admin')) {
        throw forbidden('Only a super admin can reveal the account behind an alias.');
      }
    },

    /** Super admins only: the account behind an alias, written to the log with the reason. */
    async reveal(admin: Staff, input: RevealInput): Promise<{ username: string; email: string }> {
      service.assertSuperAdmin(admin);
      const member = await members().byAlias(input.alias);
      if (!member) throw notFound('No such alias');
      const user = await people.account(member.userId);
      if (!user) throw notFound('The account behind this alias no longer exists');
      await write(admin, { action: 'reveal', member, reason: input.reason });
      // The audit entry names the alias revealed, never the account it led to.
      await audited(admin, 'member.reveal', { type: 'community.member', id: member.alias }, input.reason);
      return revealView.pick(user);
    },
  };
  return service;
};
