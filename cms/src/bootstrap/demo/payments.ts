import type { Core } from '@strapi/strapi';
import { payments } from '@haven/plugin-payments/public';

/**
 * How the demo therapists are paid directly (the manual provider, the default): what a client reads
 * on the booking's confirm step, the session page, the "How to pay" mail and the receipt. Written
 * before any demo booking, so the demo's own bookings already carry them.
 */
const INSTRUCTIONS: Record<string, string> = {
  'dr.rivera@haven.example': 'Bank transfer within 7 days of the session:\nMaria Rivera Counseling, account 000123456789, routing 121000358\nPlease put the session date as the reference.',
  'dr.chen@haven.example': 'Überweisung innerhalb von 7 Tagen / bank transfer within 7 days:\nPraxis Dr. Chen, IBAN DE89 3704 0044 0532 0130 00\nReference: your session date. Cash or card at the practice also works.',
};

export async function seedPaymentInstructions(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  for (const [email, text] of Object.entries(INSTRUCTIONS)) {
    const user = await users.findOne({ where: { email }, select: ['id'] });
    if (user) await payments.setInstructions(user.id, text);
  }
}
