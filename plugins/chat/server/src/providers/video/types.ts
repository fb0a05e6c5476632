import type { VideoAccess } from '@haven/shared/chat';

/** One participant entering the video room of one confirmed session, inside its window. */
export interface VideoSession {
  bookingId: string;
  userId: number;
  role: 'client' | 'therapist';
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  now: number;
}

/** How the two people of a session see each other: Twilio Video, or WebRTC peer to peer. */
export interface VideoProvider {
  readonly name: 'twilio' | 'webrtc';
  /** What the participant's browser needs to enter the room; valid until the session ends. */
  access(session: VideoSession): VideoAccess;
}

/** The room of a session: the same name for both participants, on either provider. */
export const roomName = (bookingId: string) => `haven-session-${bookingId}`;
