/**
 * The one dialog every moderation action goes through: it says what will happen, asks for a reason
 * (required, kept in the moderation log) and, to silence or suspend, for how long.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage, paths, type ActionBody, type ModerationAction, type Target } from '../api';
import { ACTION_LABELS, SILENCE_DURATIONS, SUSPEND_DURATIONS, targetLabel } from '../labels';

export interface ActionRequest {
  action: ModerationAction;
  /** For approve / hide / remove: the item acted on. */
  item?: { target: Target; id: number | string; title?: string | null };
  /** For warn / silence / suspend: the alias acted on (also shown for items, as the author). */
  alias?: string;
}

/** The server's limits on a reason. */
const REASON_MIN = 3;
const REASON_MAX = 500;
const INDEFINITE = 'indefinite';

function describe(request: ActionRequest): { title: string; explanation: string } {
  const what = request.item ? `${targetLabel(request.item.target).toLowerCase()}${request.item.title ? ` “${request.item.title}”` : ''}` : '';
  switch (request.action) {
    case 'approve':
      return { title: `Approve ${what}`, explanation: 'It will be visible to members again and leave the queue.' };
    case 'hide':
      return { title: `Hide ${what}`, explanation: 'It will stay hidden from members. It can be approved later.' };
    case 'remove':
      return { title: `Remove ${what}`, explanation: 'It will be taken down for good and leave the queue.' };
    case 'warn':
      return { title: `Warn ${request.alias}`, explanation: `${request.alias} will receive a warning. Warnings are counted on the alias.` };
    case 'silence':
      return { title: `Silence ${request.alias}`, explanation: `${request.alias} will not be able to post or reply for the time chosen.` };
    case 'suspend':
      return { title: `Suspend ${request.alias}`, explanation: `${request.alias} will not be able to use the community for the time chosen, or until the suspension is lifted.` };
    case 'reinstate':
      return { title: `Reinstate ${request.alias}`, explanation: `${request.alias} will be able to post and reply again straight away.` };
  }
}

export function ActionModal({ request, onClose, onDone }: { request: ActionRequest | null; onClose(): void; onDone(request: ActionRequest): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = React.useState('');
  const [duration, setDuration] = React.useState<string>('');
  const [reasonError, setReasonError] = React.useState<string | undefined>();
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);

  // A fresh form for every request.
  React.useEffect(() => {
    setReason('');
    setReasonError(undefined);
    setSubmitError(null);
    setSubmitting(false);
    setDuration(request?.action === 'silence' ? '24' : request?.action === 'suspend' ? '168' : '');
  }, [request]);

  if (!request) return null;
  const { title, explanation } = describe(request);
  const verb = ACTION_LABELS[request.action].verb;
  const durations = request.action === 'silence' ? SILENCE_DURATIONS : request.action === 'suspend' ? SUSPEND_DURATIONS : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!request || submitting) return;
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN) {
      setReasonError(trimmed ? `Please write a little more: at least ${REASON_MIN} characters.` : 'Please give a reason. It is kept in the moderation log.');
      document.getElementById('moderation-reason')?.focus();
      return;
    }
    const body: ActionBody = { action: request.action, reason: trimmed };
    if (request.item) {
      body.target = request.item.target;
      body.id = request.item.id;
    } else if (request.alias) {
      body.alias = request.alias;
    }
    if (durations && duration !== INDEFINITE) body.durationHours = Number(duration);
    setSubmitting(true);
    setSubmitError(null);
    try {
      await post(paths.actions, body);
      toggleNotification({ type: 'success', message: `${ACTION_LABELS[request.action].past}: ${request.item?.title || request.alias || ''}`.replace(/: $/, '') });
      onDone(request);
    } catch (error) {
      setSubmitError(errorMessage(error));
      setSubmitting(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && onClose()}>
      <Modal.Content aria-describedby="moderation-action-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="moderation-action-explanation" tag="p">
                {explanation}
              </Typography>
              {durations ? (
                <Field.Root name="duration" id="moderation-duration" required>
                  <Field.Label>Duration</Field.Label>
                  <SingleSelect value={duration} onChange={(value) => setDuration(String(value))} disabled={submitting}>
                    {durations.map((d) => (
                      <SingleSelectOption key={d.label} value={d.hours === null ? INDEFINITE : String(d.hours)}>
                        {d.label}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              ) : null}
              <Field.Root name="reason" id="moderation-reason" required error={reasonError} hint={`Kept in the moderation log, with your name (${REASON_MIN} to ${REASON_MAX} characters).`}>
                <Field.Label>Reason</Field.Label>
                <Textarea
                  value={reason}
                  maxLength={REASON_MAX}
                  disabled={submitting}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                    setReason(event.target.value);
                    if (reasonError && event.target.value.trim().length >= REASON_MIN) setReasonError(undefined);
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
              <Button variant="tertiary" disabled={submitting}>
                Cancel
              </Button>
            </Modal.Close>
            <Button
              type="submit"
              loading={submitting}
              // Not 'success': the design system's white on success500 has a 2.6:1 contrast.
              variant={request.action === 'approve' || request.action === 'reinstate' ? 'default' : request.action === 'warn' ? 'secondary' : 'danger'}
            >
              {verb}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
