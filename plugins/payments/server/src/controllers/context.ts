import { adminUserId, type HavenContext } from '@haven/shared/server/strapi';
import type { StaffActor } from '../services/staff-audit';

/** The exact bytes a provider signed, kept by Strapi's body parser (`includeUnparsed` in cms/config/middlewares.ts). */
export function rawBody(ctx: HavenContext): string | null {
  const body = ctx.request.body as Record<symbol, unknown> | undefined;
  const raw = body?.[Symbol.for('unparsedBody')];
  return typeof raw === 'string' ? raw : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The admin-panel user behind an admin route (admin::isAuthenticatedAdmin let them through), as the audit log names them. */
export function staffActor(ctx: HavenContext): StaffActor {
  const adminId = adminUserId(ctx);
  const user = ctx.state.user ?? { id: adminId };
  const name = [text(user.firstname), text(user.lastname)].filter(Boolean).join(' ') || text(user.username) || `Admin ${adminId}`;
  return { adminId, label: name, ip: text(ctx.request.ip) };
}
