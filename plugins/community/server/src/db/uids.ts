/** The community's own content types. */
export const UID = {
  member: 'plugin::community.member',
  alias: 'plugin::community.alias',
  category: 'plugin::community.category',
  post: 'plugin::community.post',
  reply: 'plugin::community.reply',
  reaction: 'plugin::community.reaction',
  flag: 'plugin::community.flag',
  watchedWord: 'plugin::community.watched-word',
  log: 'plugin::community.log-entry',
  notice: 'plugin::community.notice',
} as const;
