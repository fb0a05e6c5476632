/** The accounts plugin's public contract (`@haven/plugin-accounts/public`). Layer 4: nothing imports it yet. */
export const accounts = {};
