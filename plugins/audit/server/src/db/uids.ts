/** The audit plugin's own content type. */
export const UID = {
  entry: 'plugin::audit.entry',
} as const;
export type AuditUid = (typeof UID)[keyof typeof UID];
