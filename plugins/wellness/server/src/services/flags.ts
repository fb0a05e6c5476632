/**
 * Which of a therapist's sharing clients answered PHQ-9 item 9 above 0 in their latest PHQ-9: the
 * therapist's home lists them so a follow-up is not left to an email alone. Only active shares of a
 * therapist in good standing count (`consent.clientsOf`), blocked clients are left out, and the latest
 * PHQ-9 decides: a later one answered 0 on item 9 clears the flag, as the client's own trend would.
 */
import type { Core } from '@strapi/strapi';
import type { SelfHarmFlagView } from '@haven/shared/wellness';
import { people } from '@haven/plugin-people/public';
import { tables } from '../db/tables';
import { getService } from '../get-service';
import { selfHarmFlagView } from '../views';

export type { SelfHarmFlagView };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forTherapist(therapistUserId: number): Promise<SelfHarmFlagView[]> {
    const shares = await getService('consent').clientsOf(therapistUserId);
    if (shares.length === 0) return [];
    // One indexed read per client (user_id leads wellness_assessments_user_date_idx): a caseload is tens of
    // clients, and "each one's latest" is not something the Query Engine can say in one query.
    const [persons, latest] = await Promise.all([
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
    ]);
    const flags: SelfHarmFlagView[] = [];
    shares.forEach((share, i) => {
      const row = latest[i];
      const person = persons.get(share.clientUserId);
      if (!row?.selfHarmFlag || !person || person.blocked) return;
      flags.push(selfHarmFlagView.pick({ id: share.documentId, displayName: person.displayName, date: row.localDate, takenAt: new Date(row.takenAt).toISOString() }));
    });
    return flags.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  },
});
