import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { AliasRow, CategoryRow, FlagRow, ItemRow, LogRow, MemberRow, NoticeRow, PostRow, ReactionRow, ReplyRow, WatchedWordRow } from './rows';
import { UID } from './uids';
import type { Target } from '../lib/validation';

/** The community's tables, typed by their rows; each getter asks Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get members() {
      return tableOf<MemberRow>(strapi, UID.member);
    },
    get aliases() {
      return tableOf<AliasRow>(strapi, UID.alias);
    },
    get categories() {
      return tableOf<CategoryRow>(strapi, UID.category);
    },
    get posts() {
      return tableOf<PostRow>(strapi, UID.post);
    },
    get replies() {
      return tableOf<ReplyRow>(strapi, UID.reply);
    },
    get reactions() {
      return tableOf<ReactionRow>(strapi, UID.reaction);
    },
    get flags() {
      return tableOf<FlagRow>(strapi, UID.flag);
    },
    get watchedWords() {
      return tableOf<WatchedWordRow>(strapi, UID.watchedWord);
    },
    get log() {
      return tableOf<LogRow>(strapi, UID.log);
    },
    get notices() {
      return tableOf<NoticeRow>(strapi, UID.notice);
    },
    /** Posts or replies, by target: the columns they share. */
    items(target: Target) {
      return tableOf<ItemRow>(strapi, target === 'post' ? UID.post : UID.reply);
    },
  };
}

export type Tables = ReturnType<typeof tables>;
