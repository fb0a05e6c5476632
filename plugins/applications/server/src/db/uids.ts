/** The applications plugin's own content types (profiles and accounts are people's: asked through its contract). */
export const UID = {
  document: 'plugin::applications.document',
  decision: 'plugin::applications.decision',
  expiryNotice: 'plugin::applications.expiry-notice',
} as const;
