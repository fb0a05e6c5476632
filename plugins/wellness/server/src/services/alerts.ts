/**
 * Telling a client's therapists that the client may be at risk: PHQ-9 question 9 answered above 0, or
 * crisis language in a reflection. One escalation path for both, the safety plugin's
 * (`safety.notifyTherapists`: mailed at once, after the therapist's quiet hours, or not at all, as the
 * clinic's SAFETY_MAIL_THERAPISTS and SAFETY_QUIET_HOURS say), to every therapist the client shares with
 * now who is in good standing. Mails leave the system: a notice never holds the person's words. A notice
 * that cannot be sent is logged and never fails the person's save.
 */
import type { Core } from '@strapi/strapi';
import { ANSWER_OPTIONS, PHQ9_SELF_HARM_ITEM } from '@haven/shared/wellness';
import { people } from '@haven/plugin-people/public';
import { safety, type TherapistNotice } from '@haven/plugin-safety/public';
import type { EntryRow, ShareRow } from '../db/rows';
import { tables } from '../db/tables';
import { config } from '../get-service';
import type { AssessmentView } from './assessments';

/** Once therapists were told about an entry, saving it again with crisis language does not tell them again for this long. */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

const clientLink = (share: ShareRow) => `${config().siteUrl.replace(/\/+$/, '')}/wellness/clients/${share.documentId}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const log = (message: string) => strapi.log.error(`[wellness] ${message}`);

  /** The client's active shares whose therapist may read them now (verified, not suspended). */
  async function sharingTherapists(clientUserId: number): Promise<ShareRow[]> {
    const shared = await tables(strapi).shares.findMany({ where: { clientUserId, active: true } });
    const standing = await people.inGoodStanding(shared.map((s) => s.therapistUserId));
    return shared.filter((s) => standing.has(s.therapistUserId));
  }

  /**
   * One notice per share, each through `safety.notifyTherapists` on its own so that one failing mail does
   * not keep the others from going. Returns the shares whose therapist was told: mailed now, or held
   * until their quiet hours end (the in-app flag shows at once either way). No address, or the clinic's
   * mails turned off: not told.
   */
  async function tell(shares: ShareRow[], noticeFor: (share: ShareRow) => TherapistNotice): Promise<ShareRow[]> {
    if (shares.length === 0) return [];
    const ids = shares.map((s) => s.therapistUserId);
    const [emails, persons] = await Promise.all([people.emails(ids, { deliverableOnly: true, purpose: 'safety' }), people.many(ids)]);
    const told: ShareRow[] = [];
    for (const share of shares) {
      const email = emails.get(share.therapistUserId);
      if (!email) continue;
      try {
        const [outcome] = await safety.notifyTherapists([{ email, timeZone: persons.get(share.therapistUserId)?.timeZone ?? 'UTC' }], noticeFor(share));
        if (outcome === 'sent' || outcome === 'deferred') told.push(share);
      } catch (err) {
        log(`could not tell a therapist that a client may be at risk: ${(err as Error).message}`);
      }
    }
    return told;
  }

  const names = async (therapistUserIds: number[]): Promise<string[]> => {
    if (therapistUserIds.length === 0) return [];
    const persons = await people.many(therapistUserIds);
    return therapistUserIds.map((id) => persons.get(id)?.displayName ?? 'Your therapist');
  };

  return {
    sharingTherapists,

    /** PHQ-9 question 9 above 0: every sharing therapist is told. Returns how many were. */
    async itemNine(clientUserId: number, assessment: AssessmentView): Promise<number> {
      const shares = await sharingTherapists(clientUserId);
      if (shares.length === 0) return 0;
      const client = await people.one(clientUserId);
      const answer = ANSWER_OPTIONS.find((o) => o.value === assessment.answers[PHQ9_SELF_HARM_ITEM])?.label ?? String(assessment.answers[PHQ9_SELF_HARM_ITEM]);
      const told = await tell(shares, (share) => ({
        subject: `Haven: ${client.displayName} answered PHQ-9 question 9 above 0`,
        text: [
          `${client.displayName}, who shares their wellness check-ins with you on Haven, answered question 9 of the PHQ-9`,
          `("thoughts that you would be better off dead, or of hurting yourself in some way") with "${answer}" on ${assessment.date}.`,
          `Their total score was ${assessment.score} (${assessment.bandLabel}). Haven showed them crisis lines at once.`,
          '',
          `Please follow up according to your safety protocol. Their shared trends: ${clientLink(share)}`,
        ].join('\n'),
      }));
      return told.length;
    },

    /**
     * Crisis language in the reflection of `entry` (already saved with its mark): tells every sharing
     * therapist, at most once per entry per REPEAT_WINDOW_MS. The claim is a conditional update of the
     * entry's `crisisNotifiedAt`, so two saves at once tell nobody twice. Answers the display names of the
     * therapists who know: told now, or told earlier in the window and still shared with.
     */
    async crisisReflection(clientUserId: number, entry: Pick<EntryRow, 'id' | 'localDate'>): Promise<string[]> {
      const shares = await sharingTherapists(clientUserId);
      // Nobody to tell: no claim either, so a share granted later in the day is told on the next save.
      if (shares.length === 0) return [];
      const now = new Date();
      const { count } = await tables(strapi).entries.updateMany({
        where: { id: entry.id, $or: [{ crisisNotifiedAt: null }, { crisisNotifiedAt: { $lt: new Date(now.getTime() - REPEAT_WINDOW_MS) } }] },
        data: { crisisNotifiedAt: now, crisisToldIds: [] },
      });
      if (count === 0) {
        const row = await tables(strapi).entries.findOne({ where: { id: entry.id }, select: ['crisisToldIds'] });
        const still = new Set(shares.map((s) => s.therapistUserId));
        return names((row?.crisisToldIds ?? []).filter((id) => still.has(id)));
      }
      const told = await tell(shares, (share) => ({
        subject: 'Haven: a client who shares with you may need a follow-up',
        text: [
          `A client who shares their wellness check-ins with you on Haven wrote something in a reflection (their check-in for ${entry.localDate}) that suggests they may be at risk.`,
          'Haven showed them crisis lines at once. This mail does not hold their words; their page shows what they share with you.',
          '',
          `Please follow up according to your safety protocol: ${clientLink(share)}`,
        ].join('\n'),
      }));
      const toldIds = told.map((s) => s.therapistUserId);
      await tables(strapi).entries.updateMany({ where: { id: entry.id }, data: { crisisToldIds: toldIds } });
      return names(toldIds);
    },
  };
};
