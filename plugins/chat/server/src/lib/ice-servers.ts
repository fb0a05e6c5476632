/**
 * WEBRTC_ICE_SERVERS: the STUN/TURN servers handed to browsers for peer-to-peer video. Either a JSON
 * array of RTCIceServer objects (`[{"urls":"turn:turn.example.org:3478","username":"u","credential":"p"}]`)
 * or a comma-separated list of stun:/turn:/turns: URLs without credentials. Empty: no servers (peers on
 * one network still connect; across the internet a TURN server is needed). Pure module.
 */
import { z } from 'zod';
import type { IceServer } from '@haven/shared/chat';

const iceUrl = z
  .string()
  .max(512)
  .regex(/^(?:stun|stuns|turn|turns):[^\s,]+$/, 'must be a stun:, stuns:, turn: or turns: URL');

const iceServer = z
  .object({
    urls: z.union([iceUrl, z.array(iceUrl).min(1).max(10)]),
    username: z.string().max(512).optional(),
    credential: z.string().max(512).optional(),
  })
  .strict();

const iceServers = z.array(iceServer).max(20);

export function parseIceServers(raw: string): IceServer[] {
  const text = raw.trim();
  if (!text) return [];
  let candidate: unknown;
  if (text.startsWith('[')) {
    try {
      candidate = JSON.parse(text);
    } catch {
      throw new Error('WEBRTC_ICE_SERVERS is not valid JSON: write a JSON array of {"urls", "username", "credential"} objects, or a comma-separated list of URLs');
    }
  } else {
    candidate = text
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean)
      .map((urls) => ({ urls }));
  }
  const result = iceServers.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`WEBRTC_ICE_SERVERS: ${issue.path.join('.') || 'value'} ${issue.message}`);
  }
  return result.data;
}
