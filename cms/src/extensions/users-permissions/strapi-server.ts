import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { profiles } from '../../api/profile/services/profile';
import { therapistProfiles } from '../../api/therapist-profile/services/therapist-profile';
import { parseOrThrow, signupExtras, therapistCredentials } from '../../lib/validation';
import { accountMail } from '../../lib/account/mail';
import { sendMail } from '@haven/shared/server/strapi';
import { screenFreeText } from '../../lib/safety-screen';
import { identity } from '@haven/plugin-identity/public';
import { CONSENT_REQUIRED_MESSAGE } from '@haven/shared/consent';
import { holdForSecondFactor, registerSignedIn } from './two-factor';
import { answerMeFromKeptAccount, withCachedAuthenticatedUser, withCachedRolePermissions, withCheapTokenCheck } from '../../lib/security/auth-cost';

type Handler = (ctx: Context) => Promise<unknown>;

/** The part of users-permissions this extension changes: its auth controller's register and changePassword actions. */
interface UsersPermissionsPlugin {
  controllers: { auth: (deps: { strapi: Core.Strapi }) => { callback: Handler; register: Handler; changePassword: Handler; resetPassword: Handler } & Record<string, unknown>; user: { me: Handler } & Record<string, unknown> };
  services: { permission: (deps: { strapi: Core.Strapi }) => PermissionService; jwt: (deps: { strapi: Core.Strapi }) => JwtService; user: (deps: { strapi: Core.Strapi }) => UserService };
}
type PermissionService = Parameters<typeof withCachedRolePermissions>[0];
type JwtService = Parameters<typeof withCheapTokenCheck>[0];
type UserService = Parameters<typeof withCachedAuthenticatedUser>[0];

const EXTRA_FIELDS = ['accountType', 'displayName', 'pronouns', 'timeZone', 'licenceNumber', 'licenceJurisdiction', 'licenceExpiry', 'acceptTerms', 'consentVersion'];

/** The NIST password rule (identity plugin) for this owner, as a 400 before anything is written. */
function checkPassword(password: unknown, owner: { email?: unknown; username?: unknown }) {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const problem = identity.passwordProblem(password, { email: text(owner.email), username: text(owner.username) });
  if (problem) throw new errors.ValidationError(problem);
}

/**
 * Sign-up takes Haven's extra fields (account type, display name, time zone and, for therapists,
 * their licence) besides users-permissions' own, and needs consent to the privacy notice in force
 * (`acceptTerms`, recorded by the identity plugin) and a password meeting identity's rule.
 * Everything is validated before the account is
 * written; if the profile cannot be written afterwards, the new account is removed again.
 */
export default (plugin: UsersPermissionsPlugin) => {
  const makeAuthController = plugin.controllers.auth;

  plugin.controllers.auth = ({ strapi }: { strapi: Core.Strapi }) => {
    const controller = makeAuthController({ strapi });
    const register = controller.register;
    const changePassword = controller.changePassword;
    const resetPassword = controller.resetPassword;
    const callback = controller.callback;
    registerSignedIn();

    /**
     * Log-in: users-permissions checks the password (and its own rate limit, confirmation and block);
     * an account with two-step sign-in then gets a challenge instead of a session (./two-factor.ts).
     */
    controller.callback = async (ctx: Context) => {
      await callback(ctx);
      await holdForSecondFactor(strapi, ctx);
    };

    /**
     * A reset's new password meets the same rule as sign-up's, for the account the code belongs to
     * (an unknown code is left to users-permissions, which refuses it with its own message).
     */
    controller.resetPassword = async (ctx: Context) => {
      const body: Record<string, unknown> = ctx.request.body ?? {};
      const code = typeof body.code === 'string' ? body.code : '';
      const account = code ? await strapi.db.query('plugin::users-permissions.user').findOne({ where: { resetPasswordToken: code }, select: ['email', 'username'] }) : null;
      if (account) checkPassword(body.password, account);
      await resetPassword(ctx);
      // A reset link proves the mailbox, not the phone: two-step sign-in still asks for its code.
      await holdForSecondFactor(strapi, ctx);
    };

    /**
     * users-permissions checks the current password, saves the new one, ends every session of the
     * account (other devices' access tokens are then refused: lib/security/auth-cost.ts checks the
     * session) and answers a fresh session for this one. Haven adds the
     * notice to the account's address, so a change the owner did not make does not go unseen.
     */
    controller.changePassword = async (ctx: Context) => {
      const body: Record<string, unknown> = ctx.request.body ?? {};
      const owner = ctx.state.user ? await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: ctx.state.user.id }, select: ['email', 'username'] }) : null;
      if (owner) checkPassword(body.password, owner);
      await changePassword(ctx);
      const userId = ctx.state.user?.id;
      const account = userId ? await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, select: ['email'] }) : null;
      if (account?.email) await sendMail(strapi, accountMail.passwordChanged(account.email)).catch((err: Error) => strapi.log.error(`[account] the password changed notice could not be sent: ${err.message}`));
    };

    controller.register = async (ctx: Context) => {
      const body: Record<string, unknown> = ctx.request.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw new errors.ValidationError('Send the sign-up form as a JSON object');
      // Consent first: without it nothing else matters and nothing is written.
      if (body.acceptTerms !== true) throw new errors.ValidationError(CONSENT_REQUIRED_MESSAGE);
      if (body.consentVersion !== undefined && body.consentVersion !== identity.consentVersion()) {
        throw new errors.ValidationError('The privacy notice and terms have changed since this form was loaded; please reload the page, read them and agree again.');
      }
      checkPassword(body.password, body);
      const extras = parseOrThrow(signupExtras, Object.fromEntries(EXTRA_FIELDS.filter((k) => k in body).map((k) => [k, body[k]])));
      const credentials = extras.accountType === 'therapist' ? parseOrThrow(therapistCredentials, extras) : null;
      if (extras.accountType === 'client' && (extras.licenceNumber || extras.licenceJurisdiction || extras.licenceExpiry)) {
        throw new errors.ValidationError('Licence details are only for therapist accounts');
      }
      ctx.request.body = Object.fromEntries(Object.entries(body).filter(([k]) => !EXTRA_FIELDS.includes(k)));

      await register(ctx);

      const email = String(ctx.request.body.email ?? '').toLowerCase();
      const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
      if (!user) return;
      try {
        if (credentials) {
          const therapistRole = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'therapist' } });
          await strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { role: therapistRole.id } });
          await therapistProfiles(strapi).createForUser(user.id, credentials);
        }
        await profiles(strapi).createForUser(user.id, {
          displayName: extras.displayName ?? user.username,
          pronouns: extras.pronouns ?? null,
          timeZone: extras.timeZone,
        });
        // The consent ticked on the form, recorded with the version in force (proof of what they agreed to).
        await identity.recordConsent(user.id, 'sign-up');
      } catch (err) {
        strapi.log.error(`sign-up of ${email} rolled back: ${(err as Error).message}`);
        await strapi.db.query('plugin::users-permissions.user').delete({ where: { id: user.id } });
        throw new errors.ApplicationError('Your account could not be created; nothing was saved. Please try again.');
      }
      // Sign-up's own free text (name, pronouns) is screened like every other place: never refused, the lines in meta.crisis.
      const care = screenFreeText(strapi, ctx, [extras.displayName, extras.pronouns], 'sign-up');
      if (ctx.body && typeof ctx.body === 'object') Object.assign(ctx.body, { accountType: extras.accountType, ...(care ? { meta: care } : {}) });
    };

    return controller;
  };

  // `GET /api/users/me` answered from the account its strategy has just read (same module).
  const stockMe = plugin.controllers.user.me;
  plugin.controllers.user.me = async (ctx: Context) => ((await answerMeFromKeptAccount(strapi, ctx)) ? undefined : stockMe(ctx));

  // The role permissions its strategy reads on every request, kept briefly (lib/security/auth-cost.ts).
  const makePermissionService = plugin.services.permission;
  plugin.services.permission = (deps) => withCachedRolePermissions(makePermissionService(deps));
  // Its token check: a token verified once per process, no read of the account the strategy reads
  // again at once, and the token's session still active (same module).
  const makeJwtService = plugin.services.jwt;
  plugin.services.jwt = (deps) => withCheapTokenCheck(makeJwtService(deps), deps.strapi);
  // The account its strategy reads on every request, kept briefly and forgotten on any account write (same module).
  const makeUserService = plugin.services.user;
  plugin.services.user = (deps) => withCachedAuthenticatedUser(makeUserService(deps), deps.strapi);

  return plugin;
};
