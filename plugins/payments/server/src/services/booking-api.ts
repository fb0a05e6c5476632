/**
 * The booking plugin as payments sees it: its documented in-process contract (plugins/booking/README.md)
 * with its own types. Plugins talk through each other's services, never each other's tables.
 */
import type { Core } from '@strapi/strapi';
import type { BookingEventName, BookingEvents, BookingForPayment, BookingSnapshot, MarkPaidResult, PaymentGate } from '@haven/plugin-booking/types';

export type { BookingEvents, BookingForPayment, BookingSnapshot, MarkPaidResult };

/** What payments needs to know of a person (booking's people service). */
export interface PersonInfo {
  userId: number;
  displayName: string;
  timeZone: string;
  email: string | null;
}

interface BookingServices {
  'payment-hook': {
    registerPaymentGate(gate: PaymentGate): void;
    markPaid(bookingId: string, now?: number): Promise<MarkPaidResult>;
    readForPayment(bookingId: string): Promise<BookingForPayment | null>;
  };
  events: { on<N extends BookingEventName>(name: N, handler: (payload: BookingEvents[N]) => void | Promise<void>): () => void };
  people: {
    people(userIds: number[]): Promise<Map<number, PersonInfo>>;
    therapistByUserId(userId: number): Promise<{ id: string; userId: number } | null>;
  };
}

export function bookingApi(strapi: Core.Strapi) {
  const service = <N extends keyof BookingServices>(name: N) => strapi.plugin('booking').service(name) as unknown as BookingServices[N];
  return {
    registerPaymentGate: (gate: PaymentGate) => service('payment-hook').registerPaymentGate(gate),
    markPaid: (bookingId: string) => service('payment-hook').markPaid(bookingId),
    readForPayment: (bookingId: string) => service('payment-hook').readForPayment(bookingId),
    on: <N extends BookingEventName>(name: N, handler: (payload: BookingEvents[N]) => void | Promise<void>) => service('events').on(name, handler),
    people: (userIds: number[]) => service('people').people(userIds),
    therapistByUserId: (userId: number) => service('people').therapistByUserId(userId),
  };
}

export type BookingApi = ReturnType<typeof bookingApi>;
