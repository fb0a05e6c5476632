/** The chat's own content types, and the Strapi types it names (never reads their profile data). */
export const UID = {
  conversation: 'plugin::chat.conversation',
  message: 'plugin::chat.message',
  /** Users: only their ids (a lifecycle closes the sockets of an account blocked while connected). */
  user: 'plugin::users-permissions.user',
  /** Strapi's sign-in sessions: sockets whose session has ended are closed (services/realtime.ts). */
  session: 'admin::session',
} as const;
