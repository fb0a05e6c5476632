/**
 * PHQ-9 and GAD-7: scored and banded on the server (`scoreAssessment` in @haven/shared, the same code
 * the site shows results with). A PHQ-9 whose item 9 is above 0 answers at once with the crisis lines
 * for the person's locale (the safety plugin's, from config/crisis/) and tells every therapist the
 * person shares with (services/alerts.ts: the one escalation path, shared with crisis reflections).
 */
import type { Core } from '@strapi/strapi';
import { ASSESSMENTS, scoreAssessment, type AssessmentKind, type AssessmentView } from '@haven/shared/wellness';
import { notFound } from '@haven/shared/errors';
import type { CrisisResources } from '@haven/shared/safety';
import { safety } from '@haven/plugin-safety/public';
import { people } from '@haven/plugin-people/public';
import { localToday } from '../lib/dates';
import type { AssessmentRow } from '../db/rows';
import { tables } from '../db/tables';
import type { AssessmentInput } from '../lib/validation';
import { getService } from '../get-service';
import { assessmentView } from '../views';

export type { AssessmentRow };

export type { AssessmentView };

/**
 * The crisis lines for a locale (config/crisis/resources.json, through the safety plugin), passed on as they are, or
 * only the emergency message when the lines cannot be read.
 */
export type CrisisAnswer = CrisisResources | { message: string };

export interface SubmitResult {
  assessment: AssessmentView;
  /** Crisis lines for the person's locale, when PHQ-9 item 9 was above 0. */
  crisis: CrisisAnswer | null;
  /** Therapists told about item 9 (those the person shares with). */
  therapistsNotified: number;
}

/** A row as an answer: the owner's record, then only the fields `assessmentView` names. */
export function toAssessmentView(row: AssessmentRow): AssessmentView {
  const definition = ASSESSMENTS[row.kind];
  const band = definition.bands.find((b) => b.key === row.band);
  return assessmentView.pick({
    userId: row.userId,
    id: row.documentId,
    kind: row.kind,
    name: definition.name,
    answers: row.answers,
    score: row.score,
    maxScore: definition.maxScore,
    band: row.band,
    bandLabel: band?.label ?? row.band,
    selfHarmFlag: Boolean(row.selfHarmFlag),
    date: row.localDate,
    takenAt: new Date(row.takenAt).toISOString(),
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const assessments = () => tables(strapi).assessments;

  function crisisLines(locale: string | null): CrisisAnswer {
    try {
      return safety.crisisLines(locale);
    } catch (err) {
      // Never fail the person's submission for want of the lines: the emergency message still helps.
      strapi.log.error(`[wellness] the crisis lines cannot be read (${(err as Error).message}): showing the emergency message only`);
      return { message: 'If you are in immediate danger or might act on thoughts of suicide, call your local emergency number now.' };
    }
  }

  const service = {
    async submit(userId: number, input: AssessmentInput, locale: string | null, now: Date = new Date()): Promise<SubmitResult> {
      const { score, band, selfHarmFlag } = scoreAssessment(input.kind, input.answers);
      const { timeZone } = await people.one(userId);
      const row = await assessments().create({
        data: { userId, kind: input.kind, answers: input.answers, score, band: band.key, selfHarmFlag, localDate: localToday(timeZone, now), takenAt: now },
      });
      const assessment = toAssessmentView(row);
      if (!selfHarmFlag) return { assessment, crisis: null, therapistsNotified: 0 };
      const crisis = crisisLines(locale);
      const therapistsNotified = await getService('alerts').itemNine(userId, assessment);
      return { assessment, crisis, therapistsNotified };
    },

    async list(userId: number, range: { from: string; to: string }, kind?: AssessmentKind): Promise<AssessmentView[]> {
      const rows = await assessments().findMany({
        where: { userId, localDate: { $gte: range.from, $lte: range.to }, ...(kind ? { kind } : {}) },
        orderBy: [{ takenAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toAssessmentView);
    },

    async remove(userId: number, id: string): Promise<void> {
      const { count } = await assessments().deleteMany({ where: { userId, documentId: id } });
      if (count === 0) throw notFound('No such assessment.');
    },
  };
  return service;
};
