import type { Core } from '@strapi/strapi';
import { buildSessionMetadata } from '@strapi/utils';
import { forbidden, unavailable } from '@haven/shared/errors';
import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { secondFactorInput } from '../lib/totp-input';

const USER_UID = 'plugin::users-permissions.user';

/**
 * POST /api/identity/sign-in/second-factor { challenge, code | recoveryCode } (signed-out): the same
 * answer as users-permissions' log-in (`{ jwt, refreshToken, user }`), with the session issued by
 * users-permissions' own session manager exactly as its `callback` does in 'refresh' mode.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  withErrors({
    async complete(ctx: HavenContext) {
      const input = parseOrThrow(secondFactorInput, bodyOf(ctx.request.body));
      const proof = input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
      const userId = await getService('twoFactorSignIn').complete(input.challenge, proof, new Date());

      // Blocked between the two steps: refused as users-permissions' log-in refuses it.
      const user: { id: number; blocked?: boolean | null } | null = await strapi.db.query(USER_UID).findOne({ where: { id: userId } });
      if (!user || user.blocked === true) throw forbidden('Your account has been blocked by an administrator');
      const mode: unknown = strapi.config.get('plugin::users-permissions.jwtManagement');
      if (mode !== 'refresh') {
        throw unavailable('Two-step sign-in needs users-permissions sessions (jwtManagement: refresh).');
      }

      const sessions = strapi.sessionManager('users-permissions');
      const metadata = buildSessionMetadata({ userAgent: ctx.get('user-agent') || null });
      const refresh = await sessions.generateRefreshToken(String(user.id), undefined, { type: 'refresh', metadata });
      const access = await sessions.generateAccessToken(refresh.token);
      if ('error' in access) throw unavailable('The session could not be started. Please sign in again.');

      await getService('twoFactorSignIn').signedIn(user.id);
      const schema = strapi.getModel(USER_UID);
      const sanitized: unknown = await strapi.contentAPI.sanitize.output(user, schema, { auth: ctx.state.auth });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { jwt: access.token, refreshToken: refresh.token, user: sanitized };
    },
  });
