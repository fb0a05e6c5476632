/**
 * Safe embeds and reading/watching time for library resources. Only YouTube and Vimeo videos
 * are embedded, always through their privacy-friendly player hosts; anything else is a plain link.
 */
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{6,12}$/;

export function embedUrlFor(videoUrl: string | null | undefined): string | null {
  if (!videoUrl) return null;
  let url: URL;
  try {
    url = new URL(videoUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.replace(/^www\.|^m\./, '');
  let id: string | null = null;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    id = url.pathname === '/watch' ? url.searchParams.get('v') : url.pathname.match(/^\/(?:embed|shorts)\/([^/]+)/)?.[1] ?? null;
    return id && YOUTUBE_ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  }
  if (host === 'youtu.be') {
    id = url.pathname.slice(1);
    return YOUTUBE_ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    id = url.pathname.match(/(\d{6,12})$/)?.[1] ?? null;
    return id && VIMEO_ID.test(id) ? `https://player.vimeo.com/video/${id}?dnt=1` : null;
  }
  return null;
}

const WORDS_PER_MINUTE = 200;

/** Minutes to read (text kinds) or watch/listen (video, audio: the editor's duration). */
export function timeMinutesFor(resource: { kind?: string; body?: string | null; summary?: string | null; durationMinutes?: number | null }) {
  if ((resource.kind === 'video' || resource.kind === 'audio') && resource.durationMinutes) return resource.durationMinutes;
  const words = `${resource.summary ?? ''} ${resource.body ?? ''}`.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
