/**
 * The side panel of one application: who, the licence, its flags, the document (downloaded with the
 * admin session), the decisions so far, and the decision buttons for staff who may review.
 */
import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Cross, Download } from '@strapi/icons';
import { formatDay, formatInstant } from '@haven/admin-ui/format';
import { errorMessage } from '@haven/admin-ui/query';
import { ErrorAlert } from '@haven/admin-ui/States';
import { formatSize, useApplication, useDocumentDownload, waitingText, type ApplicationDecision, type ApplicationView } from '../api';
import { DECISION_TEXT } from './DecisionModal';
import { FlagBadges, StatusBadge } from './FlagBadges';

const DECISIONS: ApplicationDecision[] = ['approve', 'reject', 'more-info'];
const MAY_LEAVE: Record<ApplicationDecision, ApplicationView['status'][]> = { approve: ['pending', 'more-info'], reject: ['pending', 'more-info'], 'more-info': ['pending'] };
const DECIDED: Record<ApplicationDecision, string> = { approve: 'Approved', reject: 'Rejected', 'more-info': 'Asked for more' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box paddingBottom={3}>
      <Typography tag="dt" variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography tag="dd" style={{ margin: 0 }}>
        {children}
      </Typography>
    </Box>
  );
}

interface Props {
  id: string;
  generation: number;
  canReview: boolean;
  onDecide(application: ApplicationView, decision: ApplicationDecision): void;
  onClose(): void;
}

export function DetailPanel({ id, generation, canReview, onDecide, onClose }: Props) {
  const { data, error } = useApplication(id, generation);
  const download = useDocumentDownload();
  const [downloadError, setDownloadError] = React.useState<string | null>(null);

  return (
    <Box tag="aside" aria-label="Application details" background="neutral0" hasRadius shadow="tableShadow" padding={5} style={{ position: 'sticky', top: 16 }}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={2} paddingBottom={4}>
        <Typography tag="h2" variant="beta">
          {data?.displayName ?? 'Application'}
        </Typography>
        <Button variant="ghost" onClick={onClose} aria-label="Close the details" startIcon={<Cross />}>
          Close
        </Button>
      </Flex>
      {error ? (
        <ErrorAlert message={error} />
      ) : !data ? (
        <Typography textColor="neutral600" role="status">
          Loading…
        </Typography>
      ) : (
        <>
          <dl style={{ margin: 0 }}>
            <Fact label="Status">
              <StatusBadge status={data.status} />
            </Fact>
            <Fact label="Email">{data.email ?? '—'}</Fact>
            <Fact label="Licence">
              {data.licenceNumber} ({data.licenceJurisdiction}), expires {formatDay(data.licenceExpiry)}
            </Fact>
            <Fact label="Flags">
              <FlagBadges application={data} />
            </Fact>
            <Fact label="Submitted">
              {formatInstant(data.submittedAt)}
              {data.waitingDays !== null ? `, waiting ${waitingText(data.waitingDays)}` : ''}
            </Fact>
            {data.verifiedBy ? <Fact label="Last decided by">{`${data.verifiedBy}, ${formatInstant(data.verifiedAt)}`}</Fact> : null}
            <Fact label="Licence document">
              {data.document ? (
                <Button
                  variant="secondary"
                  startIcon={<Download />}
                  onClick={() => {
                    setDownloadError(null);
                    download(data).catch((e: unknown) => setDownloadError(errorMessage(e)));
                  }}
                >
                  Download {data.document.fileName} ({formatSize(data.document.size)})
                </Button>
              ) : (
                'Not uploaded yet'
              )}
            </Fact>
          </dl>
          {downloadError ? (
            <Typography role="alert" textColor="danger700">
              {downloadError}
            </Typography>
          ) : null}
          {canReview ? (
            <Flex gap={2} wrap="wrap" paddingTop={2} paddingBottom={4}>
              {DECISIONS.filter((d) => MAY_LEAVE[d].includes(data.status)).map((d) => (
                <Button key={d} variant={DECISION_TEXT[d].variant} onClick={() => onDecide(data, d)}>
                  {DECISION_TEXT[d].title}
                </Button>
              ))}
            </Flex>
          ) : null}
          <Typography tag="h3" variant="delta">
            Decisions
          </Typography>
          {data.decisions.length ? (
            <Box tag="ol" paddingTop={2} style={{ listStyle: 'none', padding: 0 }}>
              {data.decisions.map((d) => (
                <Box tag="li" key={d.id} paddingTop={2} paddingBottom={2} borderColor="neutral150" style={{ borderBottomWidth: 1, borderBottomStyle: 'solid' }}>
                  <Typography fontWeight="semiBold">{`${DECIDED[d.decision]} by ${d.decidedBy}, ${formatInstant(d.decidedAt)}`}</Typography>
                  <Typography tag="p" textColor="neutral700" style={{ whiteSpace: 'pre-wrap' }}>
                    {d.message}
                  </Typography>
                </Box>
              ))}
            </Box>
          ) : (
            <Typography tag="p" textColor="neutral600">
              None yet.
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
