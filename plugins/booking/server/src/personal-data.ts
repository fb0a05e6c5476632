/**
 * The booking plugin's part of a person's data (issue 20): what the export shows them and what erasure
 * removes or strips. See PersonalDataHook in @haven/shared/server/personal-data for the rules; the
 * work is in services/personal-data.ts.
 */
import type { ErasureOutcome, ErasureRequest, PersonalDataHook, PersonalDataSections } from '@haven/shared/server/personal-data';
import { getService } from './get-service';

export const personalData = {
  export: (userId: number): Promise<PersonalDataSections> => getService('personal-data').export(userId),
  erase: (request: ErasureRequest): Promise<ErasureOutcome> => getService('personal-data').erase(request),
  expireKept: (before: Date): Promise<Record<string, number>> => getService('personal-data').expireKept(before),
} satisfies PersonalDataHook;
