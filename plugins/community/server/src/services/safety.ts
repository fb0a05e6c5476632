import type { Core } from '@strapi/strapi';
import { badRequest, tooMany } from '@haven/shared/errors';
import { compilePhrases, matchPhrases } from '@haven/shared/safety';
import { safety, type CrisisResources } from '@haven/plugin-safety/public';
import { config, getService } from '../get-service';
import { containsLink } from '../lib/render';
import type { HeldReason, SystemNote } from '../db/rows';
import { time } from '../lib/dates';
import type { WatchAction } from '../lib/validation';
import { tables } from '../db/tables';
import type { Member } from './members';

const HOUR = 60 * 60 * 1000;

export type { SystemNote } from '../db/rows';

export interface Screening {
  /** Crisis phrases found (the item is marked crisis). */
  crisis: boolean;
  /** The crisis lines of the request's locale when crisis phrases were found: the write answers them as `meta.crisis`. */
  crisisResources: CrisisResources | null;
  /** The item must wait for a moderator before anyone else sees it. */
  hold: boolean;
  heldReason: Extract<HeldReason, 'watched-word' | 'crisis'> | null;
  /** The item goes to the moderation queue (held, crisis, or a "flag" watched word). */
  queue: boolean;
  notes: SystemNote[];
}

/**
 * What stands between a member and publishing: hourly limits, the link rule for new members,
 * watched words (block, hold, flag) and crisis language.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');

  return {
    /** 429 when the member has used up their posts (or replies) for the past hour. */
    async assertRate(member: Member, kind: 'post' | 'reply') {
      const limits = members().limits(member);
      const limit = kind === 'post' ? limits.postsPerHour : limits.repliesPerHour;
      const since = new Date(Date.now() - HOUR);
      const query = { where: { authorId: member.id, createdAt: { $gt: since } }, select: ['createdAt' as const], orderBy: { createdAt: 'asc' as const }, limit: limit + 1 };
      const recent = kind === 'post' ? await db.posts.findMany(query) : await db.replies.findMany(query);
      if (recent.length < limit) return;
      const retryAt = new Date(time(recent[0].createdAt) + HOUR);
      const what = kind === 'post' ? 'posts' : 'replies';
      const who = members().isNew(member) ? 'New members' : 'Members';
      throw tooMany(
        `${who} can share up to ${limit} ${what} an hour. You can ${kind === 'post' ? 'post' : 'reply'} again at ${retryAt.toUTCString()} (in about ${Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60000))} minutes).`,
        retryAt,
        { limit, kind },
      );
    },

    /** 400 when a member without enough history tries to share a link. */
    async assertLinks(member: Member, texts: { source: string; html?: string }[]) {
      if (!texts.some((t) => containsLink(t.source, t.html))) return;
      if (await members().canPostLinks(member)) return;
      const { minContributions, minDays } = config().links;
      throw badRequest(
        `Links are not available yet: you can share links once you have been a member for ${minDays} days and have ${minContributions} posts or replies visible in the community. Please remove the link (web addresses and [text](url) links) and try again.`,
        { errors: [{ path: ['body'], message: 'contains a link' }] },
      );
    },

    /**
     * Checks what readers will see (screeningTexts: the title and the rendered body) against watched
     * words and crisis language (the safety plugin's one path, with the lines of `locale`); throws 400
     * on a "block" word.
     */
    async screen(texts: string[], locale: string | null): Promise<Screening> {
      const words = await db.watchedWords.findMany({ select: ['phrase', 'action'] });
      const found = (action: WatchAction) => matchPhrases(texts, compilePhrases(words.filter((w) => w.action === action).map((w) => w.phrase)));
      if (found('block').length) {
        throw badRequest(
          'This cannot be posted as written: it contains language that is not allowed in the community. Please rephrase it and try again.',
          { errors: [{ path: ['body'], message: 'contains language that is not allowed' }] },
        );
      }
      const now = new Date().toISOString();
      const notes: SystemNote[] = [];
      const held = found('hold');
      const flagged = found('flag');
      if (held.length) notes.push({ source: 'system', reason: 'watched-word', text: `Held: matched watched word(s) ${held.map((w) => `"${w}"`).join(', ')}`, createdAt: now });
      if (flagged.length) notes.push({ source: 'system', reason: 'watched-word', text: `Flagged: matched watched word(s) ${flagged.map((w) => `"${w}"`).join(', ')}`, createdAt: now });
      const checked = safety.check(texts, locale);
      const crisisPhrases = checked.screening.phrases;
      if (crisisPhrases.length) notes.push({ source: 'system', reason: 'crisis', text: `Crisis language: ${crisisPhrases.map((p) => `"${p}"`).join(', ')}`, createdAt: now });
      const holdForCrisis = crisisPhrases.length > 0 && config().holdCrisis;
      const hold = held.length > 0 || holdForCrisis;
      return {
        crisis: crisisPhrases.length > 0,
        crisisResources: checked.crisis,
        hold,
        heldReason: held.length ? 'watched-word' : holdForCrisis ? 'crisis' : null,
        queue: hold || flagged.length > 0 || crisisPhrases.length > 0,
        notes,
      };
    },
  };
};
