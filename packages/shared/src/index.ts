/**
 * Modules safe for both the site and the plugins (no Strapi, no Node-only APIs). Server helpers:
 * `@haven/shared/strapi`, `@haven/shared/db`,
 * `@haven/shared/envelope`. Browser code should import a subpath (`@haven/shared/library`, …) so that
 * it bundles only what it uses.
 */
export * from './errors';
export * from './validation';
export * from './html';
export * from './ids';
export * from './locale';
export * from './media';
export * from './library';
export * from './community';
export * from './text';
export * from './wellness';
