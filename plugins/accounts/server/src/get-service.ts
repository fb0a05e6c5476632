import { serviceGetter } from '@haven/shared/server/strapi';
import type services from './services';

/** Typed access to this plugin's services. */
export const getService = serviceGetter<typeof services>('accounts');
