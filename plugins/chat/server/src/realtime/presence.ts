/**
 * Presence: whether the other person of a conversation has the site open. Every socket is in its
 * user's room (`user:<id>`), so "is anyone of user X connected" is one question to the room, which
 * the Redis adapter asks every process. Changes are told to the other participants only.
 */
import { participation } from '../services/conversations';
import { getService } from '../get-service';
import { presenceQuery } from '../lib/validation';
import { refuseIfExpired } from './session';
import { presenceNotice } from './notices';
import { answer, chatError, handle, refuse, userRoom, type ChatSocket, type RealtimeContext } from './context';

/**
 * Who of these people has a socket open, on any process: with the Redis adapter `fetchSockets` asks
 * every CMS process and waits for all of them (it rejects when one does not answer in time).
 */
export async function online(ctx: RealtimeContext, userIds: number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const sockets = await ctx.io.in([...new Set(userIds)].map(userRoom)).fetchSockets();
  return new Set(sockets.map((s) => s.data.userId));
}

async function tellOthers(ctx: RealtimeContext, userId: number, isOnline: boolean) {
  const conversations = await getService('conversations').ofUser(userId);
  for (const conversation of conversations) {
    const mine = participation(conversation, userId);
    if (mine) ctx.io.to(userRoom(mine.otherUserId)).emit('presence', presenceNotice(conversation, isOnline));
  }
}

export function installPresence(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;
  tellOthers(ctx, userId, true).catch((err) => ctx.strapi.log.warn(`[chat] presence: ${(err as Error).message}`));
  socket.on('disconnect', () => {
    // Offline only when this was the person's last connection, on any process.
    online(ctx, [userId])
      .then((still) => (still.has(userId) ? undefined : tellOthers(ctx, userId, false)))
      .catch((err) => ctx.strapi.log.warn(`[chat] presence: ${(err as Error).message}`));
  });

  socket.on(
    'presence:query',
    handle(ctx, socket, 'presence:query', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'presence:query', ack, ctx)) return;
      const parsed = presenceQuery.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'presence:query', ack, chatError('invalid', 'Send { conversationIds: [...] }.'));
      const others = new Map<string, number>();
      // One query for all the ids not known yet; not theirs: left out, exactly like an id that does not exist.
      for (const [id, membership] of await getService('conversations').memberships(parsed.data.conversationIds)) {
        const mine = participation(membership, userId);
        if (mine) others.set(id, mine.otherUserId);
      }
      const present = await online(ctx, [...others.values()]);
      answer(ack, Object.fromEntries([...others].map(([id, other]) => [id, present.has(other)])));
    }),
  );
}
