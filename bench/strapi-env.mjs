// Environment for a throwaway Strapi in a bench target: fresh secrets every run, no telemetry,
// no start-up banner. Shared by the bench targets so that each sets only what is its own.
import crypto from 'node:crypto';

const random = () => crypto.randomBytes(24).toString('base64');

export function applyBenchStrapiEnv(database, own = {}) {
  Object.assign(process.env, {
    NODE_ENV: process.env.NODE_ENV || 'development',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_LOG: 'false',
    APP_KEYS: [random(), random()].join(','),
    JWT_SECRET: random(),
    ADMIN_JWT_SECRET: random(),
    API_TOKEN_SALT: random(),
    TRANSFER_TOKEN_SALT: random(),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    WELLNESS_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    DATABASE_CLIENT: database,
    PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL || 'http://localhost:4321',
    ...own,
  });
}
