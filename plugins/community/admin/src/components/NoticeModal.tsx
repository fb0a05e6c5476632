/**
 * "Send a private message": a moderator writes to the member behind an alias from the queue, without
 * ever learning who they are. The member reads it on the site with the crisis lines of their locale;
 * the moderator is answered with the alias only. A kind default text is offered to start from.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '@haven/admin-ui/query';
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
  const [text, setText] = React.useState(DEFAULT_NOTICE_TEXT);
  const [problem, setProblem] = React.useState<string | undefined>();
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [sending, setSending] = React.useState(false);
  const fieldId = 'notice-text';

  const check = (value: string) =>
    value.trim().length < NOTICE_TEXT_MIN ? `Please write at least ${NOTICE_TEXT_MIN} characters.` : value.length > NOTICE_TEXT_MAX ? `Please keep it to ${NOTICE_TEXT_MAX} characters.` : undefined;

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (sending) return;
    const found = check(text);
    setProblem(found);
    if (found) {
      document.getElementById(fieldId)?.focus();
      return;
    }
    setSending(true);
    setSubmitError(null);
    try {
      const { data } = await post<{ data: NoticeSent }>(paths.notice(request.target, request.id), { text: text.trim() });
      toggleNotification({ type: 'success', message: `Message sent to ${data?.data?.alias ?? request.alias}` });
      onClose();
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && !sending && onClose()}>
      <Modal.Content aria-describedby="notice-explanation">
        <form onSubmit={send} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>Send a private message to {request.alias}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="notice-explanation" tag="p">
                Only {request.alias} will see this, in their community notifications, together with the crisis lines for where they are. You will not learn who
                they are. Sending is noted in the moderation log (without the message).
              </Typography>
              <Field.Root name="text" id={fieldId} required error={problem} hint={`Plain text, ${NOTICE_TEXT_MIN} to ${NOTICE_TEXT_MAX} characters.`}>
                <Field.Label>Message</Field.Label>
                <Textarea
                  value={text}
                  maxLength={NOTICE_TEXT_MAX}
                  disabled={sending}
                  onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                    setText(e.target.value);
                    if (problem && !check(e.target.value)) setProblem(undefined);
                  }}
                />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              {submitError ? (
                <Box role="alert" background="danger100" borderColor="danger200" hasRadius padding={3}>
                  <Typography textColor="danger700">{submitError}</Typography>
                </Box>
              ) : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={sending}>
                Cancel
              </Button>
            </Modal.Close>
            <Button type="submit" loading={sending}>
              Send message
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
