import type { StrapiApp } from '@strapi/strapi/admin';

/**
 * Admin panel customisation: no tutorials, and no release notifications (the admin would otherwise
 * call GitHub from staff browsers; Haven keeps staff traffic to its own servers).
 */
export default {
  config: {
    locales: [],
    tutorials: false,
    notifications: { releases: false },
  },
  bootstrap(_app: StrapiApp) {},
};
