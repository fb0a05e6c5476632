/**
 * What the therapists page draws, from the server's answer: per chart the bars of the busiest
 * therapists, the table (with a row for all therapists) and a sentence. Rates are shares written by
 * `shareText`: below ten cases a count ("1 of 3"), never a percentage of almost nothing.
 */
import { shareText, type ApplicationsWaiting, type TherapistFigures, type TherapistReport } from '@haven/shared/therapist-dashboard';
import { formatCount } from '@haven/admin-ui/format';
import type { RankedChartProps } from '../components/RankedChart';
import { COLORS } from '../components/SeriesChart';

const span = (report: TherapistReport) => `from ${report.range.from} to ${report.range.to} (UTC)`;
const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
const hours = (minutes: number) => Math.round(minutes / 6) / 10;
export const formatHours = (minutes: number) => `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(hours(minutes))} h`;
export const formatMinutes = (minutes: number | null) => (minutes === null ? '–' : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(minutes)} min`);
export const formatUtilisation = (share: number | null) => (share === null ? 'no hours offered' : `${Math.round(share * 100)} %`);

export const cancellationShare = (f: TherapistFigures) => shareText({ count: f.cancelled, of: f.scheduled });
export const noShowShare = (f: TherapistFigures) => shareText({ count: f.noShow, of: f.held + f.noShow });
export const returningShare = (f: TherapistFigures) => shareText({ count: f.returningClients, of: f.clients });
export const repliedShare = (f: TherapistFigures) => shareText({ count: f.firstReply.replied, of: f.firstReply.conversations });

const days = (n: number) => (n === 0 ? 'less than a day' : plural(n, 'day', 'days'));

/** Applications waiting, in one sentence: "3 therapist applications are waiting, the oldest for 10 days (median 4 days)." */
export function applicationsSentence(a: ApplicationsWaiting): string {
  if (a.count === 0 || a.oldestDays === null) return 'No therapist application is waiting.';
  const waiting = a.count === 1 ? '1 therapist application is waiting' : `${formatCount(a.count)} therapist applications are waiting`;
  const median = a.count > 1 && a.medianDays !== null ? ` (median ${days(a.medianDays)})` : '';
  return `${waiting}, the oldest for ${days(a.oldestDays)}${median}.`;
}

/** Table rows of the listed therapists and the row for all, from one function of the figures. */
function table(report: TherapistReport, columns: string[], cells: (f: TherapistFigures) => string[]): RankedChartProps['table'] {
  return { columns, rows: report.therapists.map((t) => ({ name: t.displayName, cells: cells(t) })), total: cells(report.totals) };
}

export function therapistCharts(report: TherapistReport): RankedChartProps[] {
  const { totals } = report;
  const listed = `the ${plural(report.therapists.length, 'therapist', 'therapists')} with the most sessions held`;
  const sessions: RankedChartProps = {
    id: 'therapist-sessions',
    title: 'Sessions',
    sentence:
      `Sessions due to start ${span(report)}, for ${listed}. Across all ${plural(totals.therapists, 'therapist', 'therapists')}: ` +
      `${formatCount(totals.held)} held, no-show rate ${noShowShare(totals)} (of sessions held or missed), ` +
      `cancellation rate ${cancellationShare(totals)} (of ${plural(totals.scheduled, 'session', 'sessions')} due; ${formatCount(totals.cancelledByTherapist)} cancelled by the therapist).`,
    rows: report.therapists.map((t) => ({ name: t.displayName, held: t.held, noShow: t.noShow, cancelled: t.cancelled })),
    series: [
      { key: 'held', label: 'Held', color: COLORS.green },
      { key: 'noShow', label: 'No-show', color: COLORS.red },
      { key: 'cancelled', label: 'Cancelled', color: COLORS.orange },
    ],
    format: (n) => formatCount(n),
    table: table(report, ['Held', 'No-show', 'No-show rate', 'Due', 'Cancelled', 'Cancellation rate', 'By the therapist'], (f) => [
      formatCount(f.held),
      formatCount(f.noShow),
      noShowShare(f),
      formatCount(f.scheduled),
      formatCount(f.cancelled),
      cancellationShare(f),
      formatCount(f.cancelledByTherapist),
    ]),
  };
  const utilisation: RankedChartProps = {
    id: 'therapist-utilisation',
    title: 'Utilisation of offered hours',
    sentence:
      `Hours booked (confirmed, held and no-show sessions) against hours offered in each therapist's current weekly hours and date changes ${span(report)}, ` +
      `for ${listed}. Across all therapists: ${formatHours(totals.bookedMinutes)} booked of ${formatHours(totals.offeredMinutes)} offered (${formatUtilisation(totals.utilisation)}).`,
    rows: report.therapists.map((t) => ({ name: t.displayName, booked: hours(t.bookedMinutes), offered: hours(t.offeredMinutes) })),
    series: [
      { key: 'booked', label: 'Booked hours', color: COLORS.blue },
      { key: 'offered', label: 'Offered hours', color: COLORS.grey },
    ],
    format: (h) => `${h} h`,
    table: table(report, ['Booked', 'Offered', 'Utilisation'], (f) => [formatHours(f.bookedMinutes), formatHours(f.offeredMinutes), formatUtilisation(f.utilisation)]),
  };
  const replies: RankedChartProps = {
    id: 'therapist-replies',
    title: 'Time to first reply in chat',
    sentence:
      `Median minutes from a client's first message in a conversation (sent ${span(report)}) to the therapist's first reply, for ${listed}. ` +
      `Across all therapists: ${plural(totals.firstReply.conversations, 'conversation', 'conversations')}, answered ${repliedShare(totals)}, ` +
      `median ${formatMinutes(totals.firstReply.medianMinutes)}.`,
    rows: report.therapists.map((t) => ({ name: t.displayName, median: t.firstReply.medianMinutes ?? 0 })),
    series: [{ key: 'median', label: 'Median minutes to first reply', color: COLORS.blue }],
    format: (m) => formatMinutes(m),
    table: table(report, ['Conversations', 'Answered', 'Median'], (f) => [formatCount(f.firstReply.conversations), repliedShare(f), formatMinutes(f.firstReply.medianMinutes)]),
  };
  const returning: RankedChartProps = {
    id: 'therapist-returning',
    title: 'Clients returning',
    sentence:
      `Clients with a held session ${span(report)} and those with two or more held sessions with the same therapist, for ${listed}. ` +
      `Across all therapists: ${plural(totals.clients, 'client', 'clients')}, returning ${returningShare(totals)}. Counts only: no client is named.`,
    rows: report.therapists.map((t) => ({ name: t.displayName, clients: t.clients, returning: t.returningClients })),
    series: [
      { key: 'clients', label: 'Clients', color: COLORS.grey },
      { key: 'returning', label: 'Returning', color: COLORS.green },
    ],
    format: (n) => formatCount(n),
    table: table(report, ['Clients', 'Returning', 'Returning share'], (f) => [formatCount(f.clients), formatCount(f.returningClients), returningShare(f)]),
  };
  return [sessions, utilisation, replies, returning];
}
