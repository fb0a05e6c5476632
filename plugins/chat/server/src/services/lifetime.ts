/**
 * How long a conversation stays writable. A pair may write while they share an upcoming session or
 * one that started in the last CHAT_WRITABLE_DAYS (30) days, counting only sessions that still count
 * (confirmed, completed, no-show, or pending payment while its hold lasts; not cancelled or expired).
 * After that the conversation is read-only (its history stays readable) until a new booking reopens
 * it. A therapist who is not verified (verification withdrawn or rejected) or is suspended cannot send
 * or start video at all; a blocked account cannot even connect or call the API (realtime/auth.ts).
 *
 * Answers are reused for CHAT_WRITABLE_CACHE_MS so that sending stays one counter step and no
 * booking query; any booking event of the pair on this process forgets them at once.
 */
import { people, type Therapist } from '@haven/plugin-people/public';
import { askBooking, BOOKING_CHANGES, type BookingSnapshot } from '../sessions';
import { config } from '../get-service';
import type { Membership } from './conversations';

export const READ_ONLY_MESSAGE = 'This conversation is read-only because you have no current sessions together. Book a session to write again.';
export const UNVERIFIED_MESSAGE = 'This conversation is read-only for now because your therapist profile is not verified. Your history stays readable; Haven support can tell you more.';
export const UNVERIFIED_VIDEO_MESSAGE = 'Video is closed for now because this therapist\'s profile is not verified.';

export interface WriteState {
  writable: boolean;
  /** Why not, in words for the person (null when writable). */
  reason: string | null;
}

interface Cached<T> {
  value: T;
  at: number;
}

const MAX_CACHED = 20_000;

/** A therapist may write and hold video while verified and not suspended (no profile: not a therapist who may). */
const mayPractise = (therapist: Therapist | null) => Boolean(therapist?.inGoodStanding);

function put<T>(map: Map<string, Cached<T>>, key: string, value: T) {
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string);
  map.set(key, { value, at: Date.now() });
}

export default () => {
  const pairs = new Map<string, Cached<boolean>>();
  const verified = new Map<string, Cached<boolean>>();
  let unsubscribe: (() => void)[] = [];
  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> => entry !== undefined && Date.now() - entry.at < config().writableCacheMs;
  const pairKey = (clientUserId: number, therapistUserId: number) => `${clientUserId}:${therapistUserId}`;
  const since = () => new Date(Date.now() - config().writableDays * 86_400_000);

  async function pairActive(clientUserId: number, therapistUserId: number): Promise<boolean> {
    const key = pairKey(clientUserId, therapistUserId);
    const known = pairs.get(key);
    if (fresh(known)) return known.value;
    const partners = await askBooking((b) => b.partnersSince(clientUserId, since(), therapistUserId));
    const value = partners.includes(therapistUserId);
    put(pairs, key, value);
    return value;
  }

  async function therapistVerified(therapistUserId: number): Promise<boolean> {
    const key = String(therapistUserId);
    const known = verified.get(key);
    if (fresh(known)) return known.value;
    const value = mayPractise(await people.therapistByUserId(therapistUserId));
    put(verified, key, value);
    return value;
  }

  return {
    /** Whether `userId` may write in this conversation now, and if not why. */
    async state(membership: Membership, userId: number): Promise<WriteState> {
      if (membership.therapistUserId === userId && !(await therapistVerified(userId))) return { writable: false, reason: UNVERIFIED_MESSAGE };
      if (!(await pairActive(membership.clientUserId, membership.therapistUserId))) return { writable: false, reason: READ_ONLY_MESSAGE };
      return { writable: true, reason: null };
    },

    /** The states of many conversations of one person (the list): at most two queries whatever their number. */
    async states(memberships: Membership[], userId: number): Promise<Map<string, WriteState>> {
      const result = new Map<string, WriteState>();
      if (!memberships.length) return result;
      const partners = new Set(await askBooking((b) => b.partnersSince(userId, since())));
      const isTherapist = memberships.some((m) => m.therapistUserId === userId);
      const mayWriteAsTherapist = isTherapist ? mayPractise(await people.therapistByUserId(userId)) : true;
      for (const m of memberships) {
        const other = m.clientUserId === userId ? m.therapistUserId : m.clientUserId;
        const active = partners.has(other);
        put(pairs, pairKey(m.clientUserId, m.therapistUserId), active);
        if (m.therapistUserId === userId && !mayWriteAsTherapist) result.set(m.documentId, { writable: false, reason: UNVERIFIED_MESSAGE });
        else result.set(m.documentId, active ? { writable: true, reason: null } : { writable: false, reason: READ_ONLY_MESSAGE });
      }
      return result;
    },

    /** Video needs a verified therapist (the session's own status and window are checked by the video service). */
    async videoAllowed(therapistUserId: number): Promise<boolean> {
      return therapistVerified(therapistUserId);
    },

    /** Forgets a pair's answer (a booking of theirs changed) or everything (tests, admin changes). */
    forget(clientUserId?: number, therapistUserId?: number) {
      if (clientUserId === undefined || therapistUserId === undefined) {
        pairs.clear();
        verified.clear();
        return;
      }
      pairs.delete(pairKey(clientUserId, therapistUserId));
    },

    /** Bootstrap: every booking event of a pair makes the next answer fresh. */
    follow() {
      const drop = ({ booking }: { booking: BookingSnapshot }) => {
        this.forget(booking.clientUserId, booking.therapistUserId);
      };
      unsubscribe = askBooking((b) => BOOKING_CHANGES.map((name) => b.on(name, drop)));
    },

    stop() {
      for (const off of unsubscribe.splice(0)) off();
    },
  };
};
