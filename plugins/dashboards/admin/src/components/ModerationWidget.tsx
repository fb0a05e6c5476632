/**
 * The home page widget of moderation (for moderators, plugin::dashboards.moderation): flags waiting
 * now and how long the oldest has waited, and the last 30 days' time from first flag to decision.
 * Counts and minutes only: no alias, post or person.
 */
import { Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import type { ModerationReport } from '@haven/shared/engagement';
import { formatCount } from '@haven/admin-ui/format';
import { reportPath, useReport } from '../api';
import { formatMinutes, turnaroundSentence, waitingSentence } from '../pages/engagement-charts';
import { FigureList } from './FigureList';

export function ModerationWidget() {
  const { data, error, isLoading } = useReport<ModerationReport>(reportPath('moderation', {}));
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography tag="p" textColor="neutral700">
        {waitingSentence(data.waiting)} {turnaroundSentence(data.turnaround, data.range)}
      </Typography>
      <FigureList
        figures={[
          ['Flags waiting', formatCount(data.waiting.flags)],
          ['Oldest waiting', formatMinutes(data.waiting.oldestMinutes)],
          ['Median to decision', formatMinutes(data.turnaround.medianMinutes)],
        ]}
      />
    </Flex>
  );
}
