import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { ApplicationsConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services. */
export const getService = serviceGetter<typeof services>('applications');
export const config = configGetter<ApplicationsConfig>('applications');
