import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { accountsActions } from './permissions';

/** The part of admin::permission's action provider that accounts uses. */
interface AdminActionProvider {
  registerMany(actions: typeof accountsActions): Promise<void>;
}

/** The Accounts page's permissions (the Super Admin holds every registered action; no other role is given them). */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used, checked where it is used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany(accountsActions);
}

/** Named steps run in bootstrap(), in order. */
export default [registerAdminActions] satisfies Step[];
