/**
 * The profile's two-step sign-in forms, handled on the site's server (plain HTML forms, no
 * JavaScript needed): set up (QR code, key to type, first code), new recovery codes, turn off.
 * Recovery codes are shown once, on the answer to the form that made them (never stored here).
 */
import { raw, text, type FieldErrors } from '../../lib/forms';
import { confirmTwoStep, newRecoveryCodes, startTwoStep, turnOffTwoStep, type TwoStepSetup } from '../../lib/two-factor';

export type TwoStepOutcome =
  | { kind: 'redirect'; to: string }
  | { kind: 'show'; status: number; setup?: TwoStepSetup; recoveryCodes?: string[]; errors: FieldErrors; message: string | null };

export const TWO_STEP_ACTIONS = ['two-step-start', 'two-step-confirm', 'two-step-codes', 'two-step-off'] as const;
export type TwoStepAction = (typeof TWO_STEP_ACTIONS)[number];
export const isTwoStepAction = (action: string): action is TwoStepAction => (TWO_STEP_ACTIONS as readonly string[]).includes(action);

const SIX_DIGITS = /^[0-9]{3} ?[0-9]{3}$/;

export async function twoStepAction(action: TwoStepAction, form: FormData, token: string): Promise<TwoStepOutcome> {
  if (action === 'two-step-start') {
    const setup = await startTwoStep(token, false);
    if (setup.ok) return { kind: 'show', status: 200, setup: setup.data.data, errors: {}, message: null };
    return { kind: 'show', status: setup.status >= 500 ? setup.status : 400, errors: {}, message: setup.error?.message ?? setup.message };
  }

  if (action === 'two-step-confirm') {
    const code = text(form, 'setupCode');
    if (!SIX_DIGITS.test(code)) {
      const again = await startTwoStep(token, true);
      return { kind: 'show', status: 400, setup: again.ok ? again.data.data : undefined, errors: { setupCode: 'Enter the 6-digit code your authenticator app shows for Haven.' }, message: null };
    }
    const confirmed = await confirmTwoStep(token, code);
    if (confirmed.ok) return { kind: 'show', status: 200, recoveryCodes: confirmed.data.data.recoveryCodes, errors: {}, message: null };
    // The same key is shown again (not a new one): only the code was wrong.
    const again = await startTwoStep(token, true);
    return { kind: 'show', status: confirmed.status === 429 ? 429 : 400, setup: again.ok ? again.data.data : undefined, errors: { setupCode: confirmed.error?.message ?? confirmed.message }, message: null };
  }

  if (action === 'two-step-codes') {
    const code = text(form, 'codesCode');
    if (!SIX_DIGITS.test(code)) return { kind: 'show', status: 400, errors: { codesCode: 'Enter the 6-digit code your authenticator app shows for Haven.' }, message: null };
    const codes = await newRecoveryCodes(token, code);
    if (codes.ok) return { kind: 'show', status: 200, recoveryCodes: codes.data.data.recoveryCodes, errors: {}, message: null };
    return { kind: 'show', status: codes.status === 429 ? 429 : 400, errors: { codesCode: codes.error?.message ?? codes.message }, message: null };
  }

  // two-step-off: the password and a code from the app, or a recovery code (told apart by their shape).
  const password = raw(form, 'offPassword');
  const proof = text(form, 'offCode');
  const errors: FieldErrors = {};
  if (!password) errors.offPassword = 'Enter your password.';
  if (!proof) errors.offCode = 'Enter the 6-digit code from your app, or one of your recovery codes.';
  if (Object.keys(errors).length > 0) return { kind: 'show', status: 400, errors, message: null };
  const off = await turnOffTwoStep(token, password, SIX_DIGITS.test(proof) ? { code: proof } : { recoveryCode: proof });
  if (off.ok) return { kind: 'redirect', to: '/profile?saved=two-step-off#two-step' };
  const field = /password/i.test(off.error?.message ?? '') ? 'offPassword' : 'offCode';
  return { kind: 'show', status: off.status === 429 ? 429 : 400, errors: { [field]: off.error?.message ?? off.message }, message: null };
}
