/**
 * Admin panel part of the payments plugin: the Payments page. Strapi's admin build (vite) bundles
 * this file directly through package.json#exports["./strapi-admin"].
 */
import { PriceTag } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

export default {
  register(app: StrapiApp) {
    // Shown only to admin users holding plugin::payments.payments.read (the menu filters on `permissions`).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PriceTag,
      intlLabel: { id: `${PLUGIN_ID}.menu.payments`, defaultMessage: 'Payments' },
      permissions: PERMISSIONS.read,
      position: 5,
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
