import type { Step } from '@haven/shared/server/strapi';
import { refuseEntryChanges } from './append-only-middleware';

/** Named steps run in register(), in order. */
export default [refuseEntryChanges] satisfies Step[];
