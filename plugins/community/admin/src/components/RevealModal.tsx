/**
 * Super admins only: shows the account behind an alias. Asks for a reason first; the server logs
 * every reveal. The answer lives only in this dialog and is gone when it closes.
 */
import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient } from '@strapi/strapi/admin';
import { paths } from '../api';

interface RevealedAccount {
  username?: string;
  email?: string;
}

export function RevealModal({ alias, onClose }: { alias: string | null; onClose(): void }) {
  if (!alias) return null;
  // Keyed by the alias, so a revealed account never shows under another alias.
  return <RevealDialog key={alias} alias={alias} onClose={onClose} />;
}

function RevealDialog({ alias, onClose }: { alias: string; onClose(): void }) {
  const { post } = useFetchClient();
  const [account, setAccount] = React.useState<RevealedAccount | null>(null);

  return (
    <ReasonDialog
      id="reveal"
      title={`Reveal the account behind ${alias}`}
      explanation="Members post anonymously. Reveal who is behind an alias only when their safety or others’ safety needs it. The reveal and your reason are logged."
      keptIn="in the moderation log with the reveal"
      submitLabel="Reveal account"
      submitVariant="danger"
      onClose={onClose}
      onSubmit={async (reason) => {
        const { data } = await post<{ data: RevealedAccount }>(paths.reveal, { alias, reason });
        setAccount(data?.data ?? {});
      }}
      result={
        account ? (
          <Box role="status" background="neutral100" hasRadius padding={4}>
            <dl>
              <Flex gap={2}>
                <Typography tag="dt" fontWeight="bold">
                  Username:
                </Typography>
                <Typography tag="dd">{account.username ?? '—'}</Typography>
              </Flex>
              <Flex gap={2}>
                <Typography tag="dt" fontWeight="bold">
                  Email:
                </Typography>
                <Typography tag="dd">{account.email ?? '—'}</Typography>
              </Flex>
            </dl>
          </Box>
        ) : undefined
      }
    />
  );
}
