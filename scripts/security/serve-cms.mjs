/**
 * Starts the compiled Haven CMS without the admin panel's front end (for `npm run audit:security`):
 * `node scripts/security/serve-cms.mjs`, configured entirely by the environment (HOST, PORT,
 * DATABASE_*, secrets, HAVEN_SEED_DEMO…). Prints "READY" when it listens; exits 1 if it cannot start.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const CMS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'cms');
const require = createRequire(path.join(CMS, 'package.json'));
const { createStrapi } = require('@strapi/strapi');

try {
  const app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
  await app.start();
  console.log('READY');
} catch (error) {
  console.error(`CMS did not start: ${error?.message ?? error}`);
  process.exit(1);
}
