/**
 * Personal-data module for booking and payments (issue 20). Stub: filled in below as the hooks land.
 */
import type { PersonalDataModule } from './world';

export const bookingPaymentsModule: PersonalDataModule = {
  plugins: ['booking', 'payments'],
  async seed() {},
  checkExport() {},
  async checkErased() {},
};
