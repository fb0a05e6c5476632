/** Admin-panel actions of the Payments page, registered as plugin::payments.payments.* (the Super Admin holds them). */
export const paymentActions = [
  { section: 'plugins', displayName: 'Read payments', uid: 'payments.read', pluginName: 'payments' },
  { section: 'plugins', displayName: 'Refund payments and mark direct payments', uid: 'payments.refund', pluginName: 'payments' },
];

export const PAYMENT_PERMISSIONS = { read: 'plugin::payments.payments.read', refund: 'plugin::payments.payments.refund' };
