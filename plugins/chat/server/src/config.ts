/** Configuration of the chat plugin, read from the environment at start (README "Chat and video" lists every variable). */
import { keyringFromEnv } from '@haven/shared/server/envelope';
import { parseIceServers } from './lib/ice-servers';
import { parseTurnUrls, type TurnSettings } from './lib/turn';
import type { IceServer } from '@haven/shared/chat';

export interface ChatConfig {
  video: 'webrtc' | 'twilio';
  realtime: 'single-process' | 'redis';
  /** Run the socket.io server (off only in maintenance commands that load Strapi for one job). */
  realtimeEnabled: boolean;
  /** redis://… joining CMS processes (socket.io adapter, shared rate limits); empty for one process. */
  redisUrl: string;
  /** Prefix of every Redis key and channel the chat uses (several Havens on one Redis). */
  redisPrefix: string;
  /** Browser origins allowed to open a socket (the site's); the CMS's CORS_ORIGINS. */
  corsOrigins: string[];
  /** Messages one person may send per `rateWindowSeconds`, over all their connections and processes. */
  ratePoints: number;
  rateWindowSeconds: number;
  /** Typing notices one person may send per `rateWindowSeconds` (more are refused). */
  typingPoints: number;
  /** Budgets of the other socket events, per person per `rateWindowSeconds` (realtime/limits.ts). */
  readPoints: number;
  syncPoints: number;
  presencePoints: number;
  signalPoints: number;
  /** Days after a session's start during which its pair may still write (then read-only until a new booking). */
  writableDays: number;
  /** How long a "may write" answer is reused before the bookings are asked again (ms); booking events clear it at once. */
  writableCacheMs: number;
  /** How long a socket may go on after its access token ran out before it is closed (ms). */
  renewGraceMs: number;
  /** Ask for a new token this long before the current one runs out (ms). */
  renewLeadMs: number;
  /** How often connected people are checked again (blocked, signed out) (ms). */
  recheckMs: number;
  /** Most messages per conversation a reconnecting client receives at once (then it pages with REST). */
  catchUpLimit: number;
  /** Most messages written in one transaction by the group-commit writer. */
  writeBatch: number;
  /** Minutes before a session when its video room opens. */
  videoEarlyMinutes: number;
  /** The site's address, for the link in a therapist's urgent-message mail (PUBLIC_SITE_URL). */
  siteUrl: string;
  /**
   * At most one urgent-message mail per conversation in this many minutes (CHAT_URGENT_MAIL_MINUTES,
   * 60): a person in distress often writes several messages in a row, and the mail carries nothing but
   * "open Haven", so a second one within the hour would tell the therapist nothing new.
   */
  urgentMailMinutes: number;
  twilio: { accountSid: string; apiKeySid: string; apiKeySecret: string };
  iceServers: IceServer[];
  /** TURN with short-lived credentials per participant (lib/turn.ts); `urls` empty when not configured. */
  turn: TurnSettings;
}

type Env = (key: string, fallback?: string) => string;
const int = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN);

export default {
  default: ({ env }: { env: Env }): ChatConfig => {
    const twilio = { accountSid: env('TWILIO_ACCOUNT_SID', ''), apiKeySid: env('TWILIO_API_KEY_SID', ''), apiKeySecret: env('TWILIO_API_KEY_SECRET', '') };
    const redisUrl = env('REDIS_URL', '');
    return {
      video: twilio.accountSid && twilio.apiKeySid && twilio.apiKeySecret ? 'twilio' : 'webrtc',
      realtime: redisUrl ? 'redis' : 'single-process',
      realtimeEnabled: env('CHAT_REALTIME', 'true') !== 'false',
      redisUrl,
      redisPrefix: env('CHAT_REDIS_PREFIX', 'haven'),
      corsOrigins: env('CORS_ORIGINS', 'http://localhost:4321,http://127.0.0.1:4321')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      ratePoints: int(env('CHAT_RATE_LIMIT_MESSAGES', '30')),
      rateWindowSeconds: int(env('CHAT_RATE_LIMIT_WINDOW_SECONDS', '10')),
      typingPoints: int(env('CHAT_RATE_LIMIT_TYPING', '30')),
      readPoints: int(env('CHAT_RATE_LIMIT_READS', '60')),
      syncPoints: int(env('CHAT_RATE_LIMIT_SYNC', '5')),
      presencePoints: int(env('CHAT_RATE_LIMIT_PRESENCE', '10')),
      signalPoints: int(env('CHAT_RATE_LIMIT_SIGNALS', '300')),
      writableDays: int(env('CHAT_WRITABLE_DAYS', '30')),
      writableCacheMs: int(env('CHAT_WRITABLE_CACHE_MS', '15000')),
      renewGraceMs: int(env('CHAT_TOKEN_GRACE_MS', '30000')),
      renewLeadMs: int(env('CHAT_TOKEN_RENEW_LEAD_MS', '30000')),
      recheckMs: int(env('CHAT_RECHECK_MS', '30000')),
      catchUpLimit: int(env('CHAT_CATCH_UP_LIMIT', '200')),
      writeBatch: int(env('CHAT_WRITE_BATCH', '256')),
      videoEarlyMinutes: int(env('CHAT_VIDEO_EARLY_MINUTES', '10')),
      siteUrl: env('PUBLIC_SITE_URL', 'http://localhost:4321').trim().replace(/\/+$/, ''),
      urgentMailMinutes: int(env('CHAT_URGENT_MAIL_MINUTES', '60')),
      twilio,
      iceServers: parseIceServers(env('WEBRTC_ICE_SERVERS', '')),
      turn: {
        urls: parseTurnUrls(env('TURN_URLS', '')),
        secret: env('TURN_SECRET', ''),
        ttlSeconds: int(env('TURN_TTL_SECONDS', '3600')),
        relayOnly: env('TURN_RELAY_ONLY', 'false') === 'true',
      },
    };
  },
  validator(config: ChatConfig) {
    const whole = (value: number, min: number, name: string) => {
      if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number, ${min} or more`);
    };
    whole(config.ratePoints, 1, 'CHAT_RATE_LIMIT_MESSAGES');
    whole(config.rateWindowSeconds, 1, 'CHAT_RATE_LIMIT_WINDOW_SECONDS');
    whole(config.typingPoints, 1, 'CHAT_RATE_LIMIT_TYPING');
    whole(config.readPoints, 1, 'CHAT_RATE_LIMIT_READS');
    whole(config.syncPoints, 1, 'CHAT_RATE_LIMIT_SYNC');
    whole(config.presencePoints, 1, 'CHAT_RATE_LIMIT_PRESENCE');
    whole(config.signalPoints, 1, 'CHAT_RATE_LIMIT_SIGNALS');
    whole(config.writableDays, 0, 'CHAT_WRITABLE_DAYS');
    whole(config.writableCacheMs, 0, 'CHAT_WRITABLE_CACHE_MS');
    whole(config.renewGraceMs, 0, 'CHAT_TOKEN_GRACE_MS');
    whole(config.renewLeadMs, 0, 'CHAT_TOKEN_RENEW_LEAD_MS');
    whole(config.recheckMs, 100, 'CHAT_RECHECK_MS');
    whole(config.catchUpLimit, 1, 'CHAT_CATCH_UP_LIMIT');
    whole(config.writeBatch, 1, 'CHAT_WRITE_BATCH');
    whole(config.videoEarlyMinutes, 0, 'CHAT_VIDEO_EARLY_MINUTES');
    whole(config.urgentMailMinutes, 1, 'CHAT_URGENT_MAIL_MINUTES');
    if (!/^https?:\/\/[^\s/]+/.test(config.siteUrl)) throw new Error('PUBLIC_SITE_URL must be the site\'s http(s) address (the urgent-message mail links to it)');
    whole(config.turn.ttlSeconds, 60, 'TURN_TTL_SECONDS');
    // The secret's value is never part of a message: only whether it is there and how long it is.
    if (config.turn.urls.length && !config.turn.secret) throw new Error('TURN_URLS is set but TURN_SECRET is not: give the static-auth-secret of the TURN server (coturn use-auth-secret)');
    if (config.turn.secret && !config.turn.urls.length) throw new Error('TURN_SECRET is set but TURN_URLS is not: give the turn: or turns: URLs of the TURN server');
    if (config.turn.secret && config.turn.secret.length < 16) throw new Error('TURN_SECRET is too short: use at least 16 random characters (openssl rand -hex 32)');
    if (config.turn.relayOnly && !config.turn.urls.length && !config.iceServers.some((s) => [s.urls].flat().some((u) => u.startsWith('turn')))) throw new Error('TURN_RELAY_ONLY=true needs a TURN server (TURN_URLS or a turn: entry in WEBRTC_ICE_SERVERS): without one no call could connect');
    if (!/^[A-Za-z0-9:_-]{1,40}$/.test(config.redisPrefix)) throw new Error('CHAT_REDIS_PREFIX must be 1 to 40 letters, digits, ":", "_" or "-"');
    if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) throw new Error('REDIS_URL must start with redis:// or rediss://');
    const partialTwilio = [config.twilio.accountSid, config.twilio.apiKeySid, config.twilio.apiKeySecret].filter(Boolean).length;
    if (partialTwilio > 0 && partialTwilio < 3) throw new Error('Twilio Video needs TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET together (or none of them for WebRTC)');
    // The master keys are read from the environment by the key service; a bad or missing value stops the start here.
    if (!keyringFromEnv('CHAT')) throw new Error('CHAT_MASTER_KEYS (or CHAT_MASTER_KEY) is not set: chat messages are encrypted at rest. `npm start` generates one into .env; see README "Chat and video"');
  },
};
