import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

const stopSync = () => getService('sync').stop();

/** Named steps run in destroy(): stop workers, close servers. */
export default [stopSync] satisfies Step[];
