import type { Step } from '@haven/shared/server/strapi';
import { registerSearchSync } from './search-sync-middleware';

/** Named steps run in register(), in order. Document Service middlewares belong here. */
export default [registerSearchSync] satisfies Step[];
