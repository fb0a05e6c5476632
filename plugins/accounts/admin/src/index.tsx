/**
 * Admin panel part of the accounts plugin: the Accounts page (super admins). Strapi's admin build
 * (vite) bundles this file directly through package.json#exports["./strapi-admin"].
 */
import { User } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

export default {
  register(app: StrapiApp) {
    // Shown only to admin users holding plugin::accounts.read (the menu filters on `permissions`).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: User,
      intlLabel: { id: `${PLUGIN_ID}.menu.accounts`, defaultMessage: 'Accounts' },
      permissions: PERMISSIONS.read,
      position: 7,
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
