/** Receipts of a payment for its payer or payee: a printable HTML page and a PDF, times in the reader's zone. */
import type { Core } from '@strapi/strapi';
import type { ReceiptData } from '../lib/receipt';
import { renderReceiptHtml } from '../lib/receipt-html';
import { renderReceiptPdf } from '../lib/receipt-pdf';
import { getService } from '../get-service';
import { paymentRows } from '../db/store';
import { people } from '@haven/plugin-people/public';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  return {
    async data(userId: number, paymentId: string, now = Date.now()): Promise<ReceiptData> {
      const row = await getService('history').findForUser(userId, paymentId);
      const [view] = await getService('history').views(userId, [row], now);
      const persons = await people.many([row.payerUserId, row.payeeUserId, userId]);
      return {
        paymentId: row.documentId,
        status: row.status,
        provider: row.provider,
        waived: row.waived,
        amountMinor: row.amountMinor,
        // Money back only once the provider says so: a refund still on its way is listed with its status, not subtracted.
        refundedMinor: row.refundedMinor - (await rows.refundsOnTheirWay(row.id)),
        currency: row.currency,
        createdAt: row.createdAt,
        paidAt: row.paidAt,
        payerName: persons.get(row.payerUserId)?.displayName ?? 'Haven member',
        therapistName: persons.get(row.payeeUserId)?.displayName ?? 'Haven therapist',
        sessions: view.sessions.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, amountMinor: s.amountMinor, bookingStatus: s.status })),
        refunds: view.refunds,
        note: row.note,
        instructions: view.instructions,
        timeZone: persons.get(userId)?.timeZone || 'UTC',
        issuedAt: new Date(now).toISOString(),
      };
    },

    async html(userId: number, paymentId: string): Promise<string> {
      return renderReceiptHtml(await this.data(userId, paymentId));
    },

    async pdf(userId: number, paymentId: string): Promise<Buffer> {
      return renderReceiptPdf(await this.data(userId, paymentId));
    },
  };
};
