/**
 * "Send a private message": a moderator writes to the member behind an alias from the queue, without
 * ever learning who they are. The member reads it on the site with the crisis lines of their locale;
 * the moderator is answered with the alias only. A kind default text is offered to start from. The
 * shared staff dialog (ReasonDialog), with the message as its text.
 */
import * as React from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { DEFAULT_NOTICE_TEXT, NOTICE_TEXT_MAX, NOTICE_TEXT_MIN } from '@haven/shared/community';
import { paths, type NoticeSent, type Target } from '../api';

export interface NoticeRequest {
  target: Target;
  id: number | string;
  alias: string;
}

export function NoticeModal({ request, onClose }: { request: NoticeRequest | null; onClose(): void }) {
  if (!request) return null;
  // Keyed by the item, so each opening starts from the default text.
  return <NoticeDialog key={`${request.target}-${request.id}`} request={request} onClose={onClose} />;
}

function NoticeDialog({ request, onClose }: { request: NoticeRequest; onClose(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  return (
    <ReasonDialog
      id="notice"
      title={`Send a private message to ${request.alias}`}
      explanation={
        <>
          Only {request.alias} will see this, in their community notifications, together with the crisis lines for where they are. You will not learn who they are.
          Sending is noted in the moderation log (without the message).
        </>
      }
      keptIn="with the member only"
      textLabel="Message"
      initialText={DEFAULT_NOTICE_TEXT}
      emptyProblem="Please write a message."
      reasonHint={`Plain text, ${NOTICE_TEXT_MIN} to ${NOTICE_TEXT_MAX} characters.`}
      reasonMin={NOTICE_TEXT_MIN}
      reasonMax={NOTICE_TEXT_MAX}
      submitLabel="Send message"
      onSubmit={async (text) => {
        const { data } = await post<{ data: NoticeSent }>(paths.notice(request.target, request.id), { text });
        toggleNotification({ type: 'success', message: `Message sent to ${data?.data?.alias ?? request.alias}` });
        onClose();
      }}
      onClose={onClose}
    />
  );
}
