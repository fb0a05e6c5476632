/**
 * The environment of CMS processes a test starts by themselves (not beside a startHaven): fresh
 * secrets shared by all of them, as `npm start` gives its CMS_PROCESSES workers, on `database`.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { strapiSecrets } from '../../bench/lib/strapi.mjs';
import type { HavenDatabase } from './haven';

const key = () => `1:${crypto.randomBytes(32).toString('base64')}`;

export function standaloneCmsEnv(database: HavenDatabase, workDir: string, own: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_LOG: 'false',
    LOG_LEVEL: 'info',
    ...strapiSecrets(),
    APPLICATIONS_MASTER_KEYS: key(),
    IDENTITY_MASTER_KEYS: key(),
    PRIVACY_MASTER_KEYS: key(),
    HAVEN_SEED_DEMO: 'false',
    EMAIL_OUTBOX_DIR: path.join(workDir, 'outbox'),
    PUBLIC_SITE_URL: 'http://localhost:4321',
    PUBLIC_CMS_URL: 'http://localhost:1337',
    ...database.env,
    ...own,
  };
}
