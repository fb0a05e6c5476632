/**
 * What a therapist sees of the clients who share with them, only while each consent lasts: mood and
 * assessment trends always, entries' reflections only when the client included them. Crisis language in
 * a reflection (found since sharing began) shows as a flag with its day; its words only with reflections. Every read goes
 * through `consent.activeShareFor`, so a revoked share, another therapist's client or a made-up id all
 * answer "No such client".
 */
import type { Core } from '@strapi/strapi';
import type { AssessmentView, ClientSummary, CrisisReflectionView, EntryView, StatsView } from '@haven/shared/wellness';
import { people } from '@haven/plugin-people/public';
import { identity } from '@haven/plugin-identity/public';
import { forbidden } from '@haven/shared/errors';
import { tables } from '../db/tables';
import type { RangeQuery, StatsQuery } from '../lib/validation';
import { getService } from '../get-service';
import { toAssessmentView, type AssessmentRow } from './assessments';
import { openReflection, resolveRange, type Range } from './entries';
import type { ShareRow } from '../db/rows';
import { clientView, crisisReflectionView } from '../views';

export type { ClientSummary };

/** The sentence a therapist without two-step sign-in reads instead of clients' data (the site shows it with a link). */
export const TWO_STEP_REQUIRED = "Turn on two-step sign-in (Profile → Security) to read your clients' shared wellness data";

/**
 * Clients' shared data (mood, assessments, reflections, crisis flags) is health data: a stolen
 * password alone must not open it, so a therapist reads it only with two-step sign-in on (403 otherwise).
 */
export async function requireTwoStep(therapistUserId: number): Promise<void> {
  if (!(await identity.twoFactorEnabled(therapistUserId))) throw forbidden(TWO_STEP_REQUIRED, { reason: 'two-factor-required' });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The latest entry marked for crisis language since the share began; its reflection opened only when the share includes reflections. */
  async function crisisReflection(share: ShareRow): Promise<CrisisReflectionView | null> {
    const row = await tables(strapi).entries.findOne({
      where: { userId: share.clientUserId, crisisAt: share.grantedAt ? { $gte: share.grantedAt } : { $notNull: true } },
      select: share.includeReflections ? ['id', 'localDate', 'crisisAt', 'reflection'] : ['id', 'localDate', 'crisisAt'],
      orderBy: [{ crisisAt: 'desc' }, { id: 'desc' }],
    });
    if (!row?.crisisAt) return null;
    let reflection: string | null = null;
    if (share.includeReflections && row.reflection) {
      const sealer = await getService('vault').sealerFor(share.clientUserId, false);
      reflection = openReflection(sealer, row, (message) => strapi.log.warn(message)).reflection;
    }
    return crisisReflectionView.pick({ date: row.localDate, at: new Date(row.crisisAt).toISOString(), reflectionShared: share.includeReflections, reflection });
  }

  async function summary(share: ShareRow): Promise<ClientSummary> {
    const person = await people.one(share.clientUserId);
    const [lastEntry, phq9, gad7, flagged, lastCrisisReflection] = await Promise.all([
      tables(strapi).entries.findOne({ where: { userId: share.clientUserId }, select: ['localDate'], orderBy: { localDate: 'desc' } }),
      tables(strapi).assessments.findOne({ where: { userId: share.clientUserId, kind: 'phq9' }, orderBy: [{ takenAt: 'desc' }, { id: 'desc' }] }),
      tables(strapi).assessments.findOne({ where: { userId: share.clientUserId, kind: 'gad7' }, orderBy: [{ takenAt: 'desc' }, { id: 'desc' }] }),
      tables(strapi).assessments.findOne({
        where: { userId: share.clientUserId, kind: 'phq9', selfHarmFlag: true, ...(share.grantedAt ? { takenAt: { $gte: share.grantedAt } } : {}) },
        orderBy: [{ takenAt: 'desc' }, { id: 'desc' }],
      }),
      crisisReflection(share),
    ]);
    const view = (row: AssessmentRow | null) => (row ? toAssessmentView(row) : null);
    return clientView.pick({
      clientUserId: share.clientUserId,
      id: share.documentId,
      displayName: person.displayName,
      timeZone: person.timeZone,
      sharingSince: share.grantedAt ? new Date(share.grantedAt).toISOString() : null,
      includeReflections: share.includeReflections,
      lastEntryDate: lastEntry?.localDate ?? null,
      latest: { phq9: view(phq9), gad7: view(gad7) },
      lastSelfHarmFlag: view(flagged),
      lastCrisisReflection,
    });
  }

  async function rangeOf(share: ShareRow, query: RangeQuery, defaultDays: number): Promise<Range> {
    return resolveRange(query, (await people.one(share.clientUserId)).timeZone, defaultDays);
  }

  return {
    async list(therapistUserId: number): Promise<ClientSummary[]> {
      await requireTwoStep(therapistUserId);
      const shares = await getService('consent').clientsOf(therapistUserId);
      return Promise.all(shares.map(summary));
    },

    async findOne(therapistUserId: number, shareId: string): Promise<ClientSummary> {
      await requireTwoStep(therapistUserId);
      return summary(await getService('consent').activeShareFor(therapistUserId, shareId));
    },

    async stats(therapistUserId: number, shareId: string, query: StatsQuery): Promise<StatsView> {
      await requireTwoStep(therapistUserId);
      const share = await getService('consent').activeShareFor(therapistUserId, shareId);
      return getService('stats').forUser(share.clientUserId, query);
    },

    /** Entries in a range; reflections (and whether there are any) only when the client included them in this share. */
    async entries(therapistUserId: number, shareId: string, query: RangeQuery): Promise<{ entries: EntryView[]; range: Range; reflectionsShared: boolean }> {
      await requireTwoStep(therapistUserId);
      const share = await getService('consent').activeShareFor(therapistUserId, shareId);
      const range = await rangeOf(share, query, 30);
      const entries = await getService('entries').list(share.clientUserId, range, { reflections: share.includeReflections });
      return {
        entries,
        range,
        reflectionsShared: share.includeReflections,
      };
    },

    async assessments(therapistUserId: number, shareId: string, query: RangeQuery): Promise<{ assessments: AssessmentView[]; range: Range }> {
      await requireTwoStep(therapistUserId);
      const share = await getService('consent').activeShareFor(therapistUserId, shareId);
      const range = await rangeOf(share, query, 365);
      return { assessments: await getService('assessments').list(share.clientUserId, range), range };
    },
  };
};
