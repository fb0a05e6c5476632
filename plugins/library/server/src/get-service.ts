import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { LibraryConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('search').search(...)`. */
export const getService = serviceGetter<typeof services>('library');

/** This plugin's configuration, typed: `config().workers`. */
export const config = configGetter<LibraryConfig>('library');
