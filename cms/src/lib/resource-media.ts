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

/** Minutes to read (text kinds) or watch/listen (video, audio: the editor's duration). */
export function timeMinutesFor(resource: { kind?: string; body?: string | null; summary?: string | null; durationMinutes?: number | null }) {
  if ((resource.kind === 'video' || resource.kind === 'audio') && resource.durationMinutes) return resource.durationMinutes;
  const words = `${resource.summary ?? ''} ${resource.body ?? ''}`.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
