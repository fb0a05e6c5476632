/**
 * The one dialog every moderation action goes through: it says what will happen, asks for a reason
 * (required, kept in the moderation log) and, to silence or suspend, for how long.
 */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { paths, type ActionBody, type ModerationAction, type Target } from '../api';
import { ACTION_LABELS, SILENCE_DURATIONS, SUSPEND_DURATIONS, targetLabel } from '../labels';

export interface ActionRequest {
  action: ModerationAction;
  /** For approve / hide / remove: the item acted on. */
  item?: { target: Target; id: number | string; title?: string | null };
  /** For warn / silence / suspend: the alias acted on (also shown for items, as the author). */
  alias?: string;
}

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
  if (!request) return null;
  // Keyed by what is acted on, so each request starts with an empty form.
  return <ActionDialog key={`${request.action}-${request.item?.target ?? 'alias'}-${request.item?.id ?? request.alias}`} request={request} onClose={onClose} onDone={onDone} />;
}

function ActionDialog({ request, onClose, onDone }: { request: ActionRequest; onClose(): void; onDone(request: ActionRequest): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const durations = request.action === 'silence' ? SILENCE_DURATIONS : request.action === 'suspend' ? SUSPEND_DURATIONS : null;
  const [duration, setDuration] = React.useState<string>(request.action === 'silence' ? '24' : request.action === 'suspend' ? '168' : '');
  const { title, explanation } = describe(request);

  async function act(reason: string) {
    const body: ActionBody = { action: request.action, reason };
    if (request.item) {
      body.target = request.item.target;
      body.id = request.item.id;
    } else if (request.alias) {
      body.alias = request.alias;
    }
    if (durations && duration !== INDEFINITE) body.durationHours = Number(duration);
    await post(paths.actions, body);
    toggleNotification({ type: 'success', message: `${ACTION_LABELS[request.action].past}: ${request.item?.title || request.alias || ''}`.replace(/: $/, '') });
    onDone(request);
  }

  return (
    <ReasonDialog
      id="moderation"
      title={title}
      explanation={explanation}
      keptIn="in the moderation log"
      submitLabel={ACTION_LABELS[request.action].verb}
      // Not 'success': the design system's white on success500 has a 2.6:1 contrast.
      submitVariant={request.action === 'approve' || request.action === 'reinstate' ? 'default' : request.action === 'warn' ? 'secondary' : 'danger'}
      onClose={onClose}
      onSubmit={act}
    >
      {durations ? (
        <Field.Root name="duration" id="moderation-duration" required>
          <Field.Label>Duration</Field.Label>
          <SingleSelect value={duration} onChange={(value) => setDuration(String(value))}>
            {durations.map((d) => (
              <SingleSelectOption key={d.label} value={d.hours === null ? INDEFINITE : String(d.hours)}>
                {d.label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      ) : null}
    </ReasonDialog>
  );
}
