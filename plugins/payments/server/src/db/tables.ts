import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { EventRow, StoredInstructionRow, StoredPaymentRow, StoredRefundRow } from './rows';
import { UID } from './uids';

/** The payments tables, typed by their stored rows; each getter asks Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get payments() {
      return tableOf<StoredPaymentRow>(strapi, UID.payment);
    },
    get refunds() {
      return tableOf<StoredRefundRow>(strapi, UID.refund);
    },
    get events() {
      return tableOf<EventRow>(strapi, UID.event);
    },
    get instructions() {
      return tableOf<StoredInstructionRow>(strapi, UID.instruction);
    },
  };
}

export type Tables = ReturnType<typeof tables>;
