/** The payments plugin's own content types (content-types/*\/schema.json). */
export const UID = {
  payment: 'plugin::payments.payment',
  refund: 'plugin::payments.refund',
  event: 'plugin::payments.provider-event',
  instruction: 'plugin::payments.instruction',
} as const;
