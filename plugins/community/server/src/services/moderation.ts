import type { Core } from '@strapi/strapi';
import { badRequest, conflict, forbidden, notFound } from '../lib/errors';
import { normalise } from '../lib/matching';
import { excerptOf } from '../lib/render';
import { UID, USER_UID, iso, time } from '../lib/uids';
import type { Target } from '../lib/validation';
import type { Member } from './members';

type Row = Record<string, any>;
const uidOf = (target: Target) => (target === 'post' ? UID.post : UID.reply);
const HOUR = 60 * 60 * 1000;

export interface Staff {
  id: number;
  documentId?: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  roles?: { code: string }[];
}

const staffName = (admin: Staff) => [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || 'Staff member';

/**
 * The moderation queue and its actions, for admin-panel users with plugin::community.moderation.*.
 * Moderators work with aliases only: nothing here answers with a user id, username or email, except
 * reveal, which only super admins may call and which is always logged.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const posts = () => strapi.db.query(UID.post as any);
  const replies = () => strapi.db.query(UID.reply as any);
  const flags = () => strapi.db.query(UID.flag as any);
  const log = () => strapi.db.query(UID.log as any);
  const words = () => strapi.db.query(UID.watchedWord as any);
  const members = () => strapi.plugin('community').service('members');
  const content = () => strapi.plugin('community').service('content');

  async function write(admin: Staff, entry: { action: string; member?: Member | null; targetType?: Target | null; targetId?: string | null; excerpt?: string | null; reason?: string | null; until?: Date | null }) {
    const row = await log().create({
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
    return logView(row);
  }

  function logView(row: Row) {
    return {
      id: row.documentId as string,
      action: row.action as string,
      admin: { id: (row.adminDocumentId ?? null) as string | null, name: row.adminName as string },
      moderator: row.adminName as string,
      alias: (row.alias ?? null) as string | null,
      target: (row.targetType ?? null) as string | null,
      targetId: (row.targetId ?? null) as string | null,
      excerpt: (row.excerpt ?? null) as string | null,
      reason: (row.reason ?? null) as string | null,
      until: iso(row.until),
      createdAt: iso(row.createdAt),
    };
  }

  function memberView(member: Member) {
    const standing = members().standing(member);
    return { alias: member.alias, status: standing.status, statusUntil: standing.until, statusReason: standing.reason, warnings: member.warnings ?? 0 };
  }

  async function postTitles(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await posts().findMany({ where: { documentId: { $in: [...new Set(ids)] } }, select: ['documentId', 'title'] });
    return new Map(rows.map((r: Row) => [r.documentId, r.title]));
  }

  async function findItem(target: Target, id: string): Promise<Row> {
    const row = await strapi.db.query(uidOf(target) as any).findOne({ where: { documentId: id } });
    if (!row || row.state === 'deleted') throw notFound(`No such ${target}`);
    return row;
  }

  return {
    /** Flagged, held and crisis items awaiting review: crisis first, then most flags, then oldest. */
    async queue() {
      const where = { queued: true, state: { $in: ['visible', 'held'] } };
      const [postRows, replyRows] = await Promise.all([posts().findMany({ where, limit: 500 }), replies().findMany({ where, limit: 500 })]);
      const ids = [...postRows.map((r: Row) => r.documentId), ...replyRows.map((r: Row) => r.documentId)];
      const openFlags = ids.length ? await flags().findMany({ where: { resolved: false, targetId: { $in: ids } }, orderBy: { createdAt: 'asc' } }) : [];
      const [aliases, titles] = await Promise.all([
        members().aliasesOf([...postRows, ...replyRows].map((r: Row) => r.authorId)),
        postTitles(replyRows.map((r: Row) => r.postId)),
      ]);
      const build = (target: Target, row: Row) => {
        const mine = openFlags.filter((f: Row) => f.targetType === target && f.targetId === row.documentId);
        const flagReasons: Record<string, number> = {};
        for (const f of mine) flagReasons[f.reason] = (flagReasons[f.reason] ?? 0) + 1;
        // Members' notes from their flags (their words only, never who flagged), and what the system saw.
        const notes: string[] = mine.map((f: Row) => (f.note ?? '').trim()).filter(Boolean);
        const systemNotes: string[] = ((row.systemNotes as Row[]) ?? []).map((n) => String(n.text ?? '')).filter(Boolean);
        return {
          target,
          id: row.documentId as string,
          ...(target === 'reply' ? { postId: row.postId as string } : {}),
          title: (target === 'post' ? row.title : titles.get(row.postId) ?? '') as string,
          excerpt: (row.excerpt ?? '') as string,
          bodyHtml: (row.bodyHtml ?? '') as string,
          alias: aliases.get(row.authorId) ?? 'Former member',
          status: row.state as string,
          crisis: !!row.crisis || mine.some((f: Row) => f.reason === 'self-harm'),
          flagCount: mine.length,
          flagReasons,
          notes,
          systemNotes,
          heldReason: (row.state === 'held' ? row.heldReason ?? null : null) as string | null,
          createdAt: iso(row.createdAt),
        };
      };
      const items = [...postRows.map((r: Row) => build('post', r)), ...replyRows.map((r: Row) => build('reply', r))];
      items.sort((a, b) => Number(b.crisis) - Number(a.crisis) || b.flagCount - a.flagCount || time(a.createdAt) - time(b.createdAt));
      return { data: items, meta: { total: items.length } };
    },

    /** An alias's standing, history and the actions taken about it. */
    async alias(alias: string) {
      const member: Member | null = await members().byAlias(alias);
      if (!member) throw notFound('No such alias');
      const fresh: Member = await members().refresh(member);
      const where = { authorId: fresh.id, state: { $ne: 'deleted' } };
      const [postRows, replyRows, actions] = await Promise.all([
        posts().findMany({ where, orderBy: { createdAt: 'desc' }, limit: 100 }),
        replies().findMany({ where, orderBy: { createdAt: 'desc' }, limit: 100 }),
        log().findMany({ where: { memberId: fresh.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: 200 }),
      ]);
      const titles = await postTitles(replyRows.map((r: Row) => r.postId));
      const history = [
        ...postRows.map((r: Row) => ({ target: 'post', id: r.documentId, title: r.title, excerpt: r.excerpt ?? '', status: r.state, createdAt: iso(r.createdAt), flagCount: r.flagCount ?? 0 })),
        ...replyRows.map((r: Row) => ({ target: 'reply', id: r.documentId, postId: r.postId, title: titles.get(r.postId) ?? '', excerpt: r.excerpt ?? '', status: r.state, createdAt: iso(r.createdAt), flagCount: r.flagCount ?? 0 })),
      ]
        .sort((a, b) => time(b.createdAt) - time(a.createdAt))
        .slice(0, 100);
      return { data: { ...memberView(fresh), memberSince: iso(fresh.joinedAt), history, actions: actions.map(logView) } };
    },

    /** approve / hide / remove an item; warn / silence / suspend / reinstate an alias. Always logged. */
    async act(admin: Staff, input: { action: string; target?: Target; id?: string; alias?: string; reason: string; durationHours?: number }) {
      let item: Row | null = null;
      let member: Member | null = null;
      if (input.target && input.id) {
        item = await findItem(input.target, input.id);
        member = await members().byId(item.authorId);
      }
      if (input.alias) {
        const named: Member | null = await members().byAlias(input.alias);
        if (!named) throw notFound('No such alias');
        if (member && named.id !== member.id) throw badRequest('alias is not the author of that item', { errors: [{ path: ['alias'], message: 'is not the author of that item' }] });
        member = named;
      }
      const target = input.target ?? null;

      if (item && target && ['approve', 'hide', 'remove'].includes(input.action)) {
        const uid = uidOf(target);
        const excerpt = item.excerpt || excerptOf(item.bodyHtml ?? '');
        if (input.action === 'approve' && item.state === 'removed') throw conflict('This item was removed and its text erased: it cannot be approved.');
        const now = new Date();
        const data: Row =
          input.action === 'approve'
            ? { state: 'visible', heldReason: null, queued: false, reviewedAt: now, flagCount: 0 }
            : input.action === 'hide'
              ? { state: 'hidden', heldReason: null, queued: false, reviewedAt: now, flagCount: 0 }
              : { state: 'removed', heldReason: null, queued: false, reviewedAt: now, flagCount: 0, body: '', bodyHtml: '', excerpt: '' };
        await strapi.db.query(uid as any).update({ where: { id: item.id }, data });
        await flags().updateMany({ where: { targetType: target, targetId: item.documentId, resolved: false }, data: { resolved: true } });
        if (target === 'reply') await content().refreshReplyCount(item.postId);
        const entry = await write(admin, { action: input.action, member, targetType: target, targetId: item.documentId, excerpt, reason: input.reason });
        return { data: { action: input.action, target, id: item.documentId, status: data.state, alias: member?.alias ?? null, log: entry } };
      }

      if (!member) throw badRequest('alias is required for this action', { errors: [{ path: ['alias'], message: 'is required' }] });
      const until = input.durationHours ? new Date(Date.now() + input.durationHours * HOUR) : null;
      let changes: Row;
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
      const updated: Member = await members().update(member, changes);
      const entry = await write(admin, {
        action: input.action,
        member: updated,
        targetType: target,
        targetId: item?.documentId ?? null,
        excerpt: item ? item.excerpt || null : null,
        reason: input.reason,
        until: ['silence', 'suspend'].includes(input.action) ? until : null,
      });
      return { data: { action: input.action, target, id: item?.documentId ?? null, ...memberView(updated), log: entry } };
    },

    async log(query: { alias?: string; action?: string; page: number; pageSize: number }) {
      const where: Row = {};
      if (query.alias) {
        const member: Member | null = await members().byAlias(query.alias);
        where.memberId = member ? member.id : -1;
      }
      if (query.action) where.action = query.action;
      const [rows, total] = await Promise.all([
        log().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        log().count({ where }),
      ]);
      return { data: rows.map(logView), meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } } };
    },

    async watchedWords() {
      const rows = await words().findMany({ orderBy: { phrase: 'asc' } });
      return { data: rows.map((r: Row) => ({ id: r.documentId, phrase: r.phrase, action: r.action, createdAt: iso(r.createdAt) })) };
    },

    async addWatchedWord(admin: Staff, input: { phrase: string; action: 'block' | 'hold' | 'flag' }) {
      if (!normalise(input.phrase).trim()) throw badRequest('phrase must contain letters or digits', { errors: [{ path: ['phrase'], message: 'must contain letters or digits' }] });
      const existing = await words().findMany({ select: ['phrase'] });
      if (existing.some((w: Row) => normalise(w.phrase) === normalise(input.phrase))) throw conflict('That phrase is already on the list.');
      const row = await words().create({ data: { phrase: input.phrase, action: input.action, addedBy: staffName(admin) } });
      await write(admin, { action: 'watched-word-add', reason: `${input.action}: ${input.phrase}` });
      return { data: { id: row.documentId, phrase: row.phrase, action: row.action, createdAt: iso(row.createdAt) } };
    },

    async removeWatchedWord(admin: Staff, id: string) {
      const row = await words().findOne({ where: { documentId: id } });
      if (!row) throw notFound('No such watched word');
      await words().delete({ where: { id: row.id } });
      await write(admin, { action: 'watched-word-remove', reason: `${row.action}: ${row.phrase}` });
      return { data: { id: row.documentId, phrase: row.phrase, action: row.action } };
    },

    /** Super admins only: the account behind an alias, written to the log with the reason. */
    assertSuperAdmin(admin: Staff) {
      if (!(admin?.roles ?? []).some((role) => role.code === 'strapi-super-admin')) {
        throw forbidden('Only a super admin can reveal the account behind an alias.');
      }
    },

    async reveal(admin: Staff, input: { alias: string; reason: string }) {
      this.assertSuperAdmin(admin);
      const member: Member | null = await members().byAlias(input.alias);
      if (!member) throw notFound('No such alias');
      const user = await strapi.db.query(USER_UID as any).findOne({ where: { id: member.userId }, select: ['username', 'email'] });
      if (!user) throw notFound('The account behind this alias no longer exists');
      await write(admin, { action: 'reveal', member, reason: input.reason });
      return { data: { username: user.username as string, email: user.email as string } };
    },

  };
};
