/**
 * WebRTC peer to peer: the browsers exchange offer, answer and ICE candidates over the chat's
 * socket.io connection (realtime/signalling.ts relays them between the two participants only) and
 * use the STUN/TURN servers of WEBRTC_ICE_SERVERS. The client is the "polite" peer of perfect
 * negotiation: when both offer at once, the client's browser yields.
 */
import type { IceServer } from '@haven/shared/chat';
import type { VideoProvider } from './types';
import { roomName } from './types';

export function createWebRtcProvider(iceServers: IceServer[]): VideoProvider {
  return {
    name: 'webrtc',
    access(session) {
      return { provider: 'webrtc', room: roomName(session.bookingId), iceServers, expiresAt: new Date(session.endsAt).toISOString(), polite: session.role === 'client' };
    },
  };
}
