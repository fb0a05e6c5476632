/**
 * The booking plugin's one in-process event interface. Payments, chat and the admin dashboards
 * subscribe through the public contract: `booking.on('booking.confirmed', handler)` (public.ts).
 *
 * - Handlers run after the write that caused the event has committed (never inside its transaction).
 * - Handlers run one after another in the order they subscribed; each is awaited.
 * - A handler that throws (or rejects) is logged and skipped: it never fails the booking, and the
 *   other handlers still run.
 */
import type { Core } from '@strapi/strapi';
import type { BookingStatus } from '@haven/shared/booking';
import type { Refund, CancelledBy } from '../lib/policy';

export type { BookingStatus };

/** What every event carries about a booking (user ids are numeric users-permissions ids). */
export interface BookingSnapshot {
  /** The booking's public id (documentId). */
  id: string;
  status: BookingStatus;
  therapistUserId: number;
  /** The therapist's public id (therapist-profile documentId). */
  therapistId: string;
  clientUserId: number;
  startsAt: string;
  endsAt: string;
  seriesId: string | null;
  /** The therapist's rate for this session when it was booked, in minor units of `currency`. */
  rateMinor: number;
  currency: string;
  /** Until when a pending_payment booking holds its slot. */
  holdExpiresAt: string | null;
  paidAt: string | null;
  sequence: number;
}

export interface BookingEvents {
  /** A booking was written (status confirmed, or pending_payment while it waits for payment). */
  'booking.created': { booking: BookingSnapshot };
  /** A booking became confirmed: at once (no payment needed) or when markPaid() was called. */
  'booking.confirmed': { booking: BookingSnapshot };
  /**
   * A booking was cancelled by a person; `refund` is what the policy it was booked under grants.
   * `declined`: the therapist declined it (`reason` is their message to the client; the refund is full).
   */
  'booking.cancelled': { booking: BookingSnapshot; cancelledBy: CancelledBy; reason: string | null; refund: Refund; declined: boolean };
  /** A booking moved to a new time (same id, same calendar UID, SEQUENCE raised). */
  'booking.rescheduled': { booking: BookingSnapshot; previous: { startsAt: string; endsAt: string } };
  /** A pending_payment booking was not paid within its hold: status expired, slot free again. */
  'booking.expired': { booking: BookingSnapshot };
  /** The therapist marked a past session completed or no-show. */
  'booking.outcome': { booking: BookingSnapshot; outcome: 'completed' | 'no_show' };
}

export type BookingEventName = keyof BookingEvents;
export type BookingEventHandler<N extends BookingEventName> = (payload: BookingEvents[N]) => void | Promise<void>;

export const BOOKING_EVENT_NAMES: BookingEventName[] = ['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled', 'booking.expired', 'booking.outcome'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const handlers = new Map<BookingEventName, BookingEventHandler<never>[]>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  async function deliver<N extends BookingEventName>(name: N, payload: BookingEvents[N]) {
    running++;
    try {
      for (const handler of [...(handlers.get(name) ?? [])] as BookingEventHandler<N>[]) {
        try {
          await handler(payload);
        } catch (err) {
          strapi.log.error(`[booking] a ${name} handler failed (the booking is unaffected): ${(err as Error)?.stack ?? err}`);
        }
      }
    } finally {
      running--;
      if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  return {
    /** Subscribes; returns a function that unsubscribes. */
    on<N extends BookingEventName>(name: N, handler: BookingEventHandler<N>): () => void {
      if (!BOOKING_EVENT_NAMES.includes(name)) throw new Error(`unknown booking event "${name}"`);
      const list = handlers.get(name) ?? [];
      list.push(handler as BookingEventHandler<never>);
      handlers.set(name, list);
      return () => {
        const current = handlers.get(name) ?? [];
        handlers.set(name, current.filter((h) => h !== (handler as BookingEventHandler<never>)));
      };
    },

    /**
     * Emits after the current transaction commits (or on the next tick outside one); a rolled-back
     * write emits nothing. Never throws.
     */
    emit<N extends BookingEventName>(name: N, payload: BookingEvents[N]): void {
      const start = () => {
        running++;
        setImmediate(() => {
          running--;
          void deliver(name, payload);
        });
      };
      if (strapi.db.inTransaction()) {
        void strapi.db.transaction(async ({ onCommit }) => {
          onCommit(start);
        });
      } else start();
    },

    /** Resolves when no handler is running or queued (tests, graceful shutdown). */
    idle(): Promise<void> {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    /** Drops every subscription (destroy). */
    clear() {
      handlers.clear();
      idleWaiters = [];
    },
  };
};
