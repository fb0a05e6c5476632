/**
 * The file types Haven accepts, decided from the bytes (file-type), never from the name or the
 * type the client declares. Images are decoded and encoded again; other media are kept as bytes
 * but named by what they are.
 */
export interface Format {
  mime: string;
  ext: string;
  kind: 'image' | 'media';
}

export const IMAGE_FORMATS: Record<string, Format> = {
  'image/png': { mime: 'image/png', ext: 'png', kind: 'image' },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg', kind: 'image' },
  'image/webp': { mime: 'image/webp', ext: 'webp', kind: 'image' },
  'image/gif': { mime: 'image/gif', ext: 'gif', kind: 'image' },
};

/** Library media besides images: worksheets, audio, video. */
export const MEDIA_FORMATS: Record<string, Format> = {
  'application/pdf': { mime: 'application/pdf', ext: 'pdf', kind: 'media' },
  'audio/mpeg': { mime: 'audio/mpeg', ext: 'mp3', kind: 'media' },
  'audio/mp4': { mime: 'audio/mp4', ext: 'm4a', kind: 'media' },
  'audio/x-m4a': { mime: 'audio/mp4', ext: 'm4a', kind: 'media' },
  'audio/ogg': { mime: 'audio/ogg', ext: 'ogg', kind: 'media' },
  'audio/wav': { mime: 'audio/wav', ext: 'wav', kind: 'media' },
  'audio/x-wav': { mime: 'audio/wav', ext: 'wav', kind: 'media' },
  'video/mp4': { mime: 'video/mp4', ext: 'mp4', kind: 'media' },
  'video/webm': { mime: 'video/webm', ext: 'webm', kind: 'media' },
};

export type UploadPolicy = 'images' | 'media';

export function allowedFormat(mime: string | undefined, policy: UploadPolicy): Format | null {
  if (!mime) return null;
  return IMAGE_FORMATS[mime] ?? (policy === 'media' ? MEDIA_FORMATS[mime] ?? null : null);
}

export function describePolicy(policy: UploadPolicy): string {
  return policy === 'images' ? 'a PNG, JPEG, WebP or GIF image' : 'a PNG, JPEG, WebP or GIF image, a PDF, MP3, M4A, OGG or WAV audio file, or an MP4 or WebM video';
}

/** Extensions served inline from /uploads (raster images, and Strapi's generated formats of them). */
export const INLINE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'avif']);
/** Extensions served as attachments but with their own type (players and viewers need it). */
export const DOWNLOAD_EXTENSIONS = new Set(['pdf', 'mp3', 'm4a', 'ogg', 'wav', 'mp4', 'webm']);
