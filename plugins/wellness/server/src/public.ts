/**
 * The wellness plugin's public contract (`@haven/plugin-wellness/public`): the only way other Haven
 * code reaches wellness. Today that is the CMS's demo seed, which writes check-ins, assessments and a
 * share exactly as the API would (reflections sealed, scores banded, consent logged).
 */
import type { AssessmentView, EntryView, ShareView } from '@haven/shared/wellness';
import { getService } from './get-service';
import type { AssessmentInput, EntryInput } from './lib/validation';
import type { WellnessActivity } from './services/activity';
import type { CrisisAnswer, SubmitResult } from './services/assessments';
import type { SavedEntry } from './services/entries';
import { personalData } from './personal-data';

export type { WellnessActivity };
export type { AssessmentInput, AssessmentView, CrisisAnswer, EntryInput, EntryView, SavedEntry, ShareView, SubmitResult };

/** A person's local day: today's date (YYYY-MM-DD) in their time zone, and that zone. */
export interface LocalToday {
  today: string;
  timeZone: string;
}

export const wellness = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** Today's date in the person's time zone (their profile's, UTC when none). */
  async today(userId: number): Promise<LocalToday> {
    const { today, timeZone } = await getService('entries').rangeFor(userId, {});
    return { today, timeZone };
  },

  /**
   * Creates or replaces the check-in of one local day (never a day that has not come yet); the reflection
   * is screened as through the API (crisis language: the lines, and the sharing therapists told) and sealed.
   */
  putEntry: (userId: number, date: string, input: EntryInput, locale: string | null = null): Promise<SavedEntry> => getService('entries').put(userId, date, input, { locale }),

  /**
   * Scores and stores a PHQ-9 or GAD-7 taken at `now`. PHQ-9 item 9 above 0 answers with crisis lines
   * and tells the therapists the person shares with, as through the API.
   */
  submitAssessment: (userId: number, input: AssessmentInput, locale: string | null, now?: Date): Promise<SubmitResult> =>
    getService('assessments').submit(userId, input, locale, now),

  /** The client shares their trends (and reflections, if asked) with a therapist by public id; refused without a booking between them. */
  grantConsent: (clientUserId: number, therapistProfileId: string, includeReflections: boolean): Promise<{ share: ShareView; changed: boolean }> =>
    getService('consent').grant(clientUserId, therapistProfileId, includeReflections),

  /**
   * Staff dashboards: check-ins (per local day they are for) and assessments taken (per UTC day) in
   * [from, to), one grouped query each. Counts only, never a score, an answer or a reflection.
   */
  activityPerDay: (from: Date, to: Date): Promise<WellnessActivity> => getService('activity').perDay(from, to),
};

export type WellnessContract = typeof wellness;
