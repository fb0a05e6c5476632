/**
 * The dialog every staff action goes through: it says what will happen, asks for a reason (required,
 * kept where `keptIn` says, with the staff member's name) and any other field the action needs
 * (`children`, checked by `validate`), and shows the server's refusal in place. Render it only while
 * an action is asked for: each opening starts with an empty form.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, Textarea, TextInput, Typography, type ButtonProps } from '@strapi/design-system';
import { errorMessage } from './query';

/** The servers' usual limits on a reason. */
export const REASON_MIN = 3;
export const REASON_MAX = 500;

export interface ReasonDialogProps {
  /** Prefix of the dialog's element ids (`<id>-reason`, `<id>-explanation`). */
  id: string;
  title: string;
  explanation: React.ReactNode;
  /** Where the reason is kept, completing "It is kept …": "in the audit log", "with the refund". */
  keptIn: string;
  /** The reason field's hint, when it says more than where the reason is kept. */
  reasonHint?: string;
  reasonMin?: number;
  reasonMax?: number;
  /** A one-line reason (a text input) instead of a text area. */
  singleLine?: boolean;
  submitLabel: string;
  submitVariant?: ButtonProps['variant'];
  /** Sends the action; what it throws is shown in the dialog (worded by `forbidden`, see errorMessage). */
  onSubmit(reason: string): Promise<void>;
  onClose(): void;
  forbidden?: string;
  /** Checks the other fields (`children`), shows their errors and focuses the first; true when they are fine. */
  validate?(): boolean;
  children?: React.ReactNode;
  /** Once the action has an answer to show (a revealed account), it replaces the fields and the dialog only closes. */
  result?: React.ReactNode;
  /** The closing button's label before a result, when "Cancel" would read like the action (cancelling an erasure). */
  closeLabel?: string;
  /** When the text asked for is not a reason but the action's own words (a moderator's private message): its label, starting text and what to say when it is empty. */
  textLabel?: string;
  initialText?: string;
  emptyProblem?: string;
}

export function ReasonDialog(props: ReasonDialogProps) {
  const { id, keptIn, reasonMin = REASON_MIN, reasonMax = REASON_MAX, submitVariant = 'default', result } = props;
  const [reason, setReason] = React.useState(props.initialText ?? '');
  const [reasonError, setReasonError] = React.useState<string | undefined>();
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);
  const reasonId = `${id}-reason`;

  const reasonProblem = (text: string) =>
    text.length >= reasonMin ? undefined : text ? `Please write a little more: at least ${reasonMin} characters.` : (props.emptyProblem ?? `Please give a reason. It is kept ${keptIn}.`);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (submitting || result) return;
    const trimmed = reason.trim();
    const problem = reasonProblem(trimmed);
    setReasonError(problem);
    // Every field says what is wrong at once; the focus goes to the first of them.
    const othersFine = props.validate ? props.validate() : true;
    if (problem || !othersFine) {
      if (othersFine) document.getElementById(reasonId)?.focus();
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      await props.onSubmit(trimmed);
    } catch (error) {
      setSubmitError(errorMessage(error, props.forbidden));
    } finally {
      setSubmitting(false);
    }
  }

  const onReasonChange = (value: string) => {
    setReason(value);
    if (reasonError && !reasonProblem(value.trim())) setReasonError(undefined);
  };
  const hint = props.reasonHint ?? `Kept ${keptIn}, with your name (${reasonMin} to ${reasonMax} characters).`;

  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && props.onClose()}>
      <Modal.Content aria-describedby={`${id}-explanation`}>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>{props.title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id={`${id}-explanation`} tag="p">
                {props.explanation}
              </Typography>
              {result ?? (
                <>
                  {props.children ? (
                    // Disabled as one while the action is sent.
                    <Flex tag="fieldset" disabled={submitting} direction="column" alignItems="stretch" gap={5} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
                      {props.children}
                    </Flex>
                  ) : null}
                  <Field.Root name="reason" id={reasonId} required error={reasonError} hint={hint}>
                    <Field.Label>{props.textLabel ?? 'Reason'}</Field.Label>
                    {props.singleLine ? (
                      <TextInput value={reason} maxLength={reasonMax} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onReasonChange(e.target.value)} />
                    ) : (
                      <Textarea value={reason} maxLength={reasonMax} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onReasonChange(e.target.value)} />
                    )}
                    <Field.Error />
                    <Field.Hint />
                  </Field.Root>
                </>
              )}
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
                {result ? 'Close' : (props.closeLabel ?? 'Cancel')}
              </Button>
            </Modal.Close>
            {result ? null : (
              <Button type="submit" loading={submitting} variant={submitVariant}>
                {props.submitLabel}
              </Button>
            )}
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
