/** The applications plugin's public contract (`@haven/plugin-applications/public`). Layer 4: nothing imports it yet. */
export const applications = {};
