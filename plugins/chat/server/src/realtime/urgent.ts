/**
 * A client's message marked urgent reaches a therapist who does not have Haven open by mail: the
 * therapist's connected sockets already got it with its mark (message:new), so a mail goes out only
 * when none of their sockets is connected on any process (presence.ts; with the Redis adapter every
 * process is asked). The mail goes through the safety plugin, which applies the clinic's escalation
 * settings (SAFETY_MAIL_THERAPISTS, quiet hours in the therapist's time zone).
 *
 * The mail never carries the message, the client's name or anything else of the conversation: only
 * that a message marked urgent is waiting and a link to it. At most one per conversation per
 * `urgentMailMinutes` (db/urgent.ts): further messages in the hour add nothing the mail could say.
 * Runs after the message is committed and answered; a failure is logged by conversation id only.
 */
import { people } from '@haven/plugin-people/public';
import { safety, type NoticeOutcome } from '@haven/plugin-safety/public';
import { claimMailWindow } from '../db/urgent';
import type { Participation } from '../services/conversations';
import type { RealtimeContext } from './context';
import { online } from './presence';

/** What became of one urgent message's alert (tests and the log read it). */
export type UrgentAlert = 'connected' | 'mailed-recently' | 'no-address' | NoticeOutcome;

/** The mail's words: no message text, no name, only where to look. */
export function urgentNotice(siteUrl: string, conversationId: string) {
  const link = `${siteUrl}/messages?c=${encodeURIComponent(conversationId)}`;
  return {
    subject: 'Haven: a client sent you a message marked urgent',
    text: [
      'A client sent you a message marked urgent in Haven.',
      `Open Haven to read it: ${link}`,
      '',
      'The message may say that they are at risk. They were shown crisis lines at once.',
      'For their privacy this mail does not contain the message.',
    ].join('\n'),
  };
}

/** Tells the therapist of `conversation` (the sender was its client) unless they are connected. */
export async function alertTherapist(ctx: RealtimeContext, conversation: Participation): Promise<UrgentAlert> {
  const therapistUserId = conversation.therapistUserId;
  // A process that does not answer in time: nobody can say they are connected, so they are mailed.
  const connected = await online(ctx, [therapistUserId]).then(
    (found) => found.has(therapistUserId),
    () => false,
  );
  if (connected) return 'connected';
  const now = new Date();
  const since = new Date(now.getTime() - ctx.config.urgentMailMinutes * 60_000);
  if (!(await claimMailWindow(ctx.strapi, conversation.id, now, since))) return 'mailed-recently';
  const [emails, person] = await Promise.all([people.emails([therapistUserId], { deliverableOnly: true, purpose: 'safety' }), people.one(therapistUserId)]);
  const email = emails.get(therapistUserId);
  if (!email) return 'no-address';
  const [outcome] = await safety.notifyTherapists([{ email, timeZone: person.timeZone }], urgentNotice(ctx.config.siteUrl, conversation.documentId));
  return outcome ?? 'off';
}
