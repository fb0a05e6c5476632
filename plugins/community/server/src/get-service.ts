import { serviceGetter } from '@haven/shared/strapi';
import type services from './services';

/** Typed access to this plugin's services: `getService('posts').create(...)`. */
export const getService = serviceGetter<typeof services>('community');
