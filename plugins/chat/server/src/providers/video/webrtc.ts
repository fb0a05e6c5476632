/**
 * WebRTC peer to peer: the browsers exchange offer, answer and ICE candidates over the chat's
 * socket.io connection (realtime/signalling.ts relays them between the two participants only) and
 * use the STUN/TURN servers of WEBRTC_ICE_SERVERS, plus the TURN service of TURN_URLS with a
 * credential of this participant's own that runs out soon after the session (lib/turn.ts). The client
 * is the "polite" peer of perfect negotiation: when both offer at once, the client's browser yields.
 */
import type { IceServer } from '@haven/shared/chat';
import { turnServer, type TurnSettings } from '../../lib/turn';
import type { VideoProvider } from './types';
import { roomName } from './types';

export function createWebRtcProvider(iceServers: IceServer[], turn: TurnSettings): VideoProvider {
  return {
    name: 'webrtc',
    access(session) {
      const relay = turnServer(turn, session.userId, session.now, session.endsAt);
      return {
        provider: 'webrtc',
        room: roomName(session.bookingId),
        iceServers: relay ? [...iceServers, relay] : iceServers,
        iceTransportPolicy: turn.relayOnly ? 'relay' : 'all',
        expiresAt: new Date(session.endsAt).toISOString(),
        polite: session.role === 'client',
      };
    },
  };
}
