import { parseOrThrow } from '@haven/shared/validation';
import { staffActor, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { featuredInput, inviteInput, roleInput, searchQuery, standingInput } from '../lib/validation';
import { accountId } from './request';

/**
 * The Accounts page's API (admin sessions: plugin::accounts.read to find, plugin::accounts.manage to
 * act; super admins only). Every action validates its body (a reason is always required) before
 * anything is looked up or written.
 */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = await getService('standing').search(parseOrThrow(searchQuery, ctx.query));
    },

    async ban(ctx: HavenContext) {
      const { reason } = parseOrThrow(standingInput, ctx.request.body);
      const { account, cancelledSessions } = await getService('standing').ban(staffActor(ctx), accountId(ctx), reason);
      ctx.body = { data: account, meta: { cancelledSessions } };
    },

    async unban(ctx: HavenContext) {
      const { reason } = parseOrThrow(standingInput, ctx.request.body);
      ctx.body = { data: await getService('standing').unban(staffActor(ctx), accountId(ctx), reason) };
    },

    async role(ctx: HavenContext) {
      const { role, reason } = parseOrThrow(roleInput, ctx.request.body);
      ctx.body = { data: await getService('standing').setRole(staffActor(ctx), accountId(ctx), role, reason) };
    },

    async featured(ctx: HavenContext) {
      const { featured, reason } = parseOrThrow(featuredInput, ctx.request.body);
      ctx.body = { data: await getService('standing').setFeatured(staffActor(ctx), accountId(ctx), featured, reason) };
    },

    async invite(ctx: HavenContext) {
      const input = parseOrThrow(inviteInput, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await getService('invitations').invite(staffActor(ctx), input) };
    },
  });
