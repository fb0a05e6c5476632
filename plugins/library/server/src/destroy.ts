import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

const stopSync = () => getService('sync').stop();
const stopPruning = () => getService('engagement').stopPruning();

/** Named steps run in destroy(): stop workers, close servers. */
export default [stopSync, stopPruning] satisfies Step[];
