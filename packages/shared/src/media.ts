/**
 * Safe video embeds for library resources. Only YouTube and Vimeo are embedded, always through their
 * privacy-friendly players (youtube-nocookie.com; Vimeo with dnt=1); any other address is a plain
 * link. The CMS refuses a resource whose video address has no embed; the site embeds by the same rule.
 */
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{6,12}$/;
export const VIDEO_URL_MAX = 500;

export interface VideoEmbed {
  provider: 'YouTube' | 'Vimeo';
  src: string;
}

/** The player address for a YouTube or Vimeo link, or null for anything else. */
export function videoEmbedFor(videoUrl: string | null | undefined): VideoEmbed | null {
  if (!videoUrl || typeof videoUrl !== 'string' || videoUrl.length > VIDEO_URL_MAX) return null;
  let url: URL;
  try {
    url = new URL(videoUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase().replace(/^(?:www|m)\./, '');
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const id = url.pathname === '/watch' ? url.searchParams.get('v') : (url.pathname.match(/^\/(?:embed|shorts)\/([^/]+)\/?$/)?.[1] ?? null);
    return id && YOUTUBE_ID.test(id) ? { provider: 'YouTube', src: `https://www.youtube-nocookie.com/embed/${id}` } : null;
  }
  if (host === 'youtu.be') {
    const id = url.pathname.slice(1).replace(/\/$/, '');
    return YOUTUBE_ID.test(id) ? { provider: 'YouTube', src: `https://www.youtube-nocookie.com/embed/${id}` } : null;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = url.pathname.match(/\/(\d{6,12})\/?$/)?.[1] ?? null;
    return id && VIMEO_ID.test(id) ? { provider: 'Vimeo', src: `https://player.vimeo.com/video/${id}?dnt=1` } : null;
  }
  return null;
}

/** The frame hosts a Content-Security-Policy must allow: exactly the two players above. */
export const VIDEO_FRAME_HOSTS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'];
