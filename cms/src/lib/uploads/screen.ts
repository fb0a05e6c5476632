import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { errors } from '@strapi/utils';
import { allowedFormat, describePolicy, type Format, type UploadPolicy } from './formats';

/**
 * Screens an uploaded file before Strapi's upload service stores it, whoever calls the service
 * (the media library, Strapi's upload routes, Haven's avatar route): what the file is comes from
 * its bytes; only the formats in formats.ts pass; images are decoded and encoded again by sharp,
 * which drops every piece of metadata (EXIF GPS position, camera, comments) and anything hidden
 * after the image data; the stored name carries the detected extension and the stored type is
 * the detected one. The client's name, extension and declared type count for nothing.
 */

/** The fields of a formidable file (koa-body) that Strapi's upload service reads. */
export interface IncomingFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
  /** Read by Strapi's upload service before the declared type. */
  detectedMimeType?: string;
}

interface FileTypeModule {
  fileTypeFromFile(file: string): Promise<{ ext: string; mime: string } | undefined>;
}
// file-type is ESM-only; Node 24 loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fileType = (): FileTypeModule => require('file-type') as FileTypeModule;

/** Larger images are refused before they are decoded (a small file can unpack to gigabytes). */
export const MAX_IMAGE_PIXELS = 40_000_000;

const screened = new WeakSet<object>();

export async function screenUpload(file: IncomingFile, policy: UploadPolicy): Promise<Format> {
  if (!file || typeof file.filepath !== 'string') throw new errors.ValidationError('No file was received');
  const detected = await fileType().fileTypeFromFile(file.filepath).catch(() => undefined);
  const format = allowedFormat(detected?.mime, policy);
  if (!format) {
    throw new errors.ValidationError(`This file is not accepted: send ${describePolicy(policy)}`, { detected: detected?.mime ?? 'unknown' });
  }
  if (screened.has(file)) return format;
  if (format.kind === 'image') await reencode(file, format);
  file.originalFilename = `${safeBaseName(file.originalFilename)}.${format.ext}`;
  file.mimetype = format.mime;
  file.detectedMimeType = format.mime;
  screened.add(file);
  return format;
}

export async function screenUploads(files: IncomingFile | IncomingFile[] | undefined | null, policy: UploadPolicy) {
  for (const file of Array.isArray(files) ? files : files ? [files] : []) await screenUpload(file, policy);
}

async function reencode(file: IncomingFile, format: Format) {
  const animated = format.ext === 'gif' || format.ext === 'webp';
  const output = `${file.filepath}.clean`;
  try {
    let image = sharp(file.filepath, { animated, limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    // Turn the pixels upright by their EXIF orientation before the EXIF block goes.
    if (!animated) image = image.rotate();
    if (format.ext === 'png') image = image.png();
    else if (format.ext === 'jpg') image = image.jpeg({ quality: 88 });
    else if (format.ext === 'webp') image = image.webp({ quality: 88 });
    else image = image.gif();
    // sharp writes no metadata unless asked to (no keepMetadata/withMetadata here).
    await image.toFile(output);
    await fs.rename(output, file.filepath);
    file.size = (await fs.stat(file.filepath)).size;
  } catch (error) {
    await fs.rm(output, { force: true });
    const message = (error as Error).message ?? '';
    if (message.includes('pixel limit')) throw new errors.ValidationError(`The image is too large: at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`);
    throw new errors.ValidationError('The image could not be read: it is damaged or not really an image');
  }
}

/** The client's file name without its extension, reduced to letters, digits, spaces, - and _. */
export function safeBaseName(name: string | null | undefined): string {
  const base = path.basename(String(name ?? ''), path.extname(String(name ?? '')));
  let out = '';
  for (const char of base.normalize('NFKC')) {
    if (out.length >= 80) break;
    const code = char.codePointAt(0) ?? 0;
    const safe = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || char === '-' || char === '_' || char === ' ';
    out += safe ? char : '_';
  }
  out = out.trim();
  return out.length ? out : 'file';
}
