import { healthController } from '@haven/shared/server/strapi';
import { config, getService } from '../get-service';

/** GET /api/booking/health: the payment gate and the booking rules it runs by. */
export default healthController('booking', () => ({
  paymentGate: getService('payment-hook').gateName(),
  paymentHoldMinutes: config().paymentHoldMinutes,
  cancellationWindowHours: config().cancellationWindowHours,
  reminderLeadsMinutes: config().reminderLeadsMinutes,
}));
