import { parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { notFound } from '@haven/shared/errors';
import { getService } from '../get-service';
import { bookingId, emptyQuery } from '../lib/validation';

/** GET /api/chat/bookings/:id/video: how a participant enters the session's video room (Twilio token or WebRTC settings). */
export default () =>
  withErrors({
    async access(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = bookingId.safeParse(ctx.params.id);
      if (!id.success) throw notFound('No such session.');
      parseOrThrow(emptyQuery, ctx.query);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await getService('video').access(userId, id.data) };
    },
  });
