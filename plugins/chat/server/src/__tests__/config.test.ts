import { describe, expect, it } from 'vitest';
import config from '../config';
import { EVENT_BUDGETS } from '../realtime/limits';

const build = (values: Record<string, string>) => config.default({ env: (key: string, fallback = '') => values[key] ?? fallback });
// Only the budget and lifetime checks are under test: the master key check (last) is given a key.
const KEY = { CHAT_MASTER_KEY: `1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('chat budgets and lifetimes from the environment', () => {
  it('has the documented defaults', () => {
    expect(build({})).toMatchObject({ ratePoints: 30, typingPoints: 30, readPoints: 60, syncPoints: 5, presencePoints: 10, signalPoints: 300, rateWindowSeconds: 10, writableDays: 30, writableCacheMs: 15000 });
  });

  it('reads every setting', () => {
    const c = build({ CHAT_RATE_LIMIT_READS: '5', CHAT_RATE_LIMIT_SYNC: '2', CHAT_RATE_LIMIT_PRESENCE: '3', CHAT_RATE_LIMIT_SIGNALS: '40', CHAT_WRITABLE_DAYS: '7', CHAT_WRITABLE_CACHE_MS: '0' });
    expect(c).toMatchObject({ readPoints: 5, syncPoints: 2, presencePoints: 3, signalPoints: 40, writableDays: 7, writableCacheMs: 0 });
  });

  it('mails about urgent messages at most once an hour per conversation by default, linking to the site', () => {
    expect(build({})).toMatchObject({ urgentMailMinutes: 60, siteUrl: 'http://localhost:4321' });
    expect(build({ CHAT_URGENT_MAIL_MINUTES: '15', PUBLIC_SITE_URL: 'https://haven.example/' })).toMatchObject({ urgentMailMinutes: 15, siteUrl: 'https://haven.example' });
  });

  const bad: [string, string, RegExp][] = [
    ['CHAT_URGENT_MAIL_MINUTES', '0', /CHAT_URGENT_MAIL_MINUTES must be a whole number, 1 or more/],
    ['PUBLIC_SITE_URL', 'haven.example', /PUBLIC_SITE_URL must be the site's http\(s\) address/],
    ['CHAT_RATE_LIMIT_READS', '0', /CHAT_RATE_LIMIT_READS must be a whole number, 1 or more/],
    ['CHAT_RATE_LIMIT_SYNC', 'ten', /CHAT_RATE_LIMIT_SYNC/],
    ['CHAT_RATE_LIMIT_PRESENCE', '2.5', /CHAT_RATE_LIMIT_PRESENCE/],
    ['CHAT_RATE_LIMIT_SIGNALS', '-1', /CHAT_RATE_LIMIT_SIGNALS/],
    ['CHAT_WRITABLE_DAYS', '-3', /CHAT_WRITABLE_DAYS must be a whole number, 0 or more/],
    ['CHAT_WRITABLE_DAYS', '30 days', /CHAT_WRITABLE_DAYS/],
    ['CHAT_WRITABLE_CACHE_MS', '1e3', /CHAT_WRITABLE_CACHE_MS/],
  ];
  for (const [name, value, message] of bad) {
    it(`stops the start on ${name}=${JSON.stringify(value)}`, () => {
      expect(() => config.validator(build({ [name]: value }))).toThrow(message);
    });
  }

  it('accepts a valid configuration', () => {
    const saved = process.env.CHAT_MASTER_KEY;
    const savedList = process.env.CHAT_MASTER_KEYS;
    process.env.CHAT_MASTER_KEY = KEY.CHAT_MASTER_KEY;
    delete process.env.CHAT_MASTER_KEYS;
    try {
      expect(() => config.validator(build({ CHAT_WRITABLE_DAYS: '0', CHAT_RATE_LIMIT_SYNC: '1' }))).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.CHAT_MASTER_KEY;
      else process.env.CHAT_MASTER_KEY = saved;
      if (savedList !== undefined) process.env.CHAT_MASTER_KEYS = savedList;
    }
  });

  it('gives every client event of the protocol a budget', () => {
    const events = ['message:send', 'sync', 'typing', 'message:read', 'auth:token', 'presence:query', 'rtc:join', 'rtc:leave', 'rtc:signal'];
    expect(Object.keys(EVENT_BUDGETS).sort()).toEqual([...events].sort());
  });
});
