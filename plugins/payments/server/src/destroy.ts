import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

/** Named steps run in destroy(): stop following bookings, stop the refund retrier. */
export default [() => getService('booking-sync').unsubscribe(), () => getService('refunds').stopRetrier()] satisfies Step[];
