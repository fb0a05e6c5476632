import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { CommunityConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('posts').create(...)`. */
export const getService = serviceGetter<typeof services>('community');

/** This plugin's configuration, typed: `config().workers`. */
export const config = configGetter<CommunityConfig>('community');
