/**
 * Refund dialog: amount (all that is left by default, or part of it) and a reason, kept with the
 * refund. Each submission carries its own request id, so a double click refunds once.
 */
import * as React from 'react';
import { Field, TextInput } from '@strapi/design-system';
import { amountText, formatMoney, parseAmount } from '@haven/admin-ui/format';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { AdminPaymentView, ProviderName } from '@haven/shared/payments';
import { paths } from '../api';

const REFUNDED_THROUGH: Record<ProviderName, string> = { manual: 'the therapist (recorded here)', stripe: 'Stripe', paypal: 'PayPal' };

/** Rendered only while refunding one payment: each opening starts with a fresh form and request id. */
export function RefundModal({ payment, onClose, onDone }: { payment: AdminPaymentView; onClose(): void; onDone(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [amount, setAmount] = React.useState(() => amountText(payment.refundableMinor, payment.currency));
  const [amountError, setAmountError] = React.useState<string | undefined>();
  const requestId = React.useRef<string>(crypto.randomUUID());
  const left = formatMoney(payment.refundableMinor, payment.currency);

  const validate = () => {
    const minor = parseAmount(amount, payment.currency);
    const problem =
      minor === null || minor <= 0 ? `Enter an amount such as ${amountText(payment.refundableMinor, payment.currency)}.` : minor > payment.refundableMinor ? `At most ${left} can be refunded.` : undefined;
    setAmountError(problem);
    if (problem) document.getElementById('refund-amount')?.focus();
    return !problem;
  };

  async function refund(reason: string) {
    const minor = parseAmount(amount, payment.currency) ?? 0;
    try {
      await post(paths.refund(payment.id), { amountMinor: minor, reason, requestId: requestId.current });
    } catch (error) {
      // A new attempt after a refusal is a new request.
      requestId.current = crypto.randomUUID();
      throw error;
    }
    toggleNotification({ type: 'success', message: `Refunded ${formatMoney(minor, payment.currency)} to ${payment.payer.displayName}` });
    onDone();
  }

  return (
    <ReasonDialog
      id="refund"
      title={`Refund ${payment.payer.displayName}`}
      explanation={
        payment.flagged
          ? `This payment did not match its booking and was not accepted. Up to ${left} can be given back.`
          : `Paid ${formatMoney(payment.amountMinor, payment.currency)} to ${payment.therapist.displayName}; ${left} can still be refunded, through ${REFUNDED_THROUGH[payment.provider]}.`
      }
      keptIn="with the refund"
      reasonHint="Kept with the refund and shown on the client's receipt (3 to 500 characters)."
      submitLabel="Refund"
      submitVariant="danger"
      validate={validate}
      onClose={onClose}
      onSubmit={refund}
    >
      <Field.Root name="amount" id="refund-amount" required error={amountError} hint={`In ${payment.currency}; at most ${left}.`}>
        <Field.Label>Amount</Field.Label>
        <TextInput inputMode="decimal" value={amount} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)} />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
    </ReasonDialog>
  );
}
