import type { DateValue } from './rows';

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
} as const;

export const USER_UID = 'plugin::users-permissions.user';

/** ISO string of a date-ish database value, or null. */
export function iso(value: DateValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function time(value: DateValue | undefined): number {
  const text = iso(value);
  return text ? Date.parse(text) : 0;
}
