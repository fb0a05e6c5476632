/** What every Accounts action reads of its request: the acting admin (as the audit log names them) and the account id. */
import { notFound } from '@haven/shared/errors';
import { adminUserId, type HavenContext } from '@haven/shared/server/strapi';
import { USER_ID } from '../lib/validation';
import type { StaffActor } from '../services/staff';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The admin-panel user behind an admin route (Strapi's admin auth let them through). */
export function staffActor(ctx: HavenContext): StaffActor {
  const adminId = adminUserId(ctx);
  const user = ctx.state.user ?? { id: adminId };
  const label = [text(user.firstname), text(user.lastname)].filter(Boolean).join(' ') || text(user.email) || `Admin ${adminId}`;
  return { adminId, label, ip: text(ctx.request.ip) };
}

/** The site account id of the URL; anything that is not one is simply not found. */
export function accountId(ctx: HavenContext): number {
  const raw = ctx.params.id;
  if (typeof raw !== 'string' || !USER_ID.test(raw)) throw notFound('No such site account');
  return Number(raw);
}
