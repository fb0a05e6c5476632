/**
 * Strapi's preview (the Content Manager's "Open preview") wired to the site. Only library resources
 * have a reader's page, so only they get a preview; every other type answers no URL, and the
 * Content Manager then shows no preview panel at all (not even "Set up preview").
 * - a draft opens the site's /library/preview/<documentId>?token=…, a token signed for that one
 *   document that expires within minutes (@haven/shared/preview);
 * - the published version opens the public page, /library/<slug>.
 * Preview is on only when PREVIEW_SECRET (the CMS and the site share it) is long enough.
 */
import type { UID } from '@strapi/strapi';
import { isPreviewSecret, signPreviewToken } from '@haven/shared/preview';

export const PREVIEWED_UID = 'api::resource.resource';

interface PreviewParams {
  documentId: string;
  locale?: string | null;
  status?: 'draft' | 'published' | null;
}

type Env = (name: string, fallback?: string) => string;

/** The site's origin from PUBLIC_SITE_URL (what the admin may frame), or null when it is not an http(s) address. */
function siteOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/** The `preview` block of cms/config/admin.ts. */
export function previewConfig(env: Env) {
  const secret = env('PREVIEW_SECRET', '');
  const site = siteOrigin(env('PUBLIC_SITE_URL', 'http://localhost:4321'));
  if (!isPreviewSecret(secret) || !site) return { enabled: false };
  return {
    enabled: true,
    config: {
      allowedOrigins: [site],
      async handler(uid: string, { documentId, status }: PreviewParams): Promise<string | null> {
        if (uid !== PREVIEWED_UID || !documentId) return null;
        if (status === 'published') {
          const published = await strapi.documents(PREVIEWED_UID as UID.ContentType).findOne({ documentId, status: 'published', fields: ['slug'] });
          const slug = published?.slug;
          return typeof slug === 'string' ? `${site}/library/${encodeURIComponent(slug)}` : null;
        }
        const token = await signPreviewToken(secret, documentId);
        return `${site}/library/preview/${encodeURIComponent(documentId)}?token=${encodeURIComponent(token)}`;
      },
    },
  };
}
