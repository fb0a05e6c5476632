import type { Core } from '@strapi/strapi';
import { seedSiteRoles, configureSignUp } from './bootstrap/site-roles';
import { seedStaffRoles } from './bootstrap/admin-roles';
import { seedDemo, shouldSeedDemo } from './bootstrap/demo-seed';
import { registerVerificationAudit } from './bootstrap/verification-audit';
import { registerResourceFields } from './bootstrap/resource-fields';
import { keepLegacyResourceFields, migrateLegacyTags } from './bootstrap/resource-migration';
import { applyContentManagerTexts } from './bootstrap/content-manager-labels';
import { seedCategories } from './bootstrap/categories';
import { refuseDemoAccountsInPublic } from './bootstrap/demo-guard';
import { refuseConnectMethod } from './bootstrap/connect-method';
import { installPasswordHashing, uninstallPasswordHashing } from './lib/security/password-hashing';
import { cheapenAuthentication } from './lib/security/auth-cost';
import { takeStartupLock, type StartupLock } from './lib/db/startup-lock';
import { startJobEngine, stopJobEngine } from './bootstrap/jobs';
import { closeSharedLimits, connectSharedLimits } from './bootstrap/shared-limits';

// Held from register (before Strapi's schema sync) to the end of bootstrap: on PostgreSQL, processes
// that start together start one after another (lib/db/startup-lock.ts).
let startupLock: StartupLock | null = null;
async function releaseStartupLock() {
  await startupLock?.release();
  startupLock = null;
}

export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    startupLock = await takeStartupLock(strapi);
    // Before the plugins' bootstrap: their workers ask for the engine when they start.
    await startJobEngine(strapi);
    installPasswordHashing();
    registerVerificationAudit(strapi);
    registerResourceFields(strapi);
    keepLegacyResourceFields(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await connectSharedLimits(strapi.log);
    await refuseDemoAccountsInPublic(strapi, shouldSeedDemo());
    refuseConnectMethod(strapi);
    cheapenAuthentication(strapi);
    await seedSiteRoles(strapi);
    await configureSignUp(strapi);
    await seedStaffRoles(strapi);
    await seedCategories(strapi);
    await migrateLegacyTags(strapi);
    await applyContentManagerTexts(strapi);
    if (shouldSeedDemo()) await seedDemo(strapi);
    await releaseStartupLock();
  },

  async destroy() {
    // A start that failed before the end of bootstrap still holds the lock (in-process tests go on running).
    await releaseStartupLock();
    // After the plugins' destroy: their workers have stopped.
    await stopJobEngine();
    await uninstallPasswordHashing();
    await closeSharedLimits();
  },
};
