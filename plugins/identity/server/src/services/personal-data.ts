import type { Core } from '@strapi/strapi';
import { nothingErased, type ErasureOutcome, type ErasureRequest, type PersonalDataSections } from '@haven/shared/server/personal-data';
import { getService } from '../get-service';

/**
 * The identity plugin's part of a person's data: their consent history and their two-factor set-up
 * (when it was turned on, how many recovery codes are left: never the secret or the codes).
 * Each concern's own service adds its rows here.
 */
export default ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({
  async export(userId: number): Promise<PersonalDataSections> {
    // consent: every version agreed to, when and how (sign-up or renewed).
    // twoFactor: whether it is on, since when, recovery codes left and used (never the secret or the codes).
    return { consent: await getService('consent').history(userId), twoFactor: await getService('twoFactor').exportFor(userId) };
  },
  async erase(request: ErasureRequest): Promise<ErasureOutcome> {
    const outcome = nothingErased();
    // Idempotent: a second run finds no rows and erases 0.
    outcome.erased.consents = await getService('consent').eraseAll(request.userId);
    // The two-factor set-up, recovery codes and sign-in challenges go with the account: nobody else holds a part of them.
    const twoFactor = await getService('twoFactor').eraseFor(request.userId);
    outcome.erased.twoFactor = twoFactor.twoFactor;
    outcome.erased.recoveryCodes = twoFactor.recoveryCodes;
    outcome.erased.signInChallenges = twoFactor.signInChallenges;
    return outcome;
  },
});
