import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensureIndexes } from './db/indexes';
import { getService } from './get-service';
import { applicationActions } from './permissions';

/** The part of admin::permission's action provider this plugin uses. */
interface AdminActionProvider {
  registerMany(actions: typeof applicationActions): Promise<void>;
}

/** plugin::applications.read and .review: held by the Super Admin (who holds every registered action), by no other role unless granted. */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany(applicationActions);
}

/** The daily licence-expiry check (services/expiry.ts). */
function startExpiryCheck() {
  getService('expiry').start();
}

/** Named steps run in bootstrap(), in order. */
export default [registerAdminActions, ensureIndexes, startExpiryCheck] satisfies Step[];
