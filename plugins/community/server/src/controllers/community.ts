import type { Core } from '@strapi/strapi';
import { unauthorized, withErrors } from '../lib/errors';
import * as v from '../lib/validation';
import type { Member } from '../services/members';

/** The signed-in site user (users-permissions), or 401: API tokens and admin sessions have no alias. */
function siteUserId(ctx: any): number {
  const user = ctx.state?.user;
  if (!user || ctx.state?.auth?.strategy?.name !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}

/**
 * The content API of the community, under /api/community. Reading needs a signed-in Client or
 * Therapist (the role table in cms/src/bootstrap/site-roles.ts), except categories and crisis lines.
 */
function handlers(strapi: Core.Strapi) {
  const svc = (name: string) => strapi.plugin('community').service(name);
  const members = () => svc('members');
  const content = () => svc('content');
  const crisis = () => svc('crisis');

  /** The caller's member, created on first use; 403 when they may not write now. */
  async function writer(ctx: any): Promise<Member> {
    const member: Member = await members().ensure(siteUserId(ctx));
    members().assertCanWrite(member);
    return member;
  }

  /** The caller's member if they have one (reads do not create it); 403 when suspended. */
  async function reader(ctx: any): Promise<Member | null> {
    const found: Member | null = await members().find(siteUserId(ctx));
    const member = found ? await members().refresh(found) : null;
    members().assertCanRead(member);
    return member;
  }

  const created = (ctx: any, body: unknown) => {
    ctx.status = 201;
    ctx.body = body;
  };

  return withErrors({
    async categories(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      ctx.body = { data: await content().categories() };
    },

    async crisisResources(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      ctx.body = { data: crisis().resourcesFor(crisis().localeOf(ctx)) };
    },

    async me(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const member: Member = await members().ensure(siteUserId(ctx));
      ctx.body = { data: await members().view(member) };
    },

    async changeAlias(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const member = await writer(ctx);
      const changed: Member = await members().changeAlias(member);
      ctx.body = { data: await members().view(changed) };
    },

    async listPosts(ctx: any) {
      const query = v.parse(v.listQuery, ctx.query);
      ctx.body = await content().list(await reader(ctx), query);
    },

    async myPosts(ctx: any) {
      const query = v.parse(v.myPostsQuery, ctx.query);
      const member = await reader(ctx);
      ctx.body = member ? await content().mine(member, query) : { data: [], meta: { pagination: { page: query.page, pageSize: query.pageSize, total: 0, pageCount: 0 } } };
    },

    async findPost(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const id = v.idParam(ctx.params.id, 'post');
      ctx.body = { data: await content().findOne(id, await reader(ctx)) };
    },

    async createPost(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const input = v.parse(v.createPost, v.bodyOf(ctx));
      const member = await writer(ctx);
      created(ctx, await content().createPost(member, input, crisis().localeOf(ctx)));
    },

    async updatePost(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const id = v.idParam(ctx.params.id, 'post');
      const input = v.parse(v.updatePost, v.bodyOf(ctx));
      const member = await writer(ctx);
      ctx.body = await content().updatePost(member, id, input, crisis().localeOf(ctx));
    },

    async deletePost(ctx: any) {
      const id = v.idParam(ctx.params.id, 'post');
      // Deleting what one wrote stays possible while silenced or suspended: it only takes words away.
      const member: Member = await members().ensure(siteUserId(ctx));
      ctx.body = await content().deletePost(member, id);
    },

    async createReply(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const postId = v.idParam(ctx.params.id, 'post');
      const input = v.parse(v.replyBody, v.bodyOf(ctx));
      const member = await writer(ctx);
      created(ctx, await content().createReply(member, postId, input, crisis().localeOf(ctx)));
    },

    async updateReply(ctx: any) {
      v.parse(v.localeQuery, ctx.query);
      const id = v.idParam(ctx.params.id, 'reply');
      const input = v.parse(v.replyBody, v.bodyOf(ctx));
      const member = await writer(ctx);
      ctx.body = await content().updateReply(member, id, input, crisis().localeOf(ctx));
    },

    async deleteReply(ctx: any) {
      const id = v.idParam(ctx.params.id, 'reply');
      const member: Member = await members().ensure(siteUserId(ctx));
      ctx.body = await content().deleteReply(member, id);
    },

    async react(ctx: any) {
      const input = v.parse(v.reaction, v.bodyOf(ctx));
      const member = await writer(ctx);
      ctx.body = await content().toggleReaction(member, input);
    },

    async flag(ctx: any) {
      const input = v.parse(v.flag, v.bodyOf(ctx));
      const member = await writer(ctx);
      created(ctx, await content().flag(member, input));
    },
  });
}

type Factory = ({ strapi }: { strapi: Core.Strapi }) => Record<string, (ctx: any) => Promise<unknown>>;
const pick =
  (names: Record<string, keyof ReturnType<typeof handlers>>): Factory =>
  ({ strapi }) => {
    const all = handlers(strapi);
    return Object.fromEntries(Object.entries(names).map(([action, name]) => [action, all[name]]));
  };

/** One controller per resource, so that permissions read plugin::community.posts.create and so on. */
export const contentControllers = {
  categories: pick({ find: 'categories' }),
  crisis: pick({ find: 'crisisResources' }),
  members: pick({ me: 'me', changeAlias: 'changeAlias' }),
  posts: pick({ find: 'listPosts', findOne: 'findPost', create: 'createPost', update: 'updatePost', delete: 'deletePost', mine: 'myPosts' }),
  replies: pick({ create: 'createReply', update: 'updateReply', delete: 'deleteReply' }),
  reactions: pick({ toggle: 'react' }),
  flags: pick({ create: 'flag' }),
};
