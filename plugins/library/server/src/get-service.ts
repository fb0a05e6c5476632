import { serviceGetter } from '@haven/shared/strapi';
import type services from './services';

/** Typed access to this plugin's services: `getService('search').search(...)`. */
export const getService = serviceGetter<typeof services>('library');
