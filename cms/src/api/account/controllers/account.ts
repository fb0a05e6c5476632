import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { SiteUser } from '../../../lib/context';
import { parseOrThrow } from '../../../lib/validation';
import { emailChangeConfirm, emailChangeRequest } from '../../../lib/account/validation';
import { emailChanges, MailUnavailable, RateLimited } from '../../../lib/account/email-change';

/**
 * The caller's own account: changing its email address (cms/src/lib/account/email-change.ts).
 * Password changes are users-permissions' POST /api/auth/change-password (with Haven's notice mail,
 * cms/src/extensions/users-permissions). There is no id in these routes: only one's own account.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  function caller(ctx: Context): SiteUser {
    const user: SiteUser | undefined = ctx.state.user;
    if (!user) throw new errors.UnauthorizedError('Log in to change your account');
    return user;
  }
  const bodyOf = (ctx: Context): unknown => {
    const body: unknown = ctx.request.body;
    return (body as { data?: unknown } | undefined)?.data ?? body;
  };

  return {
    /** POST /api/account/email {email, currentPassword}: 202 whether or not the address is free (the link goes to it). */
    async requestEmailChange(ctx: Context) {
      const user = caller(ctx);
      const { email, currentPassword } = parseOrThrow(emailChangeRequest, bodyOf(ctx));
      try {
        const { expiresAt } = await emailChanges(strapi).request(user.id, email, currentPassword);
        ctx.status = 202;
        ctx.body = { data: { sentTo: email, expiresAt } };
      } catch (err) {
        if (err instanceof RateLimited) ctx.set('Retry-After', String(err.retryAfterSeconds));
        if (err instanceof MailUnavailable) {
          ctx.status = 503;
          ctx.body = { data: null, error: { status: 503, name: 'ServiceUnavailableError', message: err.message, details: {} } };
          return;
        }
        throw err;
      }
    },

    /** POST /api/account/email/check {token}: the address a link would set, without using it (same refusals as confirm). */
    async checkEmailChange(ctx: Context) {
      const user = caller(ctx);
      const { token } = parseOrThrow(emailChangeConfirm, bodyOf(ctx));
      ctx.body = { data: await emailChanges(strapi).check(user.id, token) };
    },

    /** POST /api/account/email/confirm {token}: the link's token, by the account that asked. */
    async confirmEmailChange(ctx: Context) {
      const user = caller(ctx);
      const { token } = parseOrThrow(emailChangeConfirm, bodyOf(ctx));
      ctx.body = { data: await emailChanges(strapi).confirm(user.id, token) };
    },
  };
};
