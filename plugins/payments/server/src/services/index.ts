/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
import admin from './admin';
import bookingSync from './booking-sync';
import checkout from './checkout';
import gateways from './gateways';
import history from './history';
import instructions from './instructions';
import ledger from './ledger';
import manual from './manual';
import notifications from './notifications';
import outstanding from './outstanding';
import pastPayments from './past-payments';
import personalData from './personal-data';
import receipts from './receipts';
import refunds from './refunds';
import usage from './usage';
import webhooks from './webhooks';

export default {
  gateways,
  ledger,
  refunds,
  webhooks,
  checkout,
  history,
  receipts,
  manual,
  instructions,
  admin,
  notifications,
  'booking-sync': bookingSync,
  usage,
  outstanding,
  'past-payments': pastPayments,
  'personal-data': personalData,
};

export type { PaymentView, PaymentSessionView } from './history';
export type { CheckoutResult } from './checkout';
export type { AdminPaymentView, PaymentTotals } from './admin';
