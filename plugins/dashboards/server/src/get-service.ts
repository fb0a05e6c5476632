import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { DashboardsConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('usage').report(range)`. */
export const getService = serviceGetter<typeof services>('dashboards');

/** This plugin's configuration, typed: `config().cacheSeconds`. */
export const config = configGetter<DashboardsConfig>('dashboards');
