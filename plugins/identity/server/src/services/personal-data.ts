import type { Core } from '@strapi/strapi';
import { nothingErased, type ErasureOutcome, type ErasureRequest, type PersonalDataSections } from '@haven/shared/server/personal-data';

/**
 * The identity plugin's part of a person's data: their consent history and their two-factor set-up
 * (when it was turned on, how many recovery codes are left: never the secret or the codes).
 * Each concern's own service adds its rows here.
 */
export default ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({
  async export(_userId: number): Promise<PersonalDataSections> {
    return {};
  },
  async erase(_request: ErasureRequest): Promise<ErasureOutcome> {
    return nothingErased();
  },
});
