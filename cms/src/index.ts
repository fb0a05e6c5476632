import type { Core } from '@strapi/strapi';
import { seedSiteRoles, configureSignUp } from './bootstrap/site-roles';
import { seedStaffRoles } from './bootstrap/admin-roles';
import { seedDemo, shouldSeedDemo } from './bootstrap/demo-seed';
import { registerVerificationAudit } from './bootstrap/verification-audit';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerVerificationAudit(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedSiteRoles(strapi);
    await configureSignUp(strapi);
    await seedStaffRoles(strapi);
    if (shouldSeedDemo()) await seedDemo(strapi);
  },
};
