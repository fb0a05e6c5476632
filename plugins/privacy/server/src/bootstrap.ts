import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensureExportIndexes } from './db/export-jobs';
import { getService } from './get-service';
import { erasureActions } from './lib/erasure-permissions';
import { exportActions } from './lib/export-permissions';

/** The part of admin::permission's action provider this plugin uses. */
interface AdminActionProvider {
  registerMany(actions: { section: string; displayName: string; uid: string; pluginName: string }[]): Promise<void>;
}

/** plugin::privacy.* admin actions: held by the Super Admin (who holds every registered action), by no other role unless granted. */
async function registerAdminActions(strapi: Core.Strapi) {
  // Strapi types its services as open records; this names the one member used.
  const actionProvider: AdminActionProvider = strapi.service('admin::permission').actionProvider;
  await actionProvider.registerMany([
    ...exportActions,
    ...erasureActions,
  ]);
}

/** The export worker (services/exports.ts): builds queued archives in the background. */
function startExportWorker() {
  getService('exports').start();
}

/** The erasure worker (services/erasure.ts): runs due erasure requests, one process per request. */
function startErasureWorker() {
  getService('erasure').start();
}

/** Deletes erased people's kept sessions and payments once their retention ends (services/retention.ts), daily. */
function startRetention() {
  getService('retention').start();
}

/** Named steps run in bootstrap(), in order. */
export default [
  registerAdminActions,
  ensureExportIndexes,
  startExportWorker,
  startErasureWorker,
  startRetention,
] satisfies Step[];
