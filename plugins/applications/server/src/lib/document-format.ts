/**
 * What a licence document may be: a PDF, a JPEG or a PNG of at most 5 MB, decided from its bytes
 * (file-type, as the CMS's uploads are screened), never from its name or declared type.
 */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export interface DocumentFormat {
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  ext: 'pdf' | 'jpg' | 'png';
}

const FORMATS: Record<string, DocumentFormat> = {
  'application/pdf': { mime: 'application/pdf', ext: 'pdf' },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg' },
  'image/png': { mime: 'image/png', ext: 'png' },
};

export const DOCUMENT_FORMATS_TEXT = 'a PDF, JPEG or PNG file of at most 5 MB';

/** The accepted format of a detected type, or null. */
export const acceptedFormat = (detectedMime: string | undefined): DocumentFormat | null => (detectedMime ? FORMATS[detectedMime] ?? null : null);

interface FileTypeModule {
  fileTypeFromBuffer(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined>;
}
// file-type is ESM-only; Node 24 loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fileType = (): FileTypeModule => require('file-type') as FileTypeModule;

/** The format the bytes really are, when it is one a licence document may be. */
export async function sniffDocument(bytes: Uint8Array): Promise<DocumentFormat | null> {
  const detected = await fileType().fileTypeFromBuffer(bytes).catch(() => undefined);
  return acceptedFormat(detected?.mime);
}

/** The applicant's file name reduced to letters, digits, '-', '_' and spaces, with the detected extension. */
export function storedName(original: string | null | undefined, format: DocumentFormat): string {
  // The last path segment (a browser may send one), without its extension; no regex on what people send.
  const given = String(original ?? '').slice(0, 1000);
  const segment = given.slice(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
  const dot = segment.lastIndexOf('.');
  const raw = dot > 0 ? segment.slice(0, dot) : dot === 0 ? '' : segment;
  let base = '';
  for (const char of raw.normalize('NFKC')) {
    if (base.length >= 80) break;
    base += /[A-Za-z0-9 _-]/.test(char) ? char : '_';
  }
  base = base.trim();
  return `${base || 'licence'}.${format.ext}`;
}
