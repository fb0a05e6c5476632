/**
 * WebRTC signalling for session video: offers, answers and ICE candidates are relayed over the
 * chat's socket between the two participants of a booking, and nobody else. A socket enters a
 * booking's call room only after the same check as the video endpoint (participant, confirmed,
 * inside the window); signals go from a socket in the room to the room's sockets of the *other*
 * person; a socket that has not joined can send nothing.
 */
import { getService } from '../get-service';
import { rtcRoom, rtcSignal } from '../lib/validation';
import { answer, callRoom, chatError, handle, refuse, userRoom, type ChatSocket, type RealtimeContext } from './context';
import { refuseIfExpired } from './session';

async function peerPresent(ctx: RealtimeContext, bookingId: string, userId: number): Promise<boolean> {
  const sockets = await ctx.io.in(callRoom(bookingId)).fetchSockets();
  return sockets.some((s) => s.data.userId !== userId);
}

export function installSignalling(ctx: RealtimeContext, socket: ChatSocket) {
  const userId = socket.data.userId;

  const leave = async (bookingId: string) => {
    if (!socket.data.calls.delete(bookingId)) return;
    await socket.leave(callRoom(bookingId));
    ctx.io.to(callRoom(bookingId)).except(userRoom(userId)).emit('rtc:peer', { bookingId, present: false });
  };

  socket.on(
    'rtc:join',
    handle(ctx, socket, 'rtc:join', async (payload: unknown, ack: unknown) => {
      if (refuseIfExpired(socket, 'rtc:join', ack, ctx)) return;
      if (getService('video').providerName() !== 'webrtc') return refuse(socket, 'rtc:join', ack, chatError('invalid', 'This Haven uses Twilio Video: join with the token from the video endpoint.'));
      const parsed = rtcRoom.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'rtc:join', ack, chatError('invalid', 'Send { bookingId }.'));
      const pass = await getService('video').pass(userId, parsed.data.bookingId);
      const bookingId = pass.booking.id;
      socket.data.calls.add(bookingId);
      await socket.join(callRoom(bookingId));
      const present = await peerPresent(ctx, bookingId, userId);
      answer(ack, { peerPresent: present, polite: pass.booking.yourRole === 'client' });
      ctx.io.to(callRoom(bookingId)).except(userRoom(userId)).emit('rtc:peer', { bookingId, present: true });
    }),
  );

  socket.on(
    'rtc:signal',
    handle(ctx, socket, 'rtc:signal', async (payload: unknown, ack?: unknown) => {
      if (refuseIfExpired(socket, 'rtc:signal', ack, ctx)) return;
      const parsed = rtcSignal.safeParse(payload);
      if (!parsed.success) return refuse(socket, 'rtc:signal', ack, chatError('invalid', 'Send { bookingId, signal: offer | answer | candidate }.'));
      const { bookingId, signal } = parsed.data;
      // Not in this call (never joined, or not a participant): the same answer as for a call that does not exist.
      if (!socket.data.calls.has(bookingId)) return refuse(socket, 'rtc:signal', ack, chatError('not-found', 'No such call. Join it first.'));
      ctx.io.to(callRoom(bookingId)).except(userRoom(userId)).emit('rtc:signal', { bookingId, signal });
      answer(ack, null);
    }),
  );

  socket.on('rtc:leave', (payload: unknown, ack?: unknown) => {
    const parsed = rtcRoom.safeParse(payload);
    if (parsed.success) leave(parsed.data.bookingId).catch(() => undefined);
    // Needs no answer; a client that asks for one gets it.
    answer(ack, null);
  });

  socket.on('disconnecting', () => {
    for (const bookingId of [...socket.data.calls]) {
      ctx.io.to(callRoom(bookingId)).except(userRoom(userId)).emit('rtc:peer', { bookingId, present: false });
    }
  });
}
