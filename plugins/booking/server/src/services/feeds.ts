/**
 * Each user's secret, revocable calendar feed (GET /api/booking/calendar/<token>.ics): their sessions
 * as client and as therapist, from 30 days back, cancelled ones included as STATUS:CANCELLED so that
 * subscribed calendars drop them. Only the token's SHA-256 is stored: the address is shown once, when
 * created; a new one replaces (revokes) the old.
 */
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import type { FeedStatus } from '@haven/shared/booking';
import { snapshot, bookingRows, type BookingRow } from '../db/booking-rows';
import { tables } from '../db/tables';
import { isUniqueViolation } from '../db/values';
import { renderFeed } from '../lib/ics-write';
import { hashToken, newToken } from '../lib/secrets';
import { config, getService } from '../get-service';
import { calendarUid } from './notifications';

export type { FeedStatus };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tokens = () => tables(strapi).feedTokens;
  const rows = bookingRows(strapi);

  return {
    async status(userId: number): Promise<FeedStatus> {
      const row = await tokens().findOne({ where: { userId } });
      return { active: Boolean(row), createdAt: row?.createdAt ?? null };
    },

    /** A new feed address for the user; any previous address stops working at once. */
    async rotate(userId: number): Promise<{ url: string; createdAt: string }> {
      const { token, hash } = newToken();
      // One row per user, replaced in place: concurrent rotations update the same row one after the
      // other (the last one asked for wins) instead of each deleting and inserting, where the unique
      // index on the user refused all but one. Only a user's first address can meet another insert;
      // the one that loses then updates the winner's row.
      let created: { createdAt: string } | null = null;
      for (let attempt = 1; !created; attempt += 1) {
        const now = new Date(); // written as ISO text, as the row reads it back
        created = await tokens().update({ where: { userId }, data: { tokenHash: hash, createdAt: now.toISOString(), updatedAt: now.toISOString() } });
        if (created) break;
        try {
          created = await tokens().create({ data: { userId, tokenHash: hash } });
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 3) throw err;
        }
      }
      return { url: `${config().publicCmsUrl}/api/booking/calendar/${token}.ics`, createdAt: created.createdAt };
    },

    async revoke(userId: number): Promise<void> {
      await tokens().deleteMany({ where: { userId } });
    },

    /** The ICS text of the feed a token opens, or null for an unknown or revoked token. */
    async render(token: string, now = Date.now()): Promise<string | null> {
      const row = await tokens().findOne({ where: { tokenHash: hashToken(token) } });
      if (!row) return null;
      const userId = Number(row.userId);
      const list = (await rows.query().findMany({
        where: {
          $or: [{ clientUserId: userId }, { therapistUserId: userId }],
          status: { $in: ['confirmed', 'completed', 'no_show', 'cancelled'] },
          startsAt: { $gte: new Date(now - 30 * 86_400_000) },
        },
        orderBy: [{ startsAt: 'asc' }],
        limit: 2000,
      })) as BookingRow[];
      const persons = await people.many(list.flatMap((b) => [b.clientUserId, b.therapistUserId]));
      return renderFeed(
        'Haven sessions',
        list.map((row) => {
          const b = snapshot(row);
          const other = persons.get(b.therapistUserId === userId ? b.clientUserId : b.therapistUserId);
          return {
            uid: calendarUid(b.id),
            sequence: b.sequence,
            start: new Date(b.startsAt),
            end: new Date(b.endsAt),
            withName: other?.displayName ?? 'Haven member',
            status: row.status === 'cancelled' ? 'cancelled' : 'confirmed',
            url: `${config().publicSiteUrl}/sessions/${b.id}`,
            updatedAt: new Date(row.updatedAt),
          };
        }),
      );
    },
  };
};
