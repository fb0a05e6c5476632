import admin from './admin';
import checkout from './checkout';
import health from './health';
import instructions from './instructions';
import payments from './payments';
import webhooks from './webhooks';

export default { health, checkout, payments, webhooks, admin, instructions };
