/**
 * Twilio Video through the official helper library: an access token (signed with an API key) that
 * grants one identity entry to one room, and lives until the session ends. Built offline: Twilio's
 * servers are only reached by the browser's Twilio Video JS with this token.
 */
import twilio from 'twilio';
import type { VideoProvider } from './types';
import { roomName } from './types';

export interface TwilioOptions {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
}

export function createTwilioProvider(options: TwilioOptions): VideoProvider {
  const { AccessToken } = twilio.jwt;
  return {
    name: 'twilio',
    access(session) {
      const identity = `haven-user-${session.userId}`;
      const room = roomName(session.bookingId);
      // The token stops working when the session ends (at least a minute, for a join in the last seconds).
      const ttl = Math.max(60, Math.ceil((session.endsAt - session.now) / 1000));
      const token = new AccessToken(options.accountSid, options.apiKeySid, options.apiKeySecret, { identity, ttl });
      token.addGrant(new AccessToken.VideoGrant({ room }));
      return { provider: 'twilio', token: token.toJwt(), room, identity, expiresAt: new Date(session.now + ttl * 1000).toISOString() };
    },
  };
}
