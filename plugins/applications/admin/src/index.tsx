/**
 * Admin panel part of the applications plugin: the Therapist applications page. Strapi's admin build
 * (vite) bundles this file directly through package.json#exports["./strapi-admin"].
 */
import { SealCheck } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

export default {
  register(app: StrapiApp) {
    // Shown only to admin users holding plugin::applications.read (the menu filters on `permissions`).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: SealCheck,
      intlLabel: { id: `${PLUGIN_ID}.menu.applications`, defaultMessage: 'Therapist applications' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap() {},

  /** Every message carries its English defaultMessage; other locales fall back to it. */
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
