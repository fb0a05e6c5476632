import { configGetter, serviceGetter } from '@haven/shared/server/strapi';
import type { PaymentsConfig } from './config';
import type services from './services';

/** Typed access to this plugin's services: `getService('bookings').create(...)`. */
export const getService = serviceGetter<typeof services>('payments');

/** This plugin's configuration, typed: `config().workers`. */
export const config = configGetter<PaymentsConfig>('payments');
