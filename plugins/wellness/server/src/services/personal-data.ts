/**
 * A person's wellness data for issue 20 (see PersonalDataHook in @haven/shared/server/personal-data).
 *
 * Export: every check-in with its reflection opened for its owner, every assessment (answers, score,
 * band), the sharing (shares and the full consent log) with each therapist named by display name only,
 * settings and reminders sent, and the crisis marks a therapist may have been alerted by (who was
 * told, by name). A therapist also gets the shares made with them, the client named by display name.
 *
 * Erasure: the same removal as the deletion of an account (account-cleanup.ts `forgetUsers`: entries,
 * the data key that opens the reflections, assessments, settings, reminder records, shares and the
 * consent log on both sides of a share), in one transaction; a therapist's view of a share goes with
 * the share row. Nothing is kept: no law asks a self-tracking tool to keep anything.
 */
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { isoOrNull } from '@haven/shared/server/db';
import { WELLNESS_LIMITS } from '@haven/shared/wellness';
import { forgetUsers } from '../account-cleanup';
import { tables } from '../db/tables';
import { getService } from '../get-service';
import { entryExportView } from '../views';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(userId: number): Promise<PersonalDataSections> {
    const t = tables(strapi);
    const { today, timeZone } = await getService('entries').rangeFor(userId, {});
    // Everything: from the earliest date an entry may have up to the person's today.
    const all = { from: WELLNESS_LIMITS.earliestDate, to: today };
    const [entries, assessments, settings, marked, shares, log, sharedWithMe, reminders] = await Promise.all([
      getService('entries').list(userId, all, { reflections: true }),
      getService('assessments').list(userId, all),
      getService('settings').get(userId),
      t.entries.findMany({ where: { userId, crisisAt: { $notNull: true } }, select: ['localDate', 'crisisAt', 'crisisNotifiedAt', 'crisisToldIds'], orderBy: [{ localDate: 'asc' }] }),
      t.shares.findMany({ where: { clientUserId: userId }, orderBy: [{ grantedAt: 'asc' }, { id: 'asc' }] }),
      // The whole log (the sharing page shows the latest 500 only).
      t.consentEvents.findMany({ where: { clientUserId: userId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
      t.shares.findMany({ where: { therapistUserId: userId }, orderBy: [{ grantedAt: 'asc' }, { id: 'asc' }] }),
      t.reminderSends.findMany({ where: { userId }, select: ['localDate', 'status', 'sentAt'], orderBy: [{ localDate: 'asc' }] }),
    ]);
    const others = [
      ...shares.map((s) => s.therapistUserId),
      ...log.map((e) => e.therapistUserId),
      ...sharedWithMe.map((s) => s.clientUserId),
      ...marked.flatMap((e) => (Array.isArray(e.crisisToldIds) ? e.crisisToldIds : [])),
    ];
    const names = others.length ? await people.many(others) : new Map<number, { displayName: string }>();
    const nameOf = (id: number) => names.get(Number(id))?.displayName ?? 'Haven member';
    return {
      timeZone,
      checkIns: entryExportView.pickAll(entries),
      assessments: assessments.map((a) => ({ kind: a.kind, name: a.name, answers: a.answers, score: a.score, maxScore: a.maxScore, band: a.band, bandLabel: a.bandLabel, selfHarmFlag: a.selfHarmFlag, date: a.date, takenAt: a.takenAt })),
      shares: shares.map((s) => ({ therapist: nameOf(s.therapistUserId), active: Boolean(s.active), includeReflections: Boolean(s.includeReflections), grantedAt: isoOrNull(s.grantedAt), revokedAt: isoOrNull(s.revokedAt) })),
      consentEvents: log.map((e) => ({ at: isoOrNull(e.at), action: e.action, therapist: nameOf(e.therapistUserId), includeReflections: Boolean(e.includeReflections) })),
      sharedWithYou: sharedWithMe.map((s) => ({ client: nameOf(s.clientUserId), active: Boolean(s.active), includeReflections: Boolean(s.includeReflections), grantedAt: isoOrNull(s.grantedAt), revokedAt: isoOrNull(s.revokedAt) })),
      settings,
      remindersSent: reminders.map((r) => ({ date: r.localDate, status: r.status, sentAt: isoOrNull(r.sentAt) })),
      // The marks a therapist's alerts are read from: crisis language in a reflection (never the words here
      // either: those are in checkIns), and a PHQ-9 item 9 answered above 0.
      flags: [
        ...marked.map((e) => ({
          source: 'reflection' as const,
          date: e.localDate,
          markedAt: isoOrNull(e.crisisAt),
          therapistsToldAt: isoOrNull(e.crisisNotifiedAt),
          therapistsTold: (Array.isArray(e.crisisToldIds) ? e.crisisToldIds : []).map(nameOf),
        })),
        ...assessments.filter((a) => a.selfHarmFlag).map((a) => ({ source: 'phq9' as const, date: a.date, markedAt: a.takenAt })),
      ],
    };
  },

  async erase({ userId }: ErasureRequest): Promise<ErasureOutcome> {
    // All or nothing: a half-erased tracker (entries gone, the key that opens them left) helps nobody.
    const counts = await strapi.db.transaction(() => forgetUsers(strapi, [userId]));
    const erased: Record<string, number> = {};
    for (const [kind, count] of Object.entries(counts)) if (count > 0) erased[kind] = count;
    return { erased, kept: {} };
  },
});
