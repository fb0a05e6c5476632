/**
 * The identity plugin's public contract (`@haven/plugin-identity/public`): how a person proves who
 * they are (password policy, two-factor sign-in, sessions) and what they agreed to (consent).
 * Layer 1: it imports no other plugin; wellness, privacy and the CMS call it.
 */
import type { ErasureOutcome, ErasureRequest, PersonalDataHook, PersonalDataSections } from '@haven/shared/server/personal-data';
import { getService } from './get-service';

export const identity = {
  /** The person's consent history and two-factor set-up (issue 20's export and erasure). */
  personalData: {
    export: (userId: number): Promise<PersonalDataSections> => getService('personalData').export(userId),
    erase: (request: ErasureRequest): Promise<ErasureOutcome> => getService('personalData').erase(request),
  } satisfies PersonalDataHook,
};
