import type { Core } from '@strapi/strapi';
import { chat } from '@haven/plugin-chat/public';

/** A short first exchange before Alex's upcoming session, so that /messages shows a living thread. */
const EXCHANGE: { from: 'client' | 'therapist'; body: string }[] = [
  { from: 'therapist', body: 'Hi Alex, this is Maria Rivera. I look forward to our session. Is there anything you would like us to start with?' },
  { from: 'client', body: 'Hi! Mostly the trouble sleeping before work presentations. My mind races the night before.' },
  { from: 'therapist', body: 'Thank you, that helps. If you like, jot down what goes through your mind on one of those nights and bring it along. No pressure.' },
];

/**
 * Chat demo data (called once from demo-seed.ts, after the booking demo): Alex's conversation with
 * Dr. Rivera, opened as a booking opens it, with a few messages stored (sealed) through the chat's
 * public contract, exactly as if they had been sent.
 */
export async function seedChatDemo(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  const client = await users.findOne({ where: { email: 'alex@haven.example' }, select: ['id'] });
  const therapist = await users.findOne({ where: { email: 'dr.rivera@haven.example' }, select: ['id'] });
  if (!client || !therapist) return;
  const { conversationId } = await chat.openConversation(client.id, therapist.id);
  for (const { from, body } of EXCHANGE) {
    await chat.storeMessage(conversationId, from === 'client' ? client.id : therapist.id, body, null);
  }
}
