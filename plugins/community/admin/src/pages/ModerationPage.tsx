/** The moderation page: Queue, Watched words and Log tabs; the current tab is kept in the address. */
import * as React from 'react';
import { Box, Tabs } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { ActionModal, type ActionRequest } from '../components/ActionModal';
import { LogTab } from '../components/LogTab';
import { NoticeModal, type NoticeRequest } from '../components/NoticeModal';
import { QueueTab } from '../components/QueueTab';
import { RevealModal } from '../components/RevealModal';
import { WatchedWordsTab } from '../components/WatchedWordsTab';
import { useModerationRights } from './useModerationRights';

const TABS = [
  { value: 'queue', label: 'Queue' },
  { value: 'watched-words', label: 'Watched words' },
  { value: 'log', label: 'Log' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

export function ModerationPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const tab: TabValue = TABS.some((t) => t.value === requested) ? (requested as TabValue) : 'queue';
  const { canAct, isSuperAdmin } = useModerationRights();
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const [revealing, setRevealing] = React.useState<string | null>(null);
  const [noticing, setNoticing] = React.useState<NoticeRequest | null>(null);
  const [refreshKey, setRefreshKey] = React.useState(0);

  return (
    <Page.Main>
      <Page.Title>Moderation</Page.Title>
      <Layouts.Header title="Moderation" subtitle="Flagged, held and crisis posts and replies from the community, and the decisions taken on them" />
      <Layouts.Content>
        <Tabs.Root
          variant="simple"
          value={tab}
          onValueChange={(value) => setSearchParams(value === 'queue' ? {} : { tab: value }, { replace: true })}
        >
          <Tabs.List aria-label="Moderation sections">
            {TABS.map((t) => (
              <Tabs.Trigger key={t.value} value={t.value}>
                {t.label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <Box paddingTop={6}>
            <Tabs.Content value="queue">
              <QueueTab canAct={canAct} isSuperAdmin={isSuperAdmin} onAction={setRequest} onReveal={setRevealing} onNotice={setNoticing} refreshKey={refreshKey} />
            </Tabs.Content>
            <Tabs.Content value="watched-words">
              <WatchedWordsTab canAct={canAct} />
            </Tabs.Content>
            <Tabs.Content value="log">
              <LogTab />
            </Tabs.Content>
          </Box>
        </Tabs.Root>
      </Layouts.Content>
      <ActionModal
        request={request}
        onClose={() => setRequest(null)}
        onDone={() => {
          setRequest(null);
          setRefreshKey((key) => key + 1);
        }}
      />
      <RevealModal alias={revealing} onClose={() => setRevealing(null)} />
      <NoticeModal request={noticing} onClose={() => setNoticing(null)} />
    </Page.Main>
  );
}
