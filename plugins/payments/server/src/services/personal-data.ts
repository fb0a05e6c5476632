/**
 * The payments plugin's part of a person's data (issue 20). The export lists the payments they made
 * and received, their refunds and receipts (the other person by display name), the notes they wrote
 * when marking direct payments and, for a therapist, their payment instructions; never checkout
 * addresses or provider references. Erasure keeps payments and refunds for accounting law, stripped
 * of the person (db/erasure.ts), and deletes the instructions.
 */
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { isoOrNull } from '@haven/shared/server/db';
import { deleteInstructionsOf, deleteKeptPaymentsBefore, stripPaymentsOf } from '../db/erasure';
import { toPayment, toRefund, type PaymentRow } from '../db/rows';
import { tables } from '../db/tables';

/** Why erased payments and refunds are kept at all (the README's "kept by law"). */
export const KEPT_MONEY_WHY =
  'Kept for accounting law (10 years for invoices and receipts): amount, currency, status, provider, dates and the provider transaction id only, linked to nobody, notes removed.';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const t = tables(strapi);

  return {
    async export(userId: number): Promise<PersonalDataSections> {
      const stored = await t.payments.findMany({ where: { $or: [{ payerUserId: userId }, { payeeUserId: userId }] }, orderBy: [{ createdAt: 'asc' }] });
      const payments = stored.map((raw) => toPayment(raw)).filter((row): row is PaymentRow => row !== null);
      const ids = payments.map((p) => p.id);
      const [refundRows, instruction, persons] = await Promise.all([
        ids.length ? t.refunds.findMany({ where: { paymentId: { $in: ids } }, orderBy: [{ createdAt: 'asc' }] }) : Promise.resolve([]),
        t.instructions.findOne({ where: { therapistUserId: userId } }),
        people.many(payments.map((p) => (p.payerUserId === userId ? p.payeeUserId : p.payerUserId))),
      ]);
      const receiptOf = new Map(payments.map((p) => [p.id, p.documentId]));
      const other = (p: PaymentRow) => persons.get(p.payerUserId === userId ? p.payeeUserId : p.payerUserId)?.displayName ?? 'Haven member';

      return {
        payments: payments.map((p) => ({
          receiptNumber: p.documentId,
          role: p.payerUserId === userId ? 'payer' : 'payee',
          with: other(p),
          amountMinor: p.amountMinor,
          currency: p.currency,
          refundedMinor: p.refundedMinor,
          status: p.status,
          provider: p.provider,
          waived: p.waived,
          sessions: p.items.map((item) => ({ startsAt: item.startsAt, endsAt: item.endsAt, amountMinor: item.amountMinor })),
          note: p.note,
          createdAt: p.createdAt,
          paidAt: p.paidAt,
          failedAt: p.failedAt,
          refundedAt: p.refundedAt,
        })),
        refunds: refundRows.map((raw) => {
          const r = toRefund(raw);
          return {
            receiptNumber: receiptOf.get(r.paymentId) ?? null,
            amountMinor: r.amountMinor,
            currency: r.currency,
            kind: r.kind,
            reason: r.reason,
            status: r.status,
            provider: r.provider,
            createdAt: r.createdAt,
          };
        }),
        receipts: payments.map((p) => ({
          number: p.documentId,
          issuedTo: p.payerUserId === userId ? 'you' : other(p),
          totalMinor: p.amountMinor,
          refundedMinor: p.refundedMinor,
          keptMinor: Math.max(0, p.amountMinor - p.refundedMinor),
          currency: p.currency,
          date: p.paidAt ?? p.createdAt,
        })),
        // The notes they wrote themselves: a therapist's, when they marked a direct payment paid or waived it.
        notesWritten: payments
          .filter((p) => p.note && p.settledBy === `therapist:${userId}`)
          .map((p) => ({ receiptNumber: p.documentId, note: p.note, writtenAt: p.paidAt ?? p.updatedAt })),
        paymentInstructions: instruction ? { text: instruction.text, updatedAt: isoOrNull(instruction.updatedAt) } : null,
      };
    },

    async erase({ userId }: ErasureRequest): Promise<ErasureOutcome> {
      const { stripped, instructions } = await strapi.db.transaction(async ({ trx }) => ({
        stripped: await stripPaymentsOf(strapi, trx, userId),
        instructions: await deleteInstructionsOf(strapi, trx, userId),
      }));
      const kept: ErasureOutcome['kept'] = {};
      if (stripped.payments) kept.payments = { count: stripped.payments, why: KEPT_MONEY_WHY };
      if (stripped.refunds) kept.refunds = { count: stripped.refunds, why: KEPT_MONEY_WHY };
      // Receipts are drawn from the payment rows: kept with them, and nobody can open them any more.
      if (stripped.payments) kept.receipts = { count: stripped.payments, why: 'Drawn from the kept payments; no account can open them any more.' };
      return { erased: instructions ? { paymentInstructions: instructions } : {}, kept };
    },

    /** Kept payments (and refunds) of erased people whose retention ended before `before`. */
    async expireKept(before: Date): Promise<Record<string, number>> {
      const deleted = await strapi.db.transaction(({ trx }) => deleteKeptPaymentsBefore(strapi, trx, before));
      return { payments: deleted.payments, refunds: deleted.refunds };
    },
  };
};
