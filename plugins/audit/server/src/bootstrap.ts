import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensureAppendOnly } from './db/append-only';
import { ensureAuditIndexes } from './db/indexes';
import { auditActions } from './permissions';

/** The part of admin::permission's action provider that audit uses. */
interface AdminActionProvider {
  registerMany(actions: typeof auditActions): Promise<void>;
}

/** The Audit log page's permission (the Super Admin holds every registered action; no other role is given it). */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used, checked where it is used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany(auditActions);
}

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [registerAdminActions, ensureAuditIndexes, ensureAppendOnly] satisfies Step[];
