/** The plugin's own content types. */
export const UID = {
  deferredNotice: 'plugin::safety.deferred-notice',
} as const;
