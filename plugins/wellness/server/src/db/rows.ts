/** The wellness tables' rows as the Query Engine returns them (see tables.ts). */
import type { AssessmentKind, ConsentAction } from '@haven/shared/wellness';

interface Row {
  id: number;
  documentId: string;
  createdAt: string;
  updatedAt: string;
}

export interface EntryRow extends Row {
  userId: number;
  localDate: string;
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[] | null;
  activities: string[] | null;
  /** "hv1.…": sealed under the owner's data key, bound to `entry:<localDate>`. */
  reflection: string | null;
  /**
   * When crisis language was found in the reflection as it stands (null when it holds none): a mark, never
   * the words, so a therapist's flags are read without opening anyone's reflections.
   */
  crisisAt: string | Date | null;
  /** When the therapists were last told about this entry: at most one notice per entry per day (claimed by a conditional update). */
  crisisNotifiedAt: string | Date | null;
  /** The therapists (account ids) that notice went to, so a re-save can tell the person who knows. */
  crisisToldIds: number[] | null;
}

export interface AssessmentRow extends Row {
  userId: number;
  kind: AssessmentKind;
  answers: number[];
  score: number;
  band: string;
  selfHarmFlag: boolean;
  localDate: string;
  takenAt: string | Date;
}

export interface DataKeyRow extends Row {
  ownerId: number;
  keyVersion: number;
  wrappedKey: string;
}

export interface ShareRow extends Row {
  clientUserId: number;
  therapistUserId: number;
  therapistProfileId: string;
  active: boolean;
  includeReflections: boolean;
  grantedAt: string | Date | null;
  revokedAt: string | Date | null;
}

export interface ConsentEventRow extends Row {
  clientUserId: number;
  therapistUserId: number;
  therapistProfileId: string;
  action: ConsentAction;
  includeReflections: boolean;
  at: string | Date;
}

export interface SettingRow extends Row {
  userId: number;
  customActivities: string[] | null;
  reminderEnabled: boolean;
  reminderTime: string | null;
}

export interface ReminderSendRow extends Row {
  userId: number;
  localDate: string;
  status: 'sending' | 'sent';
  sentAt: string | Date | null;
}

/** A site account, read for its id only (to forget a deleted account's data). */
export interface UserIdRow {
  id: number;
}
