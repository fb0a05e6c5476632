import payment from './payment/schema.json';
import providerEvent from './provider-event/schema.json';
import refund from './refund/schema.json';
import instruction from './instruction/schema.json';

export default {
  payment: { schema: payment },
  refund: { schema: refund },
  'provider-event': { schema: providerEvent },
  instruction: { schema: instruction },
};
