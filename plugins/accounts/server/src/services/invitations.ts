/**
 * Inviting staff: a new admin-panel user with the Editor or the Moderator role (looked up by code, as
 * cms/src/bootstrap/admin-roles.ts seeds them), inactive until they choose a password on Strapi's own
 * registration page, which the invitation mail links to with the user's registration token. Nobody
 * is invited as Super Admin from here.
 */
import type { Core } from '@strapi/strapi';
import { conflict } from '@haven/shared/errors';
import { escapeHtml } from '@haven/shared/html';
import { sendMail } from '@haven/shared/server/strapi';
import type { InviteInput, StaffRole } from '../lib/validation';
import { invitationView, type InvitationView } from '../views';
import type { StaffActor } from '@haven/shared/server/strapi';
import { recordAction } from './staff';

/** The codes of Haven's staff roles (cms/src/bootstrap/admin-roles.ts STAFF_ROLES), and how the mail names them. */
export const STAFF_ROLE_CODES: Record<StaffRole, { code: string; name: string; does: string }> = {
  editor: { code: 'strapi-editor', name: 'Editor', does: 'write and publish library resources' },
  moderator: { code: 'haven-moderator', name: 'Moderator', does: 'review the community moderation queue' },
};

/** The members of admin::user and admin::role this service calls (Strapi types its services as open records). */
interface AdminUsers {
  exists(where: { email: string }): Promise<boolean>;
  create(user: { email: string; firstname: string; lastname: string | null; roles: number[]; isActive: false }): Promise<{ id: number; registrationToken: string | null }>;
}
interface AdminRoles {
  findOne(where: { code: string }): Promise<{ id: number } | null>;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = (): AdminUsers => strapi.service('admin::user') as AdminUsers;
  const roles = (): AdminRoles => strapi.service('admin::role') as AdminRoles;

  /** Where Strapi's admin panel answers (its registration page is /admin/auth/register). */
  function adminUrl(): string {
    const configured = strapi.config.get<string>('admin.absoluteUrl', '');
    if (/^https?:\/\//.test(configured)) return configured.replace(/\/+$/, '');
    return `http://localhost:${strapi.config.get<number>('server.port', 1337)}${configured.startsWith('/') ? configured.replace(/\/+$/, '') : '/admin'}`;
  }

  return {
    async invite(staff: StaffActor, input: InviteInput): Promise<InvitationView> {
      const role = STAFF_ROLE_CODES[input.role];
      if (await users().exists({ email: input.email })) throw conflict('An admin user with this email already exists.', { reason: 'exists' });
      const found = await roles().findOne({ code: role.code });
      if (!found) throw new Error(`[accounts] the ${role.name} admin role (${role.code}) is missing`);
      const created = await users().create({ email: input.email, firstname: input.firstname, lastname: input.lastname ?? null, roles: [found.id], isActive: false });
      if (!created.registrationToken) throw new Error('[accounts] Strapi created the admin user without a registration token');
      const link = `${adminUrl()}/auth/register?registrationToken=${encodeURIComponent(created.registrationToken)}`;
      const lines = [
        `Hello ${input.firstname},`,
        `${staff.label} has invited you to Haven's admin panel as ${role.name}: you will ${role.does}.`,
        `Choose your password here to finish setting up your account: ${link}`,
        'If you did not expect this invitation, you can ignore this mail.',
      ];
      await sendMail(strapi, {
        to: input.email,
        subject: `You are invited to Haven's admin panel as ${role.name}`,
        text: lines.join('\n\n'),
        html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
        headers: { 'X-Haven-Mail': 'accounts-invitation' },
      });
      await recordAction(staff, 'invite', { type: 'admin.user', id: created.id }, input.reason, { role: input.role, email: input.email });
      return invitationView.pick({ adminUserId: created.id, email: input.email, role: input.role, registrationToken: created.registrationToken });
    },
  };
};
