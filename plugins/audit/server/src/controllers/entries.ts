import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { searchQuery } from '../lib/validation';

/** The Audit log page's API (admin sessions holding plugin::audit.read: super admins). Read-only: there is no other route. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = await getService('entries').search(parseOrThrow(searchQuery, ctx.query));
    },
  });
