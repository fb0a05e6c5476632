/**
 * Erasing an account: the person's own routes (content API, signed in) and staff's (admin, plugin::privacy.erase).
 */
import { notFound } from '@haven/shared/errors';
import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, staffActor, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { erasureBody, staffCancelBody, staffErasureBody } from '../lib/erasure-validation';
import { erasureStatusView } from '../lib/erasure-views';

/** The account id of an admin route; anything but a whole number answers like a missing account. */
function accountId(ctx: HavenContext): number {
  const raw = ctx.params.userId;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) throw notFound('There is no such account.');
  return Number(raw);
}

export default () =>
  withErrors({
    /** GET /api/privacy/erasure: the person's pending or cancelled request. */
    async find(ctx: HavenContext) {
      ctx.body = { data: erasureStatusView.pick(await getService('erasure').status(siteUserId(ctx))) };
    },

    /** POST /api/privacy/erasure { password, community }: scheduled after the grace period; every session ends. */
    async create(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const input = parseOrThrow(erasureBody, bodyOf(ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: erasureStatusView.pick(await getService('erasure').request(userId, input.password, input.community)) };
    },

    /** DELETE /api/privacy/erasure: cancelled while signed in. */
    async cancel(ctx: HavenContext) {
      ctx.body = { data: erasureStatusView.pick(await getService('erasure').cancel(siteUserId(ctx))) };
    },

    /** POST /api/privacy/erasure/notice: the site showed "Your account deletion was cancelled". */
    async acknowledge(ctx: HavenContext) {
      await getService('erasure').acknowledge(siteUserId(ctx));
      ctx.body = { data: { ok: true } };
    },

    /** GET /privacy/accounts/:id/erasure (admin): the account's request. */
    async staffFind(ctx: HavenContext) {
      ctx.body = { data: erasureStatusView.pick(await getService('erasure').staffStatus(accountId(ctx))) };
    },

    /** POST /privacy/accounts/:id/erasure (admin) { reason, when: 'grace' | 'now', community }. */
    async staffSchedule(ctx: HavenContext) {
      const userId = accountId(ctx);
      const input = parseOrThrow(staffErasureBody, bodyOf(ctx.request.body));
      ctx.status = 201;
      ctx.body = { data: await getService('erasure').staffSchedule(userId, input, staffActor(ctx)) };
    },

    /** POST /privacy/accounts/:id/erasure/cancel (admin) { reason }. */
    async staffCancel(ctx: HavenContext) {
      const userId = accountId(ctx);
      const input = parseOrThrow(staffCancelBody, bodyOf(ctx.request.body));
      await getService('erasure').staffCancel(userId, input, staffActor(ctx));
      ctx.body = { data: { cancelled: true } };
    },
  });
