/** Set-up, actions and request tables of the community moderation suite (community-moderation.test.ts). */
import { expect } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { CLEAN_TEXT, staffUser, type Staff } from './community-helpers';

export type User = Awaited<ReturnType<typeof createUser>>;
type Api = ReturnType<typeof apiClient>;

export interface Moderation {
  haven: Haven;
  api: Api;
  author: User;
  flaggers: User[];
  moderator: Staff;
  superAdmin: Staff;
  editor: Staff;
}

/** A Haven that hides after 3 flags, an author, four other members (one a therapist) and three staff members. */
export async function startModeration(): Promise<Moderation> {
  const haven = await startHaven({
    env: { COMMUNITY_FLAG_THRESHOLD: '3', COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: '200', COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR: '200' },
  });
  const api = apiClient(haven.url);
  const [author, ...flaggers] = await Promise.all([createUser(haven, 'client'), createUser(haven, 'client'), createUser(haven, 'therapist'), createUser(haven, 'client'), createUser(haven, 'client')]);
  const [moderator, superAdmin, editor] = await Promise.all([staffUser(haven, 'haven-moderator'), staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'strapi-editor')]);
  return { haven, api, author, flaggers, moderator, superAdmin, editor };
}

/** Posting as a member, a member's alias, the moderator's queue entry for an item, and moderation actions. */
export function moderationActions(get: () => { api: Api; moderator: Staff }) {
  const newPost = async (user: User, over: Record<string, unknown> = {}, query = '') => {
    const res = await get().api.post(`/api/community/posts${query}`, { category: 'general', title: 'Moderation test', body: CLEAN_TEXT, ...over }, user.jwt);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res;
  };
  const aliasOf = async (user: User) => (await get().api.get('/api/community/me', user.jwt)).body.data.alias as string;
  const queueItem = async (id: string) => (await get().moderator.api.get('/community/queue')).body.data.find((i: any) => i.id === id);
  const act = (body: Record<string, unknown>, who: Staff = get().moderator) => who.api.post('/community/actions', body);
  return { newPost, aliasOf, queueItem, act };
}

/** Moderation actions that are refused: body, status and message expected. */
export function invalidActions(postId: string, alias: string): [Record<string, unknown>, number, RegExp][] {
  return [
    [{ action: 'hide', target: 'post', id: postId, reason: 'no' }, 400, /reason must be at least 3/],
    [{ action: 'hide', target: 'post', id: postId }, 400, /reason/],
    [{ action: 'hide', reason: 'Needs an item' }, 400, /target and id are required to hide/],
    [{ action: 'silence', alias, reason: 'How long?' }, 400, /durationHours is required to silence/],
    [{ action: 'warn', alias, reason: 'x'.repeat(501) }, 400, /reason must be at most 500/],
    [{ action: 'ban', alias, reason: 'Bad' }, 400, /action must be one of/],
    [{ action: 'warn', alias: 'Nobody Here 99', reason: 'Who?' }, 404, /No such alias/],
    [{ action: 'approve', target: 'post', id: 'abcdefghijklmnopqrstuvwx', reason: 'Missing' }, 404, /No such post/],
    [{ action: 'warn', reason: 'Whom?' }, 400, /alias is required to warn/],
  ];
}

/** Every community write a member makes on a post: a reply, an edit, a reaction and a new alias. */
export function memberWrites(api: Api, jwt: string, postId: string) {
  return [
    () => api.post(`/api/community/posts/${postId}/replies`, { body: 'hi' }, jwt),
    () => api.put(`/api/community/posts/${postId}`, { title: 'Changed' }, jwt),
    () => api.post('/api/community/reactions', { target: 'post', id: postId, kind: 'hug' }, jwt),
    () => api.post('/api/community/me/alias', {}, jwt),
  ];
}

/** The moderation admin routes (queue, log, watched words, an alias page, actions). */
export function moderationRoutes(postId: string, alias: string) {
  return [
    ['get', '/community/queue'],
    ['get', '/community/log'],
    ['get', '/community/watched-words'],
    ['get', `/community/aliases/${encodeURIComponent(alias)}`],
    ['post', '/community/actions', { action: 'hide', target: 'post', id: postId, reason: 'Editor tries' }],
    ['post', '/community/watched-words', { phrase: 'editorword', action: 'block' }],
  ] as const;
}
