/**
 * Refund dialog: amount (all that is left by default, or part of it) and a reason, kept with the
 * refund. Each submission carries its own request id, so a double click refunds once.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, TextInput, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { AdminPaymentView } from '@haven/shared/payments';
import { currencyDigits, errorMessage, formatMoney, parseAmount, paths } from '../api';

const REASON_MIN = 3;
const REASON_MAX = 500;

export function RefundModal({ payment, onClose, onDone }: { payment: AdminPaymentView | null; onClose(): void; onDone(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [amount, setAmount] = React.useState('');
  const [reason, setReason] = React.useState('');
  const [errors, setErrors] = React.useState<{ amount?: string; reason?: string }>({});
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);
  const requestId = React.useRef<string>('');

  React.useEffect(() => {
    if (!payment) return;
    const digits = currencyDigits(payment.currency);
    setAmount((payment.refundableMinor / 10 ** digits).toFixed(digits));
    setReason('');
    setErrors({});
    setSubmitError(null);
    setSubmitting(false);
    requestId.current = crypto.randomUUID();
  }, [payment]);

  if (!payment) return null;
  const left = formatMoney(payment.refundableMinor, payment.currency);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!payment || submitting) return;
    const minor = parseAmount(amount, payment.currency);
    const next: typeof errors = {};
    if (minor === null || minor <= 0) next.amount = `Enter an amount such as ${(payment.refundableMinor / 10 ** currencyDigits(payment.currency)).toFixed(currencyDigits(payment.currency))}.`;
    else if (minor > payment.refundableMinor) next.amount = `At most ${left} can be refunded.`;
    if (reason.trim().length < REASON_MIN) next.reason = 'Please give a reason (at least 3 characters). It is kept with the refund.';
    setErrors(next);
    if (next.amount || next.reason) {
      document.getElementById(next.amount ? 'refund-amount' : 'refund-reason')?.focus();
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      await post(paths.refund(payment.id), { amountMinor: minor, reason: reason.trim(), requestId: requestId.current });
      toggleNotification({ type: 'success', message: `Refunded ${formatMoney(minor!, payment.currency)} to ${payment.payer.displayName}` });
      onDone();
    } catch (error) {
      setSubmitError(errorMessage(error));
      setSubmitting(false);
      // A new attempt after a refusal is a new request.
      requestId.current = crypto.randomUUID();
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && onClose()}>
      <Modal.Content aria-describedby="refund-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>Refund {payment.payer.displayName}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="refund-explanation" tag="p">
                {payment.flagged
                  ? `This payment did not match its booking and was not accepted. Up to ${left} can be given back.`
                  : `Paid ${formatMoney(payment.amountMinor, payment.currency)} to ${payment.therapist.displayName}; ${left} can still be refunded, through ${payment.provider === 'manual' ? 'the therapist (recorded here)' : payment.provider === 'stripe' ? 'Stripe' : 'PayPal'}.`}
              </Typography>
              <Field.Root name="amount" id="refund-amount" required error={errors.amount} hint={`In ${payment.currency}; at most ${left}.`}>
                <Field.Label>Amount</Field.Label>
                <TextInput inputMode="decimal" value={amount} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)} />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              <Field.Root name="reason" id="refund-reason" required error={errors.reason} hint={`Kept with the refund and shown on the client's receipt (${REASON_MIN} to ${REASON_MAX} characters).`}>
                <Field.Label>Reason</Field.Label>
                <Textarea value={reason} maxLength={REASON_MAX} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
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
            <Button type="submit" variant="danger" loading={submitting}>
              Refund
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
