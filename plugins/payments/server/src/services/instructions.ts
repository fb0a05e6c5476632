/**
 * How a therapist's clients pay them when Haven takes no money online (the manual provider): the
 * therapist writes plain-text instructions (bank transfer details, "pay at the practice"), and clients
 * read them with one sentence saying how payment works, on the booking's confirm step, the session
 * page, the "How to pay" mail and the receipt. Only therapists write their own; clients read those of
 * listed therapists (in good standing), anyone else's answers 404 like a missing one.
 */
import type { Core } from '@strapi/strapi';
import { forbidden, notFound } from '@haven/shared/errors';
import { isoOrNull, isUniqueViolation } from '@haven/shared/server/db';
import { PAYMENT_INSTRUCTIONS_MAX, type HowToPayView, type PaymentInstructionsView, type ProviderName } from '@haven/shared/payments';
import { getService } from '../get-service';
import { tables } from '../db/tables';
import { people } from '@haven/plugin-people/public';

export type { HowToPayView, PaymentInstructionsView };

/** The sentence a client reads about how they pay, for the provider that will be used (and whether the therapist wrote how). */
export function howToPaySentence(provider: ProviderName, therapistName: string, online: readonly string[], hasInstructions = true): string {
  if (provider === 'manual') {
    return hasInstructions
      ? `You pay ${therapistName} directly; their instructions are below. They mark the session paid here when the money arrives.`
      : `You pay ${therapistName} directly; they have not written how yet, so ask them in your messages on Haven. They mark the session paid here when the money arrives.`;
  }
  const how = online.length > 1 ? 'by card or PayPal' : provider === 'stripe' ? 'by card' : 'by PayPal';
  return `You pay online ${how} after booking; nothing is charged until you do.`;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => tables(strapi).instructions;

  async function read(therapistUserId: number) {
    const row = await table().findOne({ where: { therapistUserId } });
    return row ? { text: row.text, updatedAt: isoOrNull(row.updatedAt) } : null;
  }

  async function requireTherapist(userId: number) {
    const therapist = await people.therapistByUserId(userId);
    if (!therapist) throw forbidden('Only therapists write payment instructions.');
    return therapist;
  }

  return {
    /** The text of a therapist's instructions (null: none written). */
    async textOf(therapistUserId: number): Promise<string | null> {
      return (await read(therapistUserId))?.text ?? null;
    },

    /** GET /instructions/mine: the therapist's own. */
    async mine(userId: number): Promise<PaymentInstructionsView> {
      await requireTherapist(userId);
      const row = await read(userId);
      return { instructions: row?.text ?? null, updatedAt: row?.updatedAt ?? null, maxLength: PAYMENT_INSTRUCTIONS_MAX };
    },

    /** PUT /instructions/mine: writes (text, already normalised and measured) or, with null, removes them. */
    async save(userId: number, text: string | null): Promise<PaymentInstructionsView> {
      await requireTherapist(userId);
      if (text === null) {
        await table().deleteMany({ where: { therapistUserId: userId } });
        return this.mine(userId);
      }
      const { count } = await table().updateMany({ where: { therapistUserId: userId }, data: { text, updatedAt: new Date() } });
      if (!count) {
        try {
          await table().create({ data: { therapistUserId: userId, text } });
        } catch (err) {
          // Two first saves at once: the unique index let one in; this one becomes an update.
          if (!isUniqueViolation(err)) throw err;
          await table().updateMany({ where: { therapistUserId: userId }, data: { text, updatedAt: new Date() } });
        }
      }
      return this.mine(userId);
    },

    /** GET /how-to-pay/:therapistProfileId: the provider a booking with this therapist would use, in the client's words. */
    async howToPay(therapistProfileId: string): Promise<HowToPayView> {
      const therapist = await people.therapistById(therapistProfileId);
      if (!therapist || !therapist.inGoodStanding) throw notFound('No such therapist');
      const online = getService('gateways').online();
      const provider: ProviderName = online.length > 0 ? online[0] : 'manual';
      const instructions = provider === 'manual' ? await this.textOf(therapist.userId) : null;
      return { provider, sentence: howToPaySentence(provider, therapist.displayName, online, instructions !== null), instructions };
    },
  };
};
