/** The accounts plugin's public contract (`@haven/plugin-accounts/public`). Layer 4: nothing imports it; its types are for the admin page's mirror. */
export type { AccountView, InvitationView } from './views';
export const accounts = {};
