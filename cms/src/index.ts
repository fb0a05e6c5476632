import type { Core } from '@strapi/strapi';
import { seedSiteRoles, configureSignUp } from './bootstrap/site-roles';
import { seedStaffRoles } from './bootstrap/admin-roles';
import { seedDemo, shouldSeedDemo } from './bootstrap/demo-seed';
import { registerVerificationAudit } from './bootstrap/verification-audit';
import { registerResourceFields } from './bootstrap/resource-fields';
import { seedCategories } from './bootstrap/categories';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerVerificationAudit(strapi);
    registerResourceFields(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedSiteRoles(strapi);
    await configureSignUp(strapi);
    await seedStaffRoles(strapi);
    await seedCategories(strapi);
    if (shouldSeedDemo()) await seedDemo(strapi);
  },
};
