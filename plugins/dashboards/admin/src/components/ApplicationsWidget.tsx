/**
 * The home page widget of therapist applications: how many wait and for how long (the oldest and
 * the median), from the therapists dashboard's answer. Nobody is named here.
 */
import { Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import type { TherapistReport } from '@haven/shared/therapist-dashboard';
import { formatCount } from '@haven/admin-ui/format';
import { reportPath, useReport } from '../api';
import { applicationsSentence } from '../pages/therapist-charts';
import { FigureList } from './FigureList';

const daysText = (n: number | null) => (n === null ? '–' : n === 0 ? 'under a day' : `${formatCount(n)} ${n === 1 ? 'day' : 'days'}`);

export function ApplicationsWidget() {
  const { data, error, isLoading } = useReport<TherapistReport>(reportPath('therapists', {}));
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  const a = data.applications;
  const figures: [string, string][] = [
    ['Applications waiting', formatCount(a.count)],
    ['Oldest', daysText(a.oldestDays)],
    ['Median wait', daysText(a.medianDays)],
  ];
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography tag="p" textColor="neutral700">
        {applicationsSentence(a)}
      </Typography>
      <FigureList figures={figures} />
    </Flex>
  );
}
