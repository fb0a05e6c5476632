/**
 * The library plugin's part of a person's data (issue 20): nothing. The library never logs a search
 * or a view against an account: it keeps only counts per UTC day and normalised query or resource
 * (db/engagement.ts, no person, account or address), and its once-per-visitor filter is an in-memory
 * set of salted address hashes forgotten at the end of the day (lib/once-per-day.ts). So the export
 * has no section for the library and erasure has nothing to remove; the counts a person's searches
 * and reads added to cannot be told apart from anyone else's. A future log that names the account
 * must be exported and erased here.
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
