/**
 * Admin panel part of the applications plugin. Strapi's admin build (vite) bundles this file directly
 * through package.json#exports["./strapi-admin"]. Pages are added with their permissions.
 */
import type { StrapiApp } from '@strapi/strapi/admin';
import { PLUGIN_ID } from './pluginId';

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap() {},

  /** Every message carries its English defaultMessage; other locales fall back to it. */
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
