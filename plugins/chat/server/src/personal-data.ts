/**
 * The chat plugin's part of a person's data (issue 20): what the export shows them and what erasure
 * removes or strips. See PersonalDataHook in @haven/shared/server/personal-data for the rules.
 */
import { nothingErased, type ErasureOutcome, type ErasureRequest, type PersonalDataHook, type PersonalDataSections } from '@haven/shared/server/personal-data';

export const personalData = {
  async export(_userId: number): Promise<PersonalDataSections> {
    return {};
  },
  async erase(_request: ErasureRequest): Promise<ErasureOutcome> {
    return nothingErased();
  },
} satisfies PersonalDataHook;
