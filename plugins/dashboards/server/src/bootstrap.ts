import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { dashboardActions } from './permissions';

/** The part of admin::permission's action provider that dashboards uses. */
interface AdminActionProvider {
  registerMany(actions: typeof dashboardActions): Promise<void>;
}

/** plugin::dashboards.read: held by the Super Admin (who holds every registered action), by no other role unless granted. */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used, checked where it is used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany(dashboardActions);
}

/** Named steps run in bootstrap(), in order. */
export default [registerAdminActions] satisfies Step[];
