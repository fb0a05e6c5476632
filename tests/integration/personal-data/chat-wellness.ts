/**
 * Personal data of the chat and wellness plugins (issue 20): stub, filled in below by the hooks-chat-wellness work.
 */
import type { PersonalDataModule } from './world';

export const chatWellnessModule: PersonalDataModule = {
  plugins: ['chat', 'wellness'],
  async seed() {},
  checkExport() {},
  async checkErased() {},
};
