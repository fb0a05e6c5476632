/**
 * How big a request body each route may send, checked from Content-Length before anything is read
 * or parsed. Routes not listed take DEFAULT_JSON_BYTES (the body parser's own JSON limit) and no
 * multipart at all. A plugin route that needs more (a file upload, say) adds a line here.
 */
const KB = 1024;
const MB = 1024 * KB;

/** The largest media-library upload (editors' covers, audio, video, worksheets). */
export const uploadMaxBytes = () => Number(process.env.UPLOAD_MAX_BYTES || 100 * MB);

export const DEFAULT_JSON_BYTES = 256 * KB;

export interface BodyLimit {
  bytes: number;
  /** Whether the route takes multipart/form-data (files). */
  multipart?: boolean;
}

/** Exact routes ("METHOD /path", lower case, no trailing slash). */
const EXACT: Record<string, BodyLimit> = {
  // Sign-up, log-in and password routes take a few short fields.
  'POST /api/auth/local': { bytes: 8 * KB },
  'POST /api/auth/local/register': { bytes: 16 * KB },
  'POST /api/auth/forgot-password': { bytes: 4 * KB },
  'POST /api/auth/reset-password': { bytes: 8 * KB },
  'POST /api/auth/change-password': { bytes: 8 * KB },
  'POST /api/auth/send-email-confirmation': { bytes: 4 * KB },
  'POST /api/auth/refresh': { bytes: 8 * KB },
  'POST /api/auth/logout': { bytes: 8 * KB },
  'POST /admin/login': { bytes: 8 * KB },
  'POST /admin/register': { bytes: 16 * KB },
  'POST /admin/register-admin': { bytes: 16 * KB },
  'POST /admin/forgot-password': { bytes: 4 * KB },
  'POST /admin/reset-password': { bytes: 8 * KB },
  'POST /admin/access-token': { bytes: 8 * KB },
  'POST /admin/logout': { bytes: 8 * KB },
  'PUT /admin/users/me': { bytes: 16 * KB },
  // Haven's own profile routes.
  'PUT /api/profiles/me': { bytes: 16 * KB },
  'PUT /api/therapist-profiles/me': { bytes: 64 * KB },
  // Payments: a checkout names a booking and a provider.
  'POST /api/payments/checkout': { bytes: 4 * KB },
  // An avatar is at most 2 MB (the controller says so precisely); this leaves room for the multipart framing.
  'POST /api/profiles/me/avatar': { bytes: 3 * MB, multipart: true },
  // A therapist's licence document is at most 5 MB (the applications plugin says so precisely); room for the framing.
  'POST /api/applications/mine/document': { bytes: 5 * MB + 64 * KB, multipart: true },
};

/** The media library (admin) and Strapi's content-API upload route. */
const UPLOAD_ROUTES = new Set(['POST /upload', 'POST /api/upload']);

export function bodyLimitFor(routeKey: string): BodyLimit {
  const exact = EXACT[routeKey];
  if (exact) return exact;
  const replacing = routeKey.startsWith('POST /upload/files/') && routeKey.endsWith('/replace');
  if (UPLOAD_ROUTES.has(routeKey) || replacing) return { bytes: uploadMaxBytes() + MB, multipart: true };
  return { bytes: DEFAULT_JSON_BYTES };
}
