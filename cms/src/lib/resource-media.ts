/**
 * Safe embeds and reading/watching time for library resources. Only YouTube and Vimeo videos
 * are embedded, always through their privacy-friendly player hosts; anything else is a plain link.
 */
import { videoEmbedFor } from '@haven/shared/media';

/** The privacy-friendly player address of a YouTube or Vimeo link (the rule the site embeds by), or null. */
export function embedUrlFor(videoUrl: string | null | undefined): string | null {
  return videoEmbedFor(videoUrl)?.src ?? null;
}

const WORDS_PER_MINUTE = 200;

/** Kinds whose length the editor gives (minutes to watch or listen); the others are read, and counted. */
export const TIMED_KINDS: ReadonlySet<string> = new Set(['video', 'audio']);

/** A resource's length in minutes: the editor's for video and audio, else the reading time of its words. */
export function lengthMinutesFor(resource: { kind?: string; body?: string | null; summary?: string | null; durationMinutes?: number | null }) {
  if (TIMED_KINDS.has(resource.kind ?? '') && resource.durationMinutes) return resource.durationMinutes;
  const words = `${resource.summary ?? ''} ${resource.body ?? ''}`.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
