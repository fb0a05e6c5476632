/**
 * Video for booked sessions: a participant of a confirmed session may enter its room from
 * CHAT_VIDEO_EARLY_MINUTES (10) before its start until its end. Anyone else gets the same 404 as for a
 * session that does not exist; cancelled, unconfirmed and finished sessions and times outside the
 * window get a 409 that says why and when (`opensAt`, and the server's `now`, so that the waiting
 * room counts down on the server's clock whatever the viewer's clock says). A therapist who is not verified has no video room (409
 * read-only), as they cannot write (services/lifetime.ts). The provider learns no account id: it gets
 * an opaque identity of this person in this session (providers/video/twilio.ts).
 */
import { conflict, notFound } from '@haven/shared/errors';
import type { VideoAccess } from '@haven/shared/chat';
import { epochMs as ms } from '@haven/shared/server/db';
import { askBooking, type ParticipantBooking } from '../sessions';
import { config, getService } from '../get-service';
import { UNVERIFIED_VIDEO_MESSAGE } from './lifetime';
import { createVideoProvider, type VideoProvider } from '../providers/video';

const STATUS_REASONS: Record<string, string> = {
  cancelled: 'This session was cancelled, so its video room is closed.',
  pending_payment: 'This session is not confirmed yet: its video room opens once it is paid.',
  expired: 'This session was never confirmed, so it has no video room.',
  completed: 'This session has ended.',
  no_show: 'This session has ended.',
};

export interface RoomPass {
  booking: ParticipantBooking;
  startsAt: number;
  endsAt: number;
}

export default () => {
  let provider: VideoProvider | null = null;
  const video = () => (provider ??= createVideoProvider(config()));

  return {
    providerName(): 'twilio' | 'webrtc' {
      return video().name;
    },

    /** Checks that `userId` may be in the room of `bookingId` now; throws 404/409 otherwise. */
    async pass(userId: number, bookingId: string, now = Date.now()): Promise<RoomPass> {
      const booking = await askBooking((b) => b.getBookingForParticipant(bookingId, userId));
      if (!booking) throw notFound('No such session.');
      if (booking.status !== 'confirmed') throw conflict(STATUS_REASONS[booking.status] ?? 'This session has no video room.', { code: 'not-confirmed', status: booking.status });
      const startsAt = ms(booking.startsAt);
      const endsAt = ms(booking.endsAt);
      const opensAt = startsAt - config().videoEarlyMinutes * 60_000;
      if (now < opensAt) {
        throw conflict(`The video room opens ${config().videoEarlyMinutes} minutes before the session starts.`, { code: 'outside-window', opensAt: new Date(opensAt).toISOString(), now: new Date(now).toISOString() });
      }
      if (now >= endsAt) throw conflict('This session has ended.', { code: 'outside-window', endedAt: new Date(endsAt).toISOString() });
      // The same rule as writing (services/lifetime.ts): a therapist who is not verified starts no video.
      if (!(await getService('lifetime').videoAllowed(booking.therapistUserId))) throw conflict(UNVERIFIED_VIDEO_MESSAGE, { code: 'read-only' });
      return { booking, startsAt, endsAt };
    },

    /** What the participant's browser needs to join: a Twilio token, or WebRTC settings. */
    async access(userId: number, bookingId: string): Promise<VideoAccess> {
      const now = Date.now();
      const { booking, startsAt, endsAt } = await this.pass(userId, bookingId, now);
      return video().access({ bookingId: booking.id, userId, role: booking.yourRole, startsAt, endsAt, now });
    },
  };
};
