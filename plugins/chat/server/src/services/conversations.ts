/**
 * Conversations: exactly one client and one therapist who share a booking. Opened when a booking is
 * made (booking.created / booking.confirmed) and lazily when either of them asks for the booking's
 * conversation. Only its two participants can read it, join it, or learn that it exists: for anyone
 * else every answer is the same "not found" as for an id that was never issued.
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import type { ChatRole, ConversationSummary } from '@haven/shared/chat';
import { notFound } from '@haven/shared/errors';
import { isUniqueViolation } from '@haven/shared/server/db';
import { askBooking, type BookingSnapshot } from '../sessions';
import { isFormerMember } from '../db/erasure';
import { moveReadPointer } from '../db/read-pointer';
import { unreadUrgent } from '../db/urgent';
import { conversationRow as toRow, membershipOf, type ConversationRow, type Membership } from '../db/rows';
import { tables } from '../db/tables';
import { getService } from '../get-service';
import { conversationView, partnerView, type ConversationSummaryRecord, type PartnerRecord } from '../views';

export type { ConversationRow, Membership } from '../db/rows';

/** A participant's view of a conversation's membership. */
export interface Participation extends Membership {
  role: ChatRole;
  otherUserId: number;
}

export const NOT_FOUND_MESSAGE = 'No such conversation.';
/** How a conversation names the other person once their account was erased (issue 20, db/erasure.ts). */
export const FORMER_MEMBER = 'Former member';
const PUBLIC_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 24 random characters of [a-z0-9] (about 124 bits): a public id nobody can guess. */
function newPublicId(): string {
  const bytes = crypto.randomBytes(24);
  let id = '';
  for (const byte of bytes) id += PUBLIC_ID_ALPHABET[byte % 36];
  return id;
}

export function participation(membership: Membership, userId: number): Participation | null {
  if (membership.clientUserId === userId) return { ...membership, role: 'client', otherUserId: membership.therapistUserId };
  if (membership.therapistUserId === userId) return { ...membership, role: 'therapist', otherUserId: membership.clientUserId };
  return null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => tables(strapi).conversations;
  const memberships = new Map<string, Membership>();
  const MAX_CACHED = 20_000;

  // Ids known not to exist (guesses, typos, floods of made-up ids): answered without a query for a while.
  // Public ids are random and issued by this server, so a made-up id does not start to exist later.
  const missing = new Map<string, number>();
  const MISSING_TTL_MS = 10 * 60_000;
  const isMissing = (publicId: string) => {
    const until = missing.get(publicId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    missing.delete(publicId);
    return false;
  };
  const rememberMissing = (publicId: string) => {
    if (missing.size >= MAX_CACHED) missing.delete(missing.keys().next().value as string);
    missing.set(publicId, Date.now() + MISSING_TTL_MS);
  };
  const wellFormed = (publicId: string) => /^[a-z0-9]{1,64}$/.test(publicId);

  const remember = (row: Membership): Membership => {
    const membership = membershipOf(row);
    if (memberships.size >= MAX_CACHED) memberships.delete(memberships.keys().next().value as string);
    memberships.set(membership.documentId, membership);
    missing.delete(membership.documentId);
    return membership;
  };

  async function summaries(userId: number, rows: ConversationRow[]): Promise<ConversationSummary[]> {
    const others = rows.map((row) => (row.clientUserId === userId ? row.therapistUserId : row.clientUserId));
    const names = await people.many(others.filter((id) => !isFormerMember(id)));
    const states = await getService('lifetime').states(rows, userId);
    // Urgent marks are for the therapist: counted only in the conversations where the reader is one.
    const urgent = await unreadUrgent(
      strapi,
      rows.filter((row) => row.therapistUserId === userId && row.lastSeq > row.therapistReadSeq).map((row) => row.id),
    );
    return rows.map((row) => {
      const role: ChatRole = row.clientUserId === userId ? 'client' : 'therapist';
      const otherId = role === 'client' ? row.therapistUserId : row.clientUserId;
      const yourReadId = role === 'client' ? row.clientReadSeq : row.therapistReadSeq;
      const displayName = isFormerMember(otherId) ? FORMER_MEMBER : (names.get(otherId)?.displayName ?? 'Haven member');
      const partner: PartnerRecord = { userId: otherId, displayName, role: role === 'client' ? 'therapist' : 'client' };
      const record: ConversationSummaryRecord = {
        ...row,
        id: row.documentId,
        yourRole: role,
        with: partnerView.pick(partner),
        lastMessageId: row.lastSeq,
        unread: Math.max(0, row.lastSeq - yourReadId),
        urgent: role === 'therapist' ? (urgent.get(row.id) ?? 0) : 0,
        theirReadId: role === 'client' ? row.therapistReadSeq : row.clientReadSeq,
        yourReadId,
        writable: states.get(row.documentId)?.writable ?? false,
        readOnlyReason: states.get(row.documentId)?.reason ?? null,
      };
      return conversationView.pick(record);
    });
  }

  return {
    /** The membership of a conversation by public id, or null (cached: membership never changes). */
    async membership(publicId: string): Promise<Membership | null> {
      return (await this.memberships([publicId])).get(publicId) ?? null;
    },

    /**
     * The memberships of many public ids (sync, presence): cached ones and ids known not to exist
     * cost nothing; all the others are looked up in one query. Ids that do not exist are left out.
     */
    async memberships(publicIds: string[]): Promise<Map<string, Membership>> {
      const found = new Map<string, Membership>();
      const unknown: string[] = [];
      for (const id of new Set(publicIds)) {
        const known = memberships.get(id);
        if (known) found.set(id, known);
        else if (wellFormed(id) && !isMissing(id)) unknown.push(id);
      }
      if (!unknown.length) return found;
      const rows = await query().findMany({ where: { documentId: { $in: unknown } }, select: ['id', 'documentId', 'clientUserId', 'therapistUserId'] });
      for (const row of rows) {
        const membership = remember(membershipOf(row));
        found.set(membership.documentId, membership);
      }
      for (const id of unknown) if (!found.has(id)) rememberMissing(id);
      return found;
    },

    /** The newest message id of some conversations (by row id), in one query. */
    async lastIds(ids: number[]): Promise<Map<number, number>> {
      if (!ids.length) return new Map();
      const rows = await query().findMany({ where: { id: { $in: ids } }, select: ['id', 'lastSeq'] });
      return new Map(rows.map((row) => [Number(row.id), Number(row.lastSeq ?? 0)]));
    },

    /** The conversation if `userId` is in it; otherwise the same 404 as for an unknown id. */
    async participant(userId: number, publicId: unknown): Promise<Participation> {
      const membership = typeof publicId === 'string' ? await this.membership(publicId) : null;
      const result = membership ? participation(membership, userId) : null;
      if (!result) throw notFound(NOT_FOUND_MESSAGE);
      return result;
    },

    async row(id: number): Promise<ConversationRow> {
      const row = await query().findOne({ where: { id } });
      if (!row) throw notFound(NOT_FOUND_MESSAGE);
      return toRow(row);
    },

    /** Opens (or finds) the conversation of a client and a therapist; `created` tells which. */
    async open(clientUserId: number, therapistUserId: number): Promise<{ row: ConversationRow; created: boolean }> {
      const existing = await query().findOne({ where: { clientUserId, therapistUserId } });
      if (existing) return { row: toRow(existing), created: false };
      const documentId = newPublicId();
      const key = getService('keys').newKey(documentId);
      try {
        const created = await query().create({
          data: { documentId, clientUserId, therapistUserId, lastSeq: 0, clientReadSeq: 0, therapistReadSeq: 0, keyVersion: key.version, wrappedKey: key.wrapped },
        });
        const row = toRow(created);
        remember(row);
        return { row, created: true };
      } catch (err) {
        // Opened at the same moment by another request or process: the unique pair index decided.
        if (!isUniqueViolation(err)) throw err;
        const winner = await query().findOne({ where: { clientUserId, therapistUserId } });
        if (!winner) throw err;
        return { row: toRow(winner), created: false };
      }
    },

    /** booking.created / booking.confirmed: opens their conversation while the booking counts. */
    async openForBooking(booking: BookingSnapshot): Promise<void> {
      if (booking.clientUserId === booking.therapistUserId) return;
      if (!(await askBooking((b) => b.haveBooking(booking.clientUserId, booking.therapistUserId)))) return;
      const { row, created } = await this.open(booking.clientUserId, booking.therapistUserId);
      if (created) getService('realtime').notifyOpened(row);
    },

    /** The conversation of a booking, for its client or therapist (opened now when missing). */
    async openByBooking(userId: number, bookingId: string): Promise<ConversationSummary> {
      const booking = await askBooking((b) => b.getBookingForParticipant(bookingId, userId));
      if (!booking) throw notFound('No such session.');
      if (!(await askBooking((b) => b.haveBooking(booking.clientUserId, booking.therapistUserId)))) {
        // Cancelled or lapsed: an earlier conversation stays readable, none is started for it.
        const existing = await query().findOne({ where: { clientUserId: booking.clientUserId, therapistUserId: booking.therapistUserId } });
        if (!existing) throw notFound('This session has no conversation: it was cancelled or not paid in time.');
        return (await summaries(userId, [toRow(existing)]))[0];
      }
      const { row, created } = await this.open(booking.clientUserId, booking.therapistUserId);
      if (created) getService('realtime').notifyOpened(row);
      return (await summaries(userId, [row]))[0];
    },

    /** Every conversation of a person: those with unread urgent messages first, then newest activity first; with unread counts. */
    async list(userId: number): Promise<ConversationSummary[]> {
      const rows = await query().findMany({
        where: { $or: [{ clientUserId: userId }, { therapistUserId: userId }] },
        orderBy: [{ lastSeq: 'desc' }, { id: 'desc' }],
        limit: 500,
      });
      const converted = rows.map(toRow);
      // Most recent activity first; conversations without messages after those with.
      converted.sort((a, b) => (Date.parse(b.lastMessageAt ?? '') || 0) - (Date.parse(a.lastMessageAt ?? '') || 0) || b.id - a.id);
      // A therapist sees conversations waiting with an urgent message before everything else (stable: newest first among them).
      const listed = await summaries(userId, converted);
      return [...listed.filter((c) => c.urgent > 0), ...listed.filter((c) => c.urgent === 0)];
    },

    async summary(userId: number, publicId: string): Promise<ConversationSummary> {
      const mine = await this.participant(userId, publicId);
      return (await summaries(userId, [await this.row(mine.id)]))[0];
    },

    /**
     * Moves the reader's read pointer forward to `upTo` (never past the last message, never back).
     * Returns the pointer as stored and whether it moved.
     */
    async markRead(userId: number, publicId: string, upTo: number): Promise<{ conversation: Participation; upTo: number; moved: boolean }> {
      const conversation = await this.participant(userId, publicId);
      return { conversation, ...(await moveReadPointer(strapi, conversation.id, conversation.role, upTo)) };
    },

    /** Forgets cached memberships that changed (an erased participant, db/erasure.ts). */
    forgetMemberships(publicIds: string[]): void {
      for (const id of publicIds) memberships.delete(id);
    },

    /** Conversations of some people (for presence): public id and both user ids. */
    async ofUser(userId: number): Promise<Membership[]> {
      const rows = await query().findMany({
        where: { $or: [{ clientUserId: userId }, { therapistUserId: userId }] },
        select: ['id', 'documentId', 'clientUserId', 'therapistUserId'],
        limit: 1000,
      });
      return rows.map((row) => remember(membershipOf(row)));
    },
  };
};
