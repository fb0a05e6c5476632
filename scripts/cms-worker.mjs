// One CMS process of a cluster (scripts/cluster.mjs, CMS_PROCESSES above 1): what `strapi start` does
// from cms/ — the compiled app in cms/dist, listening on HOST:PORT (the cluster's workers share the port).
// Strapi stops itself cleanly on SIGTERM and SIGINT.
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './run.mjs';

const require = createRequire(import.meta.url);
const { createStrapi } = require('@strapi/strapi');
const appDir = path.join(ROOT, 'cms');
process.chdir(appDir);
createStrapi({ appDir, distDir: path.join(appDir, 'dist') }).start();
