/**
 * When the session room opens, as the CMS decides it (CHAT_VIDEO_EARLY_MINUTES before the start): the
 * island asks the room's access endpoint once; an early answer (409 outside-window) carries `opensAt`
 * and the server's `now`, so the countdown runs on the server's clock even when the viewer's clock is
 * wrong. At zero the room counts as open without a reload; "Join" then asks the CMS again, which has
 * the last word.
 */
import { useEffect, useState } from 'react';

export type Opening =
  | { kind: 'loading' }
  /** `skewMs`: the server's clock minus this browser's, at the answer. */
  | { kind: 'early'; opensAt: string; remainingMs: number; skewMs: number }
  | { kind: 'open' }
  /** Cancelled, unconfirmed, ended, read-only: no joining, and the CMS's words say why. */
  | { kind: 'closed'; message: string }
  | { kind: 'error'; message: string };

interface AccessError {
  error?: string;
  details?: { code?: string; opensAt?: string; now?: string } | null;
}

/** Reads one answer of GET /api/chat/video/:id into an opening state (exported for its rules). */
export function openingFrom(status: number, body: AccessError | null, clientNow = Date.now()): Opening {
  if (status >= 200 && status < 300) return { kind: 'open' };
  const details = body?.details ?? null;
  if (status === 409 && details?.code === 'outside-window' && details.opensAt) {
    const serverNow = details.now && Number.isFinite(Date.parse(details.now)) ? Date.parse(details.now) : clientNow;
    return { kind: 'early', opensAt: details.opensAt, remainingMs: Math.max(0, Date.parse(details.opensAt) - serverNow), skewMs: serverNow - clientNow };
  }
  const message = body?.error ?? 'The room could not be opened.';
  return status === 409 || status === 404 ? { kind: 'closed', message } : { kind: 'error', message };
}

/** "2 days 3 hours", "3 hours 12 minutes", "9 minutes 5 seconds", "40 seconds": the two largest units. */
export function formatRemaining(ms: number): string {
  let seconds = Math.max(0, Math.ceil(ms / 1000));
  const parts: [number, string][] = [];
  for (const [size, name] of [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ] as const) {
    parts.push([Math.floor(seconds / size), name]);
    seconds %= size;
  }
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 seconds';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${n} ${name}${n === 1 ? '' : 's'}`)
    .join(' ');
}

/** The opening state of a session's room, counting down every second while it is early. */
export function useRoomOpening(bookingId: string): Opening {
  const [opening, setOpening] = useState<Opening>({ kind: 'loading' });

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    fetch(`/api/chat/video/${encodeURIComponent(bookingId)}`, { credentials: 'same-origin', cache: 'no-store' })
      .then(async (res) => openingFrom(res.status, (await res.json().catch(() => null)) as AccessError | null))
      .catch((): Opening => ({ kind: 'error', message: 'The room could not be reached. Check your connection and reload the page.' }))
      .then((first) => {
        if (stopped) return;
        setOpening(first);
        if (first.kind !== 'early') return;
        // The wall clock corrected by the server's offset: it goes on while a laptop sleeps (a
        // monotonic timer may not), and a wrong clock on this computer does not move the opening.
        const opensAt = Date.parse(first.opensAt);
        const tick = () => {
          const remainingMs = opensAt - (Date.now() + first.skewMs);
          if (remainingMs <= 0) {
            clearInterval(timer);
            setOpening({ kind: 'open' });
          } else setOpening({ ...first, remainingMs });
        };
        timer = setInterval(tick, 1000);
        tick();
      });
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [bookingId]);

  return opening;
}
