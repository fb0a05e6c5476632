import type { Core } from '@strapi/strapi';
import { chat } from '@haven/plugin-chat/public';

/** A short first exchange before Alex's upcoming session, over the last day, so that /messages shows a living thread. */
const EXCHANGE: { from: 'client' | 'therapist'; body: string; hoursAgo: number }[] = [
  { from: 'therapist', body: 'Hi Alex, this is Maria Rivera. I look forward to our session. Is there anything you would like us to start with?', hoursAgo: 30 },
  { from: 'client', body: 'Hi! Mostly the trouble sleeping before work presentations. My mind races the night before.', hoursAgo: 26 },
  { from: 'therapist', body: 'Thank you, that helps. If you like, jot down what goes through your mind on one of those nights and bring it along. No pressure.', hoursAgo: 24.5 },
];

/**
 * Chat demo data (called once from demo-seed.ts, after the booking demo): Alex's conversation with
 * Dr. Rivera, opened as a booking opens it, with a few messages stored (sealed) through the chat's
 * public contract, exactly as if they had been sent when the demo says.
 */
export async function seedChatDemo(strapi: Core.Strapi) {
  const users = strapi.db.query('plugin::users-permissions.user');
  const client = await users.findOne({ where: { email: 'alex@haven.example' }, select: ['id'] });
  const therapist = await users.findOne({ where: { email: 'dr.rivera@haven.example' }, select: ['id'] });
  if (!client || !therapist) return;
  const { conversationId } = await chat.openConversation(client.id, therapist.id);
  const now = Date.now();
  for (const { from, body, hoursAgo } of EXCHANGE) {
    await chat.storeMessage(conversationId, from === 'client' ? client.id : therapist.id, body, null, new Date(now - hoursAgo * 3_600_000));
  }
}
