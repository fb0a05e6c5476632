/**
 * The Engagement dashboard: over a range of UTC days (the last 30 by default) check-ins and
 * assessments, community posts, replies, flags and moderators' decisions, library views and searches
 * per day, each a chart with its table view and a sentence; the moderation queue now and its
 * turnaround; the most viewed resources, top searches and searches with no result. Counts only:
 * nobody is named, no alias is linked to anyone, no mood, score or answer is shown.
 */
import type { EngagementReport } from '@haven/shared/engagement';
import { formatCount } from '@haven/admin-ui/format';
import { FigureSummary } from '../components/FigureSummary';
import { ReportPage } from '../components/ReportPage';
import { SeriesChart } from '../components/SeriesChart';
import { TopList } from '../components/TopList';
import { engagementCharts, formatMinutes, libraryLists, turnaroundSentence, waitingSentence } from './engagement-charts';

function ModerationSummary({ report }: { report: EngagementReport }) {
  const { waiting, turnaround } = report.moderation;
  return (
    <FigureSummary
      id="moderation-summary"
      title="Moderation queue and turnaround"
      sentence={`${waitingSentence(waiting)} ${turnaroundSentence(turnaround, report.range)}`}
      figures={[
        ['Flags waiting now', formatCount(waiting.flags)],
        ['Oldest waiting', formatMinutes(waiting.oldestMinutes)],
        ['Flagged items decided', formatCount(turnaround.decisions)],
        ['Median time to decision', formatMinutes(turnaround.medianMinutes)],
        ['9 in 10 decided within', formatMinutes(turnaround.p90Minutes)],
      ]}
    />
  );
}

export function EngagementPage() {
  return (
    <ReportPage<EngagementReport>
      report="engagement"
      pageTitle="Engagement dashboard"
      title="Engagement"
      subtitle="Wellness, community and library activity over a range of days: counts only, nobody named"
      footnote="Each visitor counts once a day per resource viewed and per search."
    >
      {(data) => (
        <>
          <ModerationSummary report={data} />
          {engagementCharts(data).map((chart) => (
            <SeriesChart key={chart.id} {...chart} />
          ))}
          {libraryLists(data.library, data.range).map((list) => (
            <TopList key={list.id} {...list} />
          ))}
        </>
      )}
    </ReportPage>
  );
}
