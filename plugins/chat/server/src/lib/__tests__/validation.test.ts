import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '@haven/shared/chat';
import { bodyProblem, messagesQuery, rtcSignal, sendMessage } from '../validation';
import { parseIceServers } from '../ice-servers';

describe('message bodies', () => {
  it('accepts text up to the limit and refuses longer, empty, non-text and broken text with their own codes', () => {
    expect(bodyProblem('hello')).toBeNull();
    expect(bodyProblem('x'.repeat(MAX_MESSAGE_CHARS))).toBeNull();
    expect(bodyProblem('x'.repeat(MAX_MESSAGE_CHARS + 1))?.code).toBe('too-large');
    expect(bodyProblem('   \n ')?.code).toBe('invalid');
    expect(bodyProblem(42)?.code).toBe('invalid');
    expect(bodyProblem({ toString: () => 'x' })?.code).toBe('invalid');
    expect(bodyProblem('lone \ud800 surrogate')?.code).toBe('invalid');
  });

  it('a send names a conversation id and an optional retry id; unknown fields are refused', () => {
    expect(sendMessage.safeParse({ conversationId: 'abc123', body: 'hi', clientId: 'a_b-1' }).success).toBe(true);
    expect(sendMessage.safeParse({ conversationId: 'ABC', body: 'hi' }).success).toBe(false);
    expect(sendMessage.safeParse({ conversationId: 'abc', body: 'hi', clientId: 'a b' }).success).toBe(false);
    expect(sendMessage.safeParse({ conversationId: 'abc', body: 'hi', extra: 1 }).success).toBe(false);
  });
});

describe('history paging', () => {
  it('reads whole numbers in range only', () => {
    expect(messagesQuery.parse({ before: '10', limit: '20' })).toEqual({ before: 10, limit: 20 });
    expect(messagesQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(messagesQuery.safeParse({ before: '0' }).success).toBe(false);
    expect(messagesQuery.safeParse({ before: '1e3' }).success).toBe(false);
    expect(messagesQuery.safeParse({ sort: 'x' }).success).toBe(false);
  });
});

describe('WebRTC signals', () => {
  it('relays offers, answers and candidates only in their own shapes', () => {
    expect(rtcSignal.safeParse({ bookingId: 'b1', signal: { type: 'offer', sdp: 'v=0' } }).success).toBe(true);
    expect(rtcSignal.safeParse({ bookingId: 'b1', signal: { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } } }).success).toBe(true);
    expect(rtcSignal.safeParse({ bookingId: 'b1', signal: { type: 'candidate', candidate: null } }).success).toBe(true);
    expect(rtcSignal.safeParse({ bookingId: 'b1', signal: { type: 'bye' } }).success).toBe(false);
    expect(rtcSignal.safeParse({ bookingId: 'b1', signal: { type: 'offer', sdp: 'x'.repeat(70_000) } }).success).toBe(false);
  });
});

describe('WEBRTC_ICE_SERVERS', () => {
  it('reads a JSON list with credentials or a comma-separated list of URLs', () => {
    expect(parseIceServers('')).toEqual([]);
    expect(parseIceServers('stun:stun.example.org:3478, turns:turn.example.org:5349')).toEqual([{ urls: 'stun:stun.example.org:3478' }, { urls: 'turns:turn.example.org:5349' }]);
    expect(parseIceServers('[{"urls":["turn:t.example.org:3478"],"username":"u","credential":"p"}]')).toEqual([{ urls: ['turn:t.example.org:3478'], username: 'u', credential: 'p' }]);
  });

  it('stops the start with a clear message on anything else', () => {
    expect(() => parseIceServers('[{"urls":"http://x"}]')).toThrow(/WEBRTC_ICE_SERVERS: 0.urls must be a stun:/);
    expect(() => parseIceServers('[not json')).toThrow(/not valid JSON/);
    expect(() => parseIceServers('https://stun.example.org')).toThrow(/stun:/);
  });
});
