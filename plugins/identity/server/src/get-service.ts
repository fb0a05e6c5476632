import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { IdentityConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('twoFactor')…`. */
export const getService = serviceGetter<typeof services>('identity');
/** The plugin's validated settings, read on every call. */
export const config = configGetter<IdentityConfig>('identity');
