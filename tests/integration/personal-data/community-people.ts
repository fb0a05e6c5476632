/**
 * Personal-data module for community, library, applications and people (issue 20).
 * Stub: filled in by hooks-community-people.
 */
import type { PersonalDataModule } from './world';

export const communityPeopleModule: PersonalDataModule = {
  plugins: ['community', 'library', 'applications', 'people'],
  async seed() {},
  checkExport() {},
  async checkErased() {},
};
