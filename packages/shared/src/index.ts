/** Modules safe for both the site and the plugins (no Strapi, no Node-only APIs). Server helpers: `@haven/shared/strapi`. */
export * from './errors';
export * from './validation';
