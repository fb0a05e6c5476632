/**
 * A person's chat data for issue 20 (see PersonalDataHook in @haven/shared/server/personal-data).
 *
 * Export: each conversation (the other person by display name only, never their account), every
 * message sent and received opened for the reader, with its time, its sender ("you" or the other's
 * name), whether it was read, and the urgent mark. Video rooms are not recorded anywhere (the room is
 * the booking's, the provider gets an opaque identity), so there is no video history to give.
 *
 * Erasure (db/erasure.ts): the person's sockets are closed, queued messages are written first, then
 * the messages they wrote lose their text (answered as `deleted: true`, which the site shows as "Message deleted"),
 * and each conversation stops naming their account ("Former member"). The other person's own
 * messages stay: they are that person's history. The conversation's data key stays with them, as it
 * seals those messages; nothing of the erased person is left under it.
 */
import type { Core } from '@strapi/strapi';
import type { StoredMessageView } from '@haven/shared/chat';
import { MAX_PAGE } from '@haven/shared/chat';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { eraseAccount } from '../db/erasure';
import { tables } from '../db/tables';
import { getService } from '../get-service';

export const ERASED_ACCOUNT_MESSAGE = 'This account has been erased.';

/** One message as its reader's export shows it. */
export interface ExportedMessage {
  number: number;
  sentAt: string;
  from: string;
  text: string | null;
  /** True when the stored text failed its integrity check (the text is then null). */
  unreadable?: true;
  /** True when its writer's account was erased (the text is then null). */
  deleted?: true;
  /** Your messages: whether the other person has read them; theirs: whether you have. */
  read: boolean;
  urgent: boolean;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(userId: number): Promise<PersonalDataSections> {
    const conversations = getService('conversations');
    const messages = getService('messages');
    const summaries = await conversations.list(userId);
    const exported = [];
    for (const summary of summaries) {
      const conversation = await conversations.participant(userId, summary.id);
      const all: StoredMessageView[] = [];
      for (let after = 0, more = true; more; ) {
        const page = await messages.after(conversation, after, MAX_PAGE);
        all.push(...page.messages);
        more = page.hasMore && page.messages.length > 0;
        after = page.messages.at(-1)?.id ?? after;
      }
      exported.push({
        with: summary.with.displayName,
        theirRole: summary.with.role,
        yourRole: summary.yourRole,
        lastMessageAt: summary.lastMessageAt,
        messages: all.map((m): ExportedMessage => {
          const yours = m.sender === summary.yourRole;
          return {
            number: m.id,
            sentAt: m.createdAt,
            from: yours ? 'you' : summary.with.displayName,
            text: m.body,
            ...('unreadable' in m && m.unreadable ? { unreadable: true as const } : {}),
            ...('deleted' in m && m.deleted ? { deleted: true as const } : {}),
            read: yours ? m.id <= summary.theirReadId : m.id <= summary.yourReadId,
            urgent: m.urgent,
          };
        }),
      });
    }
    return { conversations: exported };
  },

  async erase({ userId }: ErasureRequest): Promise<ErasureOutcome> {
    // No socket may send in the middle of the erasure, and nothing already queued may land after it.
    getService('realtime').disconnectUsers([userId], 'session-expired', ERASED_ACCOUNT_MESSAGE);
    await getService('messages').flush();
    const named = await tables(strapi).conversations.findMany({ where: { $or: [{ clientUserId: userId }, { therapistUserId: userId }] }, select: ['documentId'] });
    const result = await eraseAccount(strapi, userId);
    // Memberships are cached as if they never changed: these just did.
    getService('conversations').forgetMemberships(named.map((row) => String(row.documentId)));
    const erased: Record<string, number> = {};
    if (result.messages) erased.messages = result.messages;
    if (result.conversations) erased.participantLinks = result.conversations;
    return {
      erased,
      kept: result.conversations
        ? {
            conversations: {
              count: result.conversations,
              why: "The other participant's own messages are their history: each conversation stays for them, naming the erased person as \"Former member\" and showing \"Message deleted\" in place of each erased message.",
            },
          }
        : {},
    };
  },
});
