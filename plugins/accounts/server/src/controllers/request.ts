/** What every Accounts action reads of its request besides the acting admin (the kit's `staffActor`): the account id. */
import { notFound } from '@haven/shared/errors';
import type { HavenContext } from '@haven/shared/server/strapi';
import { USER_ID } from '../lib/validation';

/** The site account id of the URL; anything that is not one is simply not found. */
export function accountId(ctx: HavenContext): number {
  const raw = ctx.params.id;
  if (typeof raw !== 'string' || !USER_ID.test(raw)) throw notFound('No such site account');
  return Number(raw);
}
