/**
 * What the engagement page draws, from the server's answer: the rows, series and sentence of each
 * chart, and the sentences of the moderation and library widgets. Counts stay counts (no percentages
 * of small numbers); nobody is named, and no score or answer is ever part of the answer.
 */
import type { EngagementReport, LibraryReport, ModerationReport, ModerationTurnaround, ModerationWaiting, SearchCount } from '@haven/shared/engagement';
import { formatCount } from '@haven/admin-ui/format';
import { COLORS, type SeriesChartProps } from '../components/SeriesChart';
import type { TopListProps } from '../components/TopList';

const span = (range: { from: string; to: string }) => `from ${range.from} to ${range.to} (UTC)`;
const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Minutes as staff read them: "45 minutes", "3 h 20 min", "2 days 4 h". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 60) return plural(minutes, 'minute', 'minutes');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${formatCount(hours)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const days = Math.floor(hours / 24);
  return `${plural(days, 'day', 'days')}${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

export function waitingSentence(waiting: ModerationWaiting): string {
  if (!waiting.flags) return 'No flag is waiting for a moderator.';
  return `${plural(waiting.flags, 'flag is', 'flags are')} waiting on ${plural(waiting.items, 'post or reply', 'posts and replies')}; the oldest was raised ${formatMinutes(waiting.oldestMinutes)} ago.`;
}

export function turnaroundSentence(turnaround: ModerationTurnaround, range: { from: string; to: string }): string {
  if (!turnaround.decisions) return `No flagged post or reply was decided ${span(range)}.`;
  const many = turnaround.decisions > 1;
  return (
    `${plural(turnaround.decisions, 'flagged post or reply was', 'flagged posts and replies were')} decided ${span(range)}` +
    (many ? `: half within ${formatMinutes(turnaround.medianMinutes)} of the first flag, nine in ten within ${formatMinutes(turnaround.p90Minutes)}.` : `, ${formatMinutes(turnaround.medianMinutes)} after its first flag.`)
  );
}

const searchRows = (list: SearchCount[], key: 'searches' | 'noResults') => list.map((s) => ({ name: s.query, value: s[key] }));

export function libraryLists(report: Pick<LibraryReport, 'topResources' | 'topSearches' | 'noResultSearches'>, range: { from: string; to: string }): TopListProps[] {
  return [
    {
      id: 'top-resources',
      title: 'Most viewed resources',
      sentence: report.topResources.length
        ? `The ${plural(report.topResources.length, 'resource', 'resources')} read most ${span(range)}, each visitor counted once a day.`
        : `No resource was viewed ${span(range)}.`,
      nameLabel: 'Resource',
      valueLabel: 'Views',
      rows: report.topResources.map((r) => ({ name: r.title || `${r.id} (no longer published)`, value: r.views })),
      color: COLORS.blue,
    },
    {
      id: 'top-searches',
      title: 'Top searches',
      sentence: report.topSearches.length ? `What people searched the library for most often ${span(range)} (trimmed and lower-cased).` : `Nobody searched the library ${span(range)}.`,
      nameLabel: 'Search',
      valueLabel: 'Searches',
      rows: searchRows(report.topSearches, 'searches'),
      color: COLORS.green,
    },
    {
      id: 'no-result-searches',
      title: 'Searches with no result',
      sentence: report.noResultSearches.length
        ? `Searches that found nothing ${span(range)}, most frequent first: what editors could write next.`
        : `Every search found something ${span(range)}.`,
      nameLabel: 'Search',
      valueLabel: 'Searches with no result',
      rows: searchRows(report.noResultSearches, 'noResults'),
      color: COLORS.red,
    },
  ];
}

export function libraryChart(report: Pick<LibraryReport, 'days' | 'totals'>, range: { from: string; to: string }): SeriesChartProps {
  const t = report.totals;
  return {
    id: 'library',
    title: 'Library views and searches',
    sentence: `Resource views and library searches per day ${span(range)}: ${plural(t.views, 'view', 'views')}, ${plural(t.searches, 'search', 'searches')}, ${formatCount(t.noResults)} of them with no result.`,
    kind: 'line',
    rows: report.days.map(({ day, views, searches, noResults }) => ({ day, views, searches, noResults })),
    series: [
      { key: 'views', label: 'Views', color: COLORS.blue },
      { key: 'searches', label: 'Searches', color: COLORS.green },
      { key: 'noResults', label: 'No result', color: COLORS.red },
    ],
    format: (n) => formatCount(n),
  };
}

export function moderationChart(report: Pick<ModerationReport, 'days' | 'totals'>, range: { from: string; to: string }): SeriesChartProps {
  return {
    id: 'moderation',
    title: 'Flags and moderation decisions',
    sentence: `Flags raised by members and moderators' decisions on posts and replies (approve, hide, remove) per day ${span(range)}: ${plural(report.totals.flags, 'flag', 'flags')}, ${plural(report.totals.decisions, 'decision', 'decisions')}.`,
    kind: 'bar',
    rows: report.days.map(({ day, flags, decisions }) => ({ day, flags, decisions })),
    series: [
      { key: 'flags', label: 'Flags', color: COLORS.orange },
      { key: 'decisions', label: 'Decisions', color: COLORS.grey },
    ],
    format: (n) => formatCount(n),
  };
}

export function engagementCharts(report: EngagementReport): SeriesChartProps[] {
  const t = report.totals;
  const wellness: SeriesChartProps = {
    id: 'wellness',
    title: 'Check-ins and assessments',
    sentence:
      `Wellness check-ins per day they are for and PHQ-9 or GAD-7 assessments taken per day ${span(report.range)}: ` +
      `${plural(t.checkIns, 'check-in', 'check-ins')}, ${plural(t.assessments, 'assessment', 'assessments')}. Counted only: no mood, score or answer is shown.`,
    kind: 'line',
    rows: report.days.map(({ day, checkIns, assessments }) => ({ day, checkIns, assessments })),
    series: [
      { key: 'checkIns', label: 'Check-ins', color: COLORS.blue },
      { key: 'assessments', label: 'Assessments', color: COLORS.green },
    ],
    format: (n) => formatCount(n),
  };
  const posts: SeriesChartProps = {
    id: 'community',
    title: 'Community posts and replies',
    sentence: `Posts and replies written per day ${span(report.range)}, whatever became of them since: ${plural(t.posts, 'post', 'posts')}, ${plural(t.replies, 'reply', 'replies')}.`,
    kind: 'bar',
    rows: report.days.map(({ day, posts: written, replies }) => ({ day, posts: written, replies })),
    series: [
      { key: 'posts', label: 'Posts', color: COLORS.blue },
      { key: 'replies', label: 'Replies', color: COLORS.green },
    ],
    format: (n) => formatCount(n),
  };
  return [wellness, posts, moderationChart(report.moderation, report.range), libraryChart(report.library, report.range)];
}
