/**
 * The therapist home's alerts: sharing clients whose latest PHQ-9 answered item 9 above 0, and sharing
 * clients who wrote crisis language in a reflection within the last REFLECTION_FLAG_DAYS days (found since
 * the share began). Only active shares of a therapist in good standing count (`consent.clientsOf`),
 * blocked clients are left out. For PHQ-9 the latest one decides: a later 0 on item 9 clears the flag, as
 * the client's own trend would. A calm reflection later is no such answer, so a crisis reflection stays
 * for a fixed time instead (and goes when its words are changed to hold none). Who, which and when only:
 * never an answer, a score or a word of a reflection.
 */
import type { Core } from '@strapi/strapi';
import { REFLECTION_FLAG_DAYS, type SelfHarmFlagView } from '@haven/shared/wellness';
import { people } from '@haven/plugin-people/public';
import type { ShareRow } from '../db/rows';
import { tables } from '../db/tables';
import { getService } from '../get-service';
import { selfHarmFlagView } from '../views';
import { requireTwoStep } from './clients';

export type { SelfHarmFlagView };

const DAY_MS = 24 * 60 * 60 * 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The client's latest crisis reflection found since both the share began and the window opened. */
  function latestCrisisReflection(share: ShareRow, windowStart: Date) {
    const granted = share.grantedAt ? new Date(share.grantedAt) : null;
    const since = granted && granted > windowStart ? granted : windowStart;
    return tables(strapi).entries.findOne({
      where: { userId: share.clientUserId, crisisAt: { $gte: since } },
      select: ['localDate', 'crisisAt'],
      orderBy: [{ crisisAt: 'desc' }, { id: 'desc' }],
    });
  }

  return {
    async forTherapist(therapistUserId: number): Promise<SelfHarmFlagView[]> {
      // Names and answers of sharing clients: the same two-step rule as the clients' pages.
      await requireTwoStep(therapistUserId);
      const shares = await getService('consent').clientsOf(therapistUserId);
      if (shares.length === 0) return [];
      const windowStart = new Date(Date.now() - REFLECTION_FLAG_DAYS * DAY_MS);
      // Two indexed reads per client (user_id leads both tables' indexes): a caseload is tens of clients,
      // and "each one's latest" is not something the Query Engine can say in one query.
      const [persons, latest, reflections] = await Promise.all([
        people.many(shares.map((s) => s.clientUserId)),
        Promise.all(
          shares.map((share) =>
            tables(strapi).assessments.findOne({
              where: { userId: share.clientUserId, kind: 'phq9' },
              select: ['localDate', 'takenAt', 'selfHarmFlag'],
              orderBy: [{ takenAt: 'desc' }, { id: 'desc' }],
            }),
          ),
        ),
        Promise.all(shares.map((share) => latestCrisisReflection(share, windowStart))),
      ]);
      const flags: SelfHarmFlagView[] = [];
      shares.forEach((share, i) => {
        const person = persons.get(share.clientUserId);
        if (!person || person.blocked) return;
        const row = latest[i];
        if (row?.selfHarmFlag) {
          flags.push(selfHarmFlagView.pick({ id: share.documentId, displayName: person.displayName, source: 'phq9', date: row.localDate, takenAt: new Date(row.takenAt).toISOString() }));
        }
        const entry = reflections[i];
        if (entry?.crisisAt) {
          flags.push(selfHarmFlagView.pick({ id: share.documentId, displayName: person.displayName, source: 'reflection', date: entry.localDate, takenAt: new Date(entry.crisisAt).toISOString() }));
        }
      });
      return flags.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
    },
  };
};
