import { describe, expect, it } from 'vitest';
import { VIDEO_FRAME_HOSTS, videoEmbedFor } from '../media';

const YT = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
const VIMEO = 'https://player.vimeo.com/video/76979871?dnt=1';

describe('videoEmbedFor', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', YT],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ&t=42', YT],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', YT],
    ['https://youtu.be/dQw4w9WgXcQ', YT],
    ['https://youtu.be/dQw4w9WgXcQ/', YT],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', YT],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', YT],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', YT],
    ['https://vimeo.com/76979871', VIMEO],
    ['https://player.vimeo.com/video/76979871', VIMEO],
    ['https://vimeo.com/channels/staffpicks/76979871/', VIMEO],
  ])('embeds %s through the privacy-friendly player', (url, src) => {
    expect(videoEmbedFor(url)?.src).toBe(src);
  });

  it.each([
    null,
    '',
    'not a url',
    'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://evil.example/watch?v=dQw4w9WgXcQ',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://user:pass@youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
    'https://www.youtube.com/embed/dQw4w9WgXcQ/extra',
    'https://vimeo.com/123',
    'javascript:alert(1)',
    `https://youtu.be/${'a'.repeat(600)}`,
  ])('refuses %s', (url) => {
    expect(videoEmbedFor(url)).toBeNull();
  });

  it('names exactly the hosts it embeds from', () => {
    const hosts = new Set([videoEmbedFor('https://youtu.be/dQw4w9WgXcQ')!.src, videoEmbedFor('https://vimeo.com/76979871')!.src].map((src) => new URL(src).origin));
    expect([...hosts].sort()).toEqual([...VIDEO_FRAME_HOSTS].sort());
  });
});
