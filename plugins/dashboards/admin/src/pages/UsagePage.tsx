/**
 * The Dashboards page: usage over a range of UTC days (the last 30 by default), one chart per series
 * with its table view and a sentence saying what it shows. The range lives in the address, so a view
 * can be shared and survives a reload.
 */
import { Typography } from '@strapi/design-system';
import type { UsageReport } from '../api';
import { ReportPage } from '../components/ReportPage';
import { SeriesChart } from '../components/SeriesChart';
import { usageCharts } from './usage-charts';

export function UsagePage() {
  return (
    <ReportPage<UsageReport> report="usage" pageTitle="Dashboards" title="Usage" subtitle="Sign-ups, active people, sessions and money over a range of days: counts only, nobody named">
      {(data) => (
        <>
          {usageCharts(data).map((chart) => (
            <SeriesChart key={chart.id} {...chart} />
          ))}
          {data.money.length === 0 ? <Typography textColor="neutral600">No payments or refunds in this range.</Typography> : null}
        </>
      )}
    </ReportPage>
  );
}
