import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { MAX_PAGE } from '@haven/shared/chat';
import { notFound } from '@haven/shared/errors';
import { getService } from '../get-service';
import { conversationId, emptyQuery, markReadBody, messagesQuery, openConversation, sendBody } from '../lib/validation';
import { NOT_FOUND_MESSAGE } from '../services/conversations';

/** A conversation id from the URL; anything malformed is simply "not found", like someone else's. */
function idOf(ctx: HavenContext): string {
  const parsed = conversationId.safeParse(ctx.params.id);
  if (!parsed.success) throw notFound(NOT_FOUND_MESSAGE);
  return parsed.data;
}

/** The signed-in person's conversations: list with unread counts, history pages, read pointer, opening one for a session. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('conversations').list(siteUserId(ctx)) };
    },

    async findOne(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('conversations').summary(siteUserId(ctx), idOf(ctx)) };
    },

    async open(ctx: HavenContext) {
      const input = parseOrThrow(openConversation, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('conversations').openByBooking(siteUserId(ctx), input.bookingId) };
    },

    async messages(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idOf(ctx);
      // Who may read is checked before the query is: someone else's conversation is a 404 whatever the query says.
      const conversation = await getService('conversations').participant(userId, id);
      const query = parseOrThrow(messagesQuery, ctx.query);
      const page = await getService('messages').page(conversation, query.before ?? null, query.limit ?? 50);
      ctx.body = { data: page.messages, meta: { nextBefore: page.nextBefore, limit: query.limit ?? 50, maxLimit: MAX_PAGE } };
    },

    async send(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idOf(ctx);
      const input = parseOrThrow(sendBody, bodyOf(ctx.request.body));
      const { message, crisis } = await getService('realtime').send(userId, id, input.body, input.clientId, requestLocale(ctx, null));
      ctx.status = 201;
      // The crisis lines of the sender's language when the words matched (the message is sent either way).
      ctx.body = crisis ? { data: message, meta: { crisis } } : { data: message };
    },

    async read(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idOf(ctx);
      await getService('conversations').participant(userId, id);
      const input = parseOrThrow(markReadBody, bodyOf(ctx.request.body));
      const result = await getService('conversations').markRead(userId, id, input.upTo);
      if (result.moved) getService('realtime').relayReceipt(userId, result.conversation, result.upTo);
      ctx.body = { data: { upTo: result.upTo } };
    },
  });
