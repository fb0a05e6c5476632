/**
 * The community plugin's part of a person's data (issue 20): their member, aliases, posts, replies,
 * reactions, flags and notices (services/personal-data.ts). See PersonalDataHook in
 * @haven/shared/server/personal-data for the rules.
 */
import type { ErasureOutcome, ErasureRequest, PersonalDataHook, PersonalDataSections } from '@haven/shared/server/personal-data';
import { getService } from './get-service';

export const personalData = {
  export: (userId: number): Promise<PersonalDataSections> => getService('personalData').export(userId),
  erase: (request: ErasureRequest): Promise<ErasureOutcome> => getService('personalData').erase(request),
} satisfies PersonalDataHook;
