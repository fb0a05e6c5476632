/**
 * The Engagement dashboard: over a range of UTC days (the last 30 by default) check-ins and
 * assessments, community posts, replies, flags and moderators' decisions, library views and searches
 * per day, each a chart with its table view and a sentence; the moderation queue now and its
 * turnaround; the most viewed resources, top searches and searches with no result. Counts only:
 * nobody is named, no alias is linked to anyone, no mood, score or answer is shown.
 */
import { Box, Flex, Typography } from '@strapi/design-system';
import { ErrorAlert, Loading } from '@haven/admin-ui/States';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { EngagementReport } from '@haven/shared/engagement';
import { formatCount } from '@haven/admin-ui/format';
import { reportPath, useReport } from '../api';
import { FigureList } from '../components/FigureList';
import { RangeForm, useRangeParams } from '../components/RangeForm';
import { SeriesChart } from '../components/SeriesChart';
import { TopList } from '../components/TopList';
import { engagementCharts, formatMinutes, libraryLists, turnaroundSentence, waitingSentence } from './engagement-charts';

function ModerationSummary({ report }: { report: EngagementReport }) {
  const { waiting, turnaround } = report.moderation;
  return (
    <Box tag="section" aria-labelledby="moderation-summary-title" background="neutral0" padding={5} shadow="tableShadow" hasRadius>
      <Typography tag="h2" variant="delta" id="moderation-summary-title">
        Moderation queue and turnaround
      </Typography>
      <Box marginTop={2} marginBottom={3}>
        <Typography tag="p" textColor="neutral700">
          {waitingSentence(waiting)} {turnaroundSentence(turnaround, report.range)}
        </Typography>
      </Box>
      <FigureList
        figures={[
          ['Flags waiting now', formatCount(waiting.flags)],
          ['Oldest waiting', formatMinutes(waiting.oldestMinutes)],
          ['Flagged items decided', formatCount(turnaround.decisions)],
          ['Median time to decision', formatMinutes(turnaround.medianMinutes)],
          ['9 in 10 decided within', formatMinutes(turnaround.p90Minutes)],
        ]}
      />
    </Box>
  );
}

export function EngagementPage() {
  const [range, apply] = useRangeParams();
  const { data, error, isLoading } = useReport<EngagementReport>(reportPath('engagement', range));
  return (
    <Page.Main>
      <Page.Title>Engagement dashboard</Page.Title>
      <Layouts.Header title="Engagement" subtitle="Wellness, community and library activity over a range of days: counts only, nobody named" />
      <Layouts.Content>
        <RangeForm from={data?.range.from ?? range.from ?? ''} to={data?.range.to ?? range.to ?? ''} onApply={apply} />
        {error ? <ErrorAlert message={error} /> : null}
        {isLoading && !data ? <Loading>Counting…</Loading> : null}
        {data ? (
          <Flex direction="column" alignItems="stretch" gap={6} aria-busy={isLoading}>
            <ModerationSummary report={data} />
            {engagementCharts(data).map((chart) => (
              <SeriesChart key={chart.id} {...chart} />
            ))}
            {libraryLists(data.library, data.range).map((list) => (
              <TopList key={list.id} {...list} />
            ))}
            <Typography variant="pi" textColor="neutral600">
              Counted at {new Date(data.countedAt).toLocaleString()}; figures are kept for a minute before they are counted again. Each visitor counts
              once a day per resource viewed and per search.
            </Typography>
          </Flex>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
