import type { Step } from '@haven/shared/server/strapi';
import { registerAccountCleanup } from './account-cleanup';

/** Named steps run in register(), in order. Document Service middlewares and lifecycles belong here. */
export default [registerAccountCleanup] satisfies Step[];
