/**
 * Twilio Video through the official helper library: an access token (signed with an API key) that
 * grants one identity entry to one room, and lives until the session ends. Built offline: Twilio's
 * servers are only reached by the browser's Twilio Video JS with this token.
 *
 * Twilio shows each participant's identity to the other one (and keeps it in its logs): it is an
 * opaque name of this person in this session, an HMAC of both ids under the API key secret. The same
 * person gets the same identity on every join of a session (a rejoin replaces their old connection),
 * a different one in each session, and the identity reveals no account id. People see display names
 * from Haven, never the identity.
 */
import crypto from 'node:crypto';
import twilio from 'twilio';
import type { VideoProvider } from './types';
import { roomName } from './types';

export interface TwilioOptions {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
}

export function opaqueIdentity(secret: string, bookingId: string, userId: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`haven-video-identity\0${bookingId}\0${userId}`).digest('base64url');
  return `p-${mac.slice(0, 32)}`;
}

export function createTwilioProvider(options: TwilioOptions): VideoProvider {
  const { AccessToken } = twilio.jwt;
  return {
    name: 'twilio',
    access(session) {
      const identity = opaqueIdentity(options.apiKeySecret, session.bookingId, session.userId);
      const room = roomName(session.bookingId);
      // The token stops working when the session ends (at least a minute, for a join in the last seconds).
      const ttl = Math.max(60, Math.ceil((session.endsAt - session.now) / 1000));
      const token = new AccessToken(options.accountSid, options.apiKeySid, options.apiKeySecret, { identity, ttl });
      token.addGrant(new AccessToken.VideoGrant({ room }));
      return { provider: 'twilio', token: token.toJwt(), room, identity, expiresAt: new Date(session.now + ttl * 1000).toISOString() };
    },
  };
}
