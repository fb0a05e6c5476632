import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { publicView } from '@haven/shared/view';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { confirmInput, disableInput, regenerateInput, startInput } from '../lib/totp-input';
import type { RecoveryCodes, TwoFactorSetup, TwoFactorStatus } from '../services/two-factor';

/** What leaves the server, by allow-list: never the sealed secret, hashes or row ids. */
const statusView = publicView<TwoFactorStatus>()('enabled', 'enabledAt', 'recoveryCodesLeft');
const setupView = publicView<TwoFactorSetup>()('otpauthUri', 'qrCode', 'manualKey', 'digits', 'period');
const codesView = publicView<RecoveryCodes>()('recoveryCodes');

const signedIn = (ctx: HavenContext) => siteUserId(ctx, 'Log in to manage two-step sign-in.');

/** One's own two-step sign-in under /api/identity/two-factor (signed-in site roles). */
export default () =>
  withErrors({
    async status(ctx: HavenContext) {
      ctx.body = { data: statusView.pick(await getService('twoFactor').status(signedIn(ctx))) };
    },

    /** POST /two-factor/start { keepPending? }: a new secret (or the one waiting), as a QR code and as a key to type; nothing is on until confirmed. */
    async start(ctx: HavenContext) {
      const userId = signedIn(ctx);
      const { keepPending } = parseOrThrow(startInput, bodyOf(ctx.request.body));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: setupView.pick(await getService('twoFactor').start(userId, keepPending ?? false)) };
    },

    /** POST /two-factor/confirm { code }: on, and the recovery codes, shown this once. */
    async confirm(ctx: HavenContext) {
      const userId = signedIn(ctx);
      const { code } = parseOrThrow(confirmInput, bodyOf(ctx.request.body));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: codesView.pick(await getService('twoFactor').confirm(userId, code, new Date())) };
    },

    /** POST /two-factor/disable { password, code | recoveryCode }. */
    async disable(ctx: HavenContext) {
      const userId = signedIn(ctx);
      const input = parseOrThrow(disableInput, bodyOf(ctx.request.body));
      const proof = input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
      await getService('twoFactor').disable(userId, input.password, proof, new Date());
      ctx.body = { data: statusView.pick(await getService('twoFactor').status(userId)) };
    },

    /** POST /two-factor/recovery-codes { code }: ten new codes; the old ones stop working. */
    async regenerate(ctx: HavenContext) {
      const userId = signedIn(ctx);
      const { code } = parseOrThrow(regenerateInput, bodyOf(ctx.request.body));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: codesView.pick(await getService('twoFactor').regenerate(userId, code, new Date())) };
    },
  });
