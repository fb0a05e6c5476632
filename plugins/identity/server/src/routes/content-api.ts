import { routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Content API under /api/identity (permissions per role in cms/src/bootstrap/site-roles.ts). */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  // two-factor and sessions (issue 20)
  'GET /two-factor': 'twoFactor.status',
  'POST /two-factor/start': 'twoFactor.start',
  'POST /two-factor/confirm': 'twoFactor.confirm',
  'POST /two-factor/disable': 'twoFactor.disable',
  'POST /two-factor/recovery-codes': 'twoFactor.regenerate',
  // Signed out, after a right password: per-address limits as users-permissions' own log-in has.
  'POST /sign-in/second-factor': ['twoFactorSignIn.complete', { policies: [], middlewares: ['plugin::users-permissions.rateLimit'] }],
  // consent (issue 20)
  'GET /consent': 'consent.find',
  'POST /consent': 'consent.accept',
});
