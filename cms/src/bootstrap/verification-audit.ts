import type { Core } from '@strapi/strapi';
import { useDocumentMiddleware } from '@haven/shared/server/strapi';

const UID = 'api::therapist-profile.therapist-profile';

/**
 * Records who verified (or rejected) a therapist and when, whichever way the change is made:
 * the admin's content manager, a script or a service. Registered as a Document Service middleware
 * so it sees every write of the therapist profile.
 */
export function registerVerificationAudit(strapi: Core.Strapi) {
  useDocumentMiddleware(strapi, async (context, next) => {
    if (context.uid !== UID || context.action !== 'update') return next();
    const data = context.params?.data;
    if (!data || !('verificationStatus' in data)) return next();

    const current = await strapi.db.query(UID).findOne({ where: { documentId: context.params?.documentId }, select: ['verificationStatus'] });
    if (current && current.verificationStatus !== data.verificationStatus) {
      const actor: { email?: string; username?: string } | undefined = strapi.requestContext.get()?.state?.user;
      const who = actor?.email ?? actor?.username ?? 'system';
      if (data.verificationStatus === 'pending') Object.assign(data, { verifiedAt: null, verifiedBy: null });
      else Object.assign(data, { verifiedAt: new Date().toISOString(), verifiedBy: who });
    }
    return next();
  });
}
