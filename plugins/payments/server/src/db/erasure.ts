/**
 * The writes of a person's erasure (issue 20) that the Query Engine cannot type: payments and refunds
 * are kept for accounting law, but an erased person's must name nobody, so their required account
 * columns are set to NULL here (Strapi does not make required columns NOT NULL) and every free text
 * and checkout detail is cleared. Amounts, currencies, dates, statuses, the provider and its
 * transaction ids stay: they are the record (and reconcile with the provider's own statements).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

export interface StrippedMoney {
  payments: number;
  refunds: number;
}

/** Unlinks the account from every payment it made or received, and from those payments' refunds. */
export async function stripPaymentsOf(strapi: Core.Strapi, trx: Knex.Transaction, userId: number): Promise<StrippedMoney> {
  const p = tableMeta(strapi, UID.payment);
  const r = tableMeta(strapi, UID.refund);
  const settledByThem = `therapist:${userId}`;
  const asPayer = ((await trx(p.table).where(p.column('payerUserId'), userId).select('id')) as { id: number }[]).map((row) => Number(row.id));
  const asPayee = ((await trx(p.table).where(p.column('payeeUserId'), userId).select('id')) as { id: number }[]).map((row) => Number(row.id));
  const cleared = {
    [p.column('note')]: null,
    [p.column('flagReason')]: null,
    [p.column('checkoutUrl')]: null,
    [p.column('checkoutSessionId')]: null,
  };
  for (const ids of chunks(asPayer)) await trx(p.table).whereIn('id', ids).update({ ...cleared, [p.column('payerUserId')]: null });
  for (const ids of chunks(asPayee)) {
    // The therapist's public profile id names them as surely as their account id.
    await trx(p.table).whereIn('id', ids).update({ ...cleared, [p.column('payeeUserId')]: null, [p.column('therapistId')]: null });
  }
  // "therapist:<id>" says who marked a direct payment paid: it names the person on any payment.
  await trx(p.table).where(p.column('settledBy'), settledByThem).update({ [p.column('settledBy')]: 'therapist' });
  const paymentIds = [...new Set([...asPayer, ...asPayee])];
  let refunds = 0;
  for (const ids of chunks(paymentIds)) refunds += await trx(r.table).whereIn(r.column('paymentId'), ids).update({ [r.column('reason')]: null });
  return { payments: paymentIds.length, refunds };
}

/**
 * Kept payments whose retention ended (issue 20: kept "only as long as accounting law requires"):
 * payments an erasure unlinked from the payer or the payee, created before `before`, with their refunds.
 * A payment still linked to both people is their own record and is never deleted here.
 */
export async function deleteKeptPaymentsBefore(strapi: Core.Strapi, trx: Knex.Transaction, before: Date): Promise<StrippedMoney> {
  const p = tableMeta(strapi, UID.payment);
  const r = tableMeta(strapi, UID.refund);
  const expired = (
    (await trx(p.table)
      .where((q) => q.whereNull(p.column('payerUserId')).orWhereNull(p.column('payeeUserId')))
      .andWhere(p.column('createdAt'), '<', before)
      .select('id')) as { id: number }[]
  ).map((row) => Number(row.id));
  let refunds = 0;
  let payments = 0;
  for (const ids of chunks(expired)) {
    refunds += await trx(r.table).whereIn(r.column('paymentId'), ids).delete();
    payments += await trx(p.table).whereIn('id', ids).delete();
  }
  return { payments, refunds };
}

/** Deletes a therapist's payment instructions (bank details and the like); how many rows. */
export async function deleteInstructionsOf(strapi: Core.Strapi, trx: Knex.Transaction, userId: number): Promise<number> {
  const x = tableMeta(strapi, UID.instruction);
  return trx(x.table).where(x.column('therapistUserId'), userId).delete();
}

/** SQLite caps the number of bound values in one statement. */
function chunks(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
