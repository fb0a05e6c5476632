/**
 * What the parts of a post page (../[id].astro) share. This folder starts with "_", so Astro
 * builds no route from it.
 */

/** Hidden or removed by the moderators: the author may still delete, but no longer edit. */
export const moderated = (status: string) => status === 'hidden' || status === 'removed';

/** The flag page of a post (or of one of its replies); FlagDialog opens it as a dialog when JavaScript runs. */
export const flagHref = (self: string, replyId?: string) => `${self}/flag${replyId ? `?reply=${encodeURIComponent(replyId)}` : ''}`;
