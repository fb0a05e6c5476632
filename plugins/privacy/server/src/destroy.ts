import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

async function stopExportWorker() {
  await getService('exports').stop();
}

/** Stops the erasure worker and waits for a run under way (a claimed request finishes, or is left to its lease). */
async function stopErasureWorker() {
  await getService('erasure').stop();
}

async function stopRetention() {
  await getService('retention').stop();
}

/** Named steps run in destroy(), in order. */
export default [
  stopExportWorker,
  stopErasureWorker,
  stopRetention,
] satisfies Step[];
