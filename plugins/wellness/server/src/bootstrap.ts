import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';
import { ensureIndexes } from './db/indexes';

/** Says once, at start, when reflections cannot be encrypted (outside production; production refuses to start). */
function checkEncryption(strapi: Core.Strapi) {
  if (!getService('vault').configured()) {
    strapi.log.warn('[wellness] WELLNESS_MASTER_KEYS is not set: check-ins with a reflection answer 503 until it is (run `node scripts/ensure-env.mjs`).');
  }
}

const startReminders = () => getService('reminders').start();

/** Named steps run in bootstrap(), in order: indexes, seeding, workers. Each lives in its own module. */
export default [ensureIndexes, checkEncryption, startReminders] satisfies Step[];
