import type { ChatConfig } from '../../config';
import { createTwilioProvider } from './twilio';
import type { VideoProvider } from './types';
import { createWebRtcProvider } from './webrtc';

export type { VideoProvider, VideoSession } from './types';
export { roomName } from './types';

/** Twilio when its three settings are given, WebRTC otherwise (config.ts decides `video`). */
export function createVideoProvider(config: ChatConfig): VideoProvider {
  return config.video === 'twilio' ? createTwilioProvider(config.twilio) : createWebRtcProvider(config.iceServers, config.turn);
}
