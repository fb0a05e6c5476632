/**
 * The forms of a post page (/community/posts/[id]), handled on the server: reply, react, edit or
 * delete one's own post, edit or delete one's own reply. Each works as a plain form post (redirect
 * after success, the page shown again with the problem after a failure); `react` also answers JSON
 * for the ReactionBar island when the request asks for it.
 */
import type { AstroCookies } from 'astro';
import { CRISIS_PANEL_ID, checkPost, formProblem, isId, isReactionKind, postPath, setFlash, type communityApi } from './community';
import { raw, readForm, text, type FieldErrors } from './forms';

export type PostAction = 'reply' | 'react' | 'edit-post' | 'delete-post' | 'edit-reply' | 'delete-reply';

/** What the page shows again after a failed form: which form, its message and field errors, what was typed. */
export interface PostFormState {
  failed: PostAction | null;
  failedReplyId: string;
  message: string | null;
  errors: FieldErrors;
  values: { reply: string; title: string; body: string; replyBody: string };
  /** The page's HTTP status. */
  status: number;
}

export const emptyPostForm = (): PostFormState => ({ failed: null, failedReplyId: '', message: null, errors: {}, values: { reply: '', title: '', body: '', replyBody: '' }, status: 200 });

interface Request_ {
  request: Request;
  cookies: AstroCookies;
  /** The member's community API, or null when the page has no session or no valid post id. */
  api: ReturnType<typeof communityApi> | null;
  postId: string;
  locale: string | null;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const redirect = (location: string) => new Response(null, { status: 303, headers: { location } });

/**
 * Where a write goes back to: the item written, or, when its text had crisis language, the crisis
 * panel the page then shows (components/safety/CrisisPanel). Arriving at a fragment moves the focus to
 * its target (the panel can take focus), so the panel is on screen and read first even without
 * JavaScript; a fragment naming anything else would move the focus away from the panel again.
 */
const afterWrite = (self: string, crisis: boolean, hash: string) => redirect(`${self}#${crisis ? CRISIS_PANEL_ID : hash}`);

/** The page's status for a CMS failure: its own 4xx (a 404 becomes 400: the page exists), 503 for the rest. */
const pageStatus = (status: number) => (status >= 500 ? 503 : status === 404 ? 400 : status);

/** Runs the posted form: a Response (redirect, or JSON for the island), or the state to show the page with. */
export async function handlePostAction({ request, cookies, api, postId, locale }: Request_): Promise<Response | PostFormState> {
  const state = emptyPostForm();
  const wantsJson = (request.headers.get('accept') ?? '').includes('application/json');
  const self = postPath(postId);
  const fail = (failed: PostAction, message: string | null, status: number, errors: FieldErrors = {}): PostFormState =>
    Object.assign(state, { failed, message, errors, status: pageStatus(status) });

  if (!api) {
    if (wantsJson) return json({ error: { message: 'Please log in again.' } }, 401);
    return fail('reply', 'We could not reach Haven just now. Please try again in a moment.', 200);
  }
  const form = await readForm(request);
  if (!form) return fail('reply', 'We could not read the form. Please try again.', 400);
  const action = text(form, '_action');
  const replyId = text(form, 'id');

  switch (action) {
    case 'react': {
      const target = text(form, 'target');
      const kind = text(form, 'kind');
      const itemId = target === 'post' ? postId : replyId;
      if ((target !== 'post' && target !== 'reply') || !isId(itemId) || !isReactionKind(kind)) {
        if (wantsJson) return json({ error: { message: 'That reaction is not one we know.' } }, 400);
        return fail('react', 'That reaction is not one we know. Please try again.', 400);
      }
      const result = await api.react(target, itemId, kind);
      if (wantsJson) return result.ok ? json({ data: result.data.data }) : json({ error: { message: formProblem(result, {}).message } }, result.status);
      if (result.ok) return redirect(`${self}#${target === 'post' ? 'post' : `reply-${itemId}`}`);
      return fail('react', formProblem(result, {}).message, result.status);
    }

    case 'reply': {
      state.values.reply = raw(form, 'body');
      const checked = checkPost({ body: state.values.reply }, false);
      if (checked.body) return fail('reply', null, 400, { reply: checked.body });
      const result = await api.createReply(postId, state.values.reply, locale);
      if (result.ok) {
        const crisis = Boolean(result.data.meta?.crisis);
        setFlash(cookies, { notice: 'replied', held: result.data.meta?.held, crisis });
        return afterWrite(self, crisis, `reply-${result.data.data.id}`);
      }
      const problem = formProblem(result, { body: 'Your reply' });
      return fail('reply', problem.message, result.status, problem.errors.body ? { reply: problem.errors.body } : problem.errors);
    }

    case 'edit-post': {
      state.values.title = text(form, 'title');
      state.values.body = raw(form, 'body');
      const checked = checkPost(state.values, true);
      if (Object.keys(checked).length) return fail('edit-post', null, 400, checked);
      const result = await api.updatePost(postId, { title: state.values.title, body: state.values.body }, locale);
      if (result.ok) {
        const crisis = Boolean(result.data.meta?.crisis);
        setFlash(cookies, { notice: 'edited', held: result.data.meta?.held, crisis });
        return afterWrite(self, crisis, 'post');
      }
      const problem = formProblem(result, { title: 'Title', body: 'Your post' });
      return fail('edit-post', problem.message, result.status, problem.errors);
    }

    case 'delete-post': {
      const result = await api.deletePost(postId);
      if (result.ok) {
        setFlash(cookies, { notice: 'post-deleted' });
        return redirect('/community/mine');
      }
      return fail('delete-post', formProblem(result, {}).message, result.status);
    }

    case 'edit-reply':
    case 'delete-reply':
      if (isId(replyId)) return action === 'edit-reply' ? editReply(form, replyId) : deleteReply(replyId);
      break;
  }
  if (wantsJson) return json({ error: { message: 'That form is not one we know.' } }, 400);
  return fail('reply', 'That form is not one we know. Please try again.', 400);

  async function editReply(form: FormData, id: string): Promise<Response | PostFormState> {
    state.failedReplyId = id;
    state.values.replyBody = raw(form, 'body');
    const checked = checkPost({ body: state.values.replyBody }, false);
    if (checked.body) return fail('edit-reply', null, 400, { replyBody: checked.body });
    const result = await api!.updateReply(id, state.values.replyBody, locale);
    if (result.ok) {
      const crisis = Boolean(result.data.meta?.crisis);
      setFlash(cookies, { notice: 'reply-edited', held: result.data.meta?.held, crisis });
      return afterWrite(self, crisis, `reply-${id}`);
    }
    const problem = formProblem(result, { body: 'Your reply' });
    return fail('edit-reply', problem.message, result.status, problem.errors.body ? { replyBody: problem.errors.body } : problem.errors);
  }

  async function deleteReply(id: string): Promise<Response | PostFormState> {
    const result = await api!.deleteReply(id);
    if (result.ok) {
      setFlash(cookies, { notice: 'reply-deleted' });
      return redirect(`${self}#replies`);
    }
    state.failedReplyId = id;
    return fail('delete-reply', formProblem(result, {}).message, result.status);
  }
}
