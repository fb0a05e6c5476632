/**
 * The privacy plugin's public contract (`@haven/plugin-privacy/public`): a person's own data, exported
 * and erased through every plugin's `personalData` hook (./hooks.ts). Layer 4: only the CMS calls it.
 */
export const privacy = {};
