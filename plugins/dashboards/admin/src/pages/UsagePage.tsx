/**
 * The Dashboards page: usage over a range of UTC days (the last 30 by default), one chart per series
 * with its table view and a sentence saying what it shows. The range lives in the address, so a view
 * can be shared and survives a reload.
 */
import { Flex, Typography } from '@strapi/design-system';
import { ErrorAlert, Loading } from '@haven/admin-ui/States';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useUsage } from '../api';
import { RangeForm, useRangeParams } from '../components/RangeForm';
import { SeriesChart } from '../components/SeriesChart';
import { usageCharts } from './usage-charts';

export function UsagePage() {
  const [range, apply] = useRangeParams();
  const { data, error, isLoading } = useUsage(range);
  return (
    <Page.Main>
      <Page.Title>Dashboards</Page.Title>
      <Layouts.Header title="Usage" subtitle="Sign-ups, active people, sessions and money over a range of days: counts only, nobody named" />
      <Layouts.Content>
        <RangeForm from={data?.range.from ?? range.from ?? ''} to={data?.range.to ?? range.to ?? ''} onApply={apply} />
        {error ? <ErrorAlert message={error} /> : null}
        {isLoading && !data ? <Loading>Counting…</Loading> : null}
        {data ? (
          <Flex direction="column" alignItems="stretch" gap={6} aria-busy={isLoading}>
            {usageCharts(data).map((chart) => (
              <SeriesChart key={chart.id} {...chart} />
            ))}
            {data.money.length === 0 ? <Typography textColor="neutral600">No payments or refunds in this range.</Typography> : null}
            <Typography variant="pi" textColor="neutral600">
              Counted at {new Date(data.countedAt).toLocaleString()}; figures are kept for a minute before they are counted again.
            </Typography>
          </Flex>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
