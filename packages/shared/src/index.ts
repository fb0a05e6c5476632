/** Modules safe for both the site and the plugins (no Strapi, no Node-only APIs). Server only: `@haven/shared/strapi`, `@haven/shared/envelope`. */
export * from './errors';
export * from './validation';
