import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { PrivacyConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('exports')…`. */
export const getService = serviceGetter<typeof services>('privacy');
/** The plugin's validated settings, read on every call. */
export const config = configGetter<PrivacyConfig>('privacy');
