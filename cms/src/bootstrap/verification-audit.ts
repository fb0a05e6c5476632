import type { Core } from '@strapi/strapi';

const UID = 'api::therapist-profile.therapist-profile';

/**
 * Records who verified (or rejected) a therapist and when, whichever way the change is made:
 * the admin's content manager, a script or a service. Registered as a Document Service middleware
 * so it sees every write of the therapist profile.
 */
export function registerVerificationAudit(strapi: Core.Strapi) {
  strapi.documents.use(async (context: any, next: () => Promise<any>) => {
    if (context.uid !== UID || context.action !== 'update') return next();
    const data = context.params?.data;
    if (!data || !('verificationStatus' in data)) return next();

    const current = await strapi.db.query(UID).findOne({ where: { documentId: context.params.documentId }, select: ['verificationStatus'] });
    if (current && current.verificationStatus !== data.verificationStatus) {
      const actor = strapi.requestContext.get()?.state?.user as any;
      const who = actor?.email ?? actor?.username ?? 'system';
      if (data.verificationStatus === 'pending') Object.assign(data, { verifiedAt: null, verifiedBy: null });
      else Object.assign(data, { verifiedAt: new Date().toISOString(), verifiedBy: who });
    }
    return next();
  });
}
