/**
 * The applications plugin's public contract (`@haven/plugin-applications/public`). Layer 4: nothing
 * calls it in-process except the demo seed, which stores the waiting applicant's licence document.
 */
import { getService } from './get-service';
import { APPLICATION_PERMISSIONS } from './permissions';
import type { DocumentInfo } from './services/documents';
import { personalData } from './personal-data';

export type { DocumentInfo };
export type ApplicationPermissions = typeof APPLICATION_PERMISSIONS;

export const applications = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** The admin permissions of the Therapist applications page (read; review = decide). */
  adminPermissions: (): ApplicationPermissions => ({ ...APPLICATION_PERMISSIONS }),
  /** Checks, seals and stores an applicant's licence document (the demo seed; the site uploads over HTTP). */
  storeDocument: (userId: number, bytes: Buffer, fileName: string): Promise<DocumentInfo> => getService('documents').store(userId, bytes, fileName),
  /** How many applications wait for staff (pending or waiting for the applicant). */
  waitingCount: async (): Promise<number> => (await getService('reviews').list('waiting', 1, 1)).counts.waiting,
};
