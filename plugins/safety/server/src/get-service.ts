import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { SafetyConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('screening').screen(...)`. */
export const getService = serviceGetter<typeof services>('safety');
/** The plugin's validated settings, read on every call. */
export const config = configGetter<SafetyConfig>('safety');
