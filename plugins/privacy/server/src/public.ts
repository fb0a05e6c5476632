/**
 * The privacy plugin's public contract (`@haven/plugin-privacy/public`): a person's own data, exported
 * and erased through every plugin's `personalData` hook (./hooks.ts). Layer 4: only the CMS calls it.
 */
import { getService } from './get-service';

export const privacy = {
  /**
   * Called by the users-permissions sign-in wrapper after every completed sign-in (password, or
   * password and second factor): a scheduled erasure of the account is cancelled.
   */
  signedIn: (userId: number): Promise<{ erasureCancelled: boolean }> => getService('erasure').signedIn(userId),
};
