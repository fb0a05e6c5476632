/**
 * The frame of every dashboard page: a title, the date range (kept in the address, so a view can be
 * shared and survives a reload), the report for that range with its loading and error states, the
 * report's own sections, and when it was counted.
 */
import * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { ErrorAlert, Loading } from '@haven/admin-ui/States';
import { Layouts, Page } from '@strapi/strapi/admin';
import { reportPath, useReport } from '../api';
import { RangeForm, useRangeParams } from './RangeForm';

interface Counted {
  range: { from: string; to: string };
  countedAt: string;
}

export interface ReportPageProps<Report extends Counted> {
  /** The report's name in /dashboards/<name> (usage, therapists, engagement). */
  report: string;
  /** The browser tab's title. */
  pageTitle: string;
  title: string;
  subtitle: string;
  /** What the report shows, section by section. */
  children: (report: Report) => React.ReactNode;
  /** Said after "Counted at …; figures are kept for a minute before they are counted again." */
  footnote?: string;
}

export function ReportPage<Report extends Counted>({ report, pageTitle, title, subtitle, children, footnote }: ReportPageProps<Report>) {
  const [range, apply] = useRangeParams();
  const { data, error, isLoading } = useReport<Report>(reportPath(report, range));
  return (
    <Page.Main>
      <Page.Title>{pageTitle}</Page.Title>
      <Layouts.Header title={title} subtitle={subtitle} />
      <Layouts.Content>
        <RangeForm from={data?.range.from ?? range.from ?? ''} to={data?.range.to ?? range.to ?? ''} onApply={apply} />
        {error ? <ErrorAlert message={error} /> : null}
        {isLoading && !data ? <Loading>Counting…</Loading> : null}
        {data ? (
          <Flex direction="column" alignItems="stretch" gap={6} aria-busy={isLoading}>
            {children(data)}
            <Typography variant="pi" textColor="neutral600">
              Counted at {new Date(data.countedAt).toLocaleString()}; figures are kept for a minute before they are counted again.
              {footnote ? ` ${footnote}` : ''}
            </Typography>
          </Flex>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
