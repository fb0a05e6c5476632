/**
 * What leaves the server, by allow-list: each answer of the wellness API is built from one of these
 * definitions (`.pick` copies the named fields and nothing else), so a field taken off a list here is
 * gone from every route that sends it. The records they pick from hold more than the answers do (whose
 * data it is: the owner's and the therapist's account ids), which is the point of picking.
 * The shapes the site reads stay in @haven/shared/wellness; the `Matches` checks at the bottom make
 * `tsc` fail when a definition and its shared type differ by a single field.
 */
import type { AssessmentView, ClientSummary, ConsentEventView, CrisisReflectionView, EntryView, SelfHarmFlagView, ShareTherapist, ShareView, StatsView } from '@haven/shared/wellness';
import { publicView, type ViewOf, type SameFields, type Proof } from '@haven/shared/view';
import type { AssessmentRow, ConsentEventRow, EntryRow, ShareRow } from './db/rows';

/** An entry as read for someone: whose it is, and what it says (the reflection opened, or withheld). */
export type EntryRecord = EntryView & Pick<EntryRow, 'userId'>;

/** An assessment with its owner. */
export type AssessmentRecord = AssessmentView & Pick<AssessmentRow, 'userId'>;

/** A therapist as a client's sharing names them: people's Therapist fits, and so does a Person with the profile id. */
export interface NamedTherapist {
  id: string;
  userId: number;
  displayName: string;
}

/** A share with both accounts behind it; `therapist` must already be picked (pick is shallow). */
export type ShareRecord = ShareView & Pick<ShareRow, 'clientUserId' | 'therapistUserId'>;

/** One line of the consent log with both accounts behind it; `therapist` already picked. */
export type ConsentEventRecord = ConsentEventView & Pick<ConsentEventRow, 'clientUserId' | 'therapistUserId'>;

/** A client as their therapist sees them, with the client's account behind it; assessments already picked. */
export type ClientRecord = ClientSummary & { clientUserId: number };

/** GET /entries, GET|PUT /entries/:date, POST /entries, GET /clients/:id/entries. */
export const entryView = publicView<EntryRecord>()('date', 'mood', 'energy', 'sleepHours', 'emotions', 'activities', 'reflection', 'reflectionUnreadable', 'hasReflection', 'createdAt', 'updatedAt');

/** GET /export?format=json: an entry as exported (whether it has a reflection is plain from the reflection itself). */
export const entryExportView = publicView<EntryView>()('date', 'mood', 'energy', 'sleepHours', 'emotions', 'activities', 'reflection', 'reflectionUnreadable', 'createdAt', 'updatedAt');

/** GET|POST /assessments, GET /clients/:id/assessments, GET /clients(/:id) (latest), GET /export. */
export const assessmentView = publicView<AssessmentRecord>()('id', 'kind', 'name', 'answers', 'score', 'maxScore', 'band', 'bandLabel', 'selfHarmFlag', 'date', 'takenAt');

/** The therapist inside GET /shares, PUT|DELETE /shares/:id: the public profile id and the name, never the account. */
export const shareTherapistView = publicView<NamedTherapist>()('id', 'displayName');

/** GET /shares (shares), PUT /shares/:id, DELETE /shares/:id, GET /export (sharing). */
export const shareView = publicView<ShareRecord>()('therapist', 'active', 'includeReflections', 'grantedAt', 'revokedAt');

/** GET /shares (history), GET /export (sharing). */
export const consentEventView = publicView<ConsentEventRecord>()('at', 'action', 'therapist', 'includeReflections');

/** GET /clients, GET /clients/:id: the share's id is the client's id here, never their account. */
export const clientView = publicView<ClientRecord>()('id', 'displayName', 'timeZone', 'sharingSince', 'includeReflections', 'lastEntryDate', 'latest', 'lastSelfHarmFlag', 'lastCrisisReflection');

/** Inside GET /clients(/:id): the latest crisis reflection; `reflection` is filled only when the share includes reflections (clients.ts). */
export const crisisReflectionView = publicView<CrisisReflectionView>()('date', 'at', 'reflectionShared', 'reflection');

/** GET /flags: who flagged PHQ-9 item 9, or wrote crisis language in a reflection, and when, with the share's id; nothing of the answers or the words. */
export const selfHarmFlagView = publicView<SelfHarmFlagView>()('id', 'displayName', 'source', 'date', 'takenAt');

/** GET /stats, GET /clients/:id/stats. */
export const statsView = publicView<StatsView>()('range', 'series', 'averages', 'streaks', 'assessments', 'activities', 'emotions', 'timeZone');


/** Compile-time only: each definition gives exactly the shape the site reads. */
export type Matches = [
  Proof<SameFields<ViewOf<typeof entryView>, EntryView>>,
  Proof<SameFields<ViewOf<typeof entryExportView>, Omit<EntryView, 'hasReflection'>>>,
  Proof<SameFields<ViewOf<typeof assessmentView>, AssessmentView>>,
  Proof<SameFields<ViewOf<typeof shareTherapistView>, ShareTherapist>>,
  Proof<SameFields<ViewOf<typeof shareView>, ShareView>>,
  Proof<SameFields<ViewOf<typeof consentEventView>, ConsentEventView>>,
  Proof<SameFields<ViewOf<typeof clientView>, ClientSummary>>,
  Proof<SameFields<ViewOf<typeof statsView>, StatsView>>,
  Proof<SameFields<ViewOf<typeof selfHarmFlagView>, SelfHarmFlagView>>,
  Proof<SameFields<ViewOf<typeof crisisReflectionView>, CrisisReflectionView>>,
];
