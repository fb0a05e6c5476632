/**
 * The Therapists dashboard: applications waiting now, then over a range of UTC days (the last 30 by
 * default) the busiest therapists' sessions, utilisation of offered hours, time to first reply and
 * clients returning, each a chart with its table view and a sentence, and the same for all
 * therapists together. Therapists are named; clients are only counted.
 */
import type { TherapistReport } from '@haven/shared/therapist-dashboard';
import { formatCount } from '@haven/admin-ui/format';
import { FigureSummary } from '../components/FigureSummary';
import { ReportPage } from '../components/ReportPage';
import { RankedChart } from '../components/RankedChart';
import { applicationsSentence, cancellationShare, formatMinutes, formatUtilisation, noShowShare, therapistCharts } from './therapist-charts';

function Summary({ report }: { report: TherapistReport }) {
  const t = report.totals;
  const figures: [string, string][] = [
    ['Applications waiting', formatCount(report.applications.count)],
    ['Therapists with sessions due', formatCount(t.therapists)],
    ['Sessions held', formatCount(t.held)],
    ['No-show rate', noShowShare(t)],
    ['Cancellation rate', cancellationShare(t)],
    ['Utilisation of offered hours', formatUtilisation(t.utilisation)],
    ['Median time to first reply', formatMinutes(t.firstReply.medianMinutes)],
  ];
  return (
    <FigureSummary
      id="therapist-summary"
      title="All therapists"
      sentence={`${applicationsSentence(report.applications)} The other figures cover ${report.range.from} to ${report.range.to} (UTC).`}
      figures={figures}
    />
  );
}

export function TherapistsPage() {
  return (
    <ReportPage<TherapistReport>
      report="therapists"
      pageTitle="Therapists dashboard"
      title="Therapists"
      subtitle="Applications waiting and the busiest therapists over a range of days: therapists named, clients only counted"
      footnote="Offered hours are each therapist's current weekly hours and date changes, read as their own local dates."
    >
      {(data) => (
        <>
          <Summary report={data} />
          {therapistCharts(data).map((chart) => (
            <RankedChart key={chart.id} {...chart} />
          ))}
        </>
      )}
    </ReportPage>
  );
}
