/** The plugin's id in the admin panel, as named in cms/config/plugins.ts and package.json#strapi.name. */
export const PLUGIN_ID = 'applications';
