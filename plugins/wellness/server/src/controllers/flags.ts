import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { siteUserId } from './request';

/** GET /flags (Therapist role only, granted in cms/src/bootstrap/site-roles.ts): sharing clients whose latest PHQ-9 answered item 9 above 0, or who wrote crisis language in a reflection lately (services/flags.ts). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = { data: await getService('flags').forTherapist(siteUserId(ctx)) };
    },
  });
