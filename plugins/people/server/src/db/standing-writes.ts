/**
 * The few account writes Haven's staff make (the Accounts page): block or unblock an account, change
 * its site role, feature a therapist. Through the Query Engine, so that users-permissions' and the
 * chat's lifecycles see them (the chat disconnects an account the moment it is blocked).
 */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { AccountRoleRow, RoleRow, TherapistStandingRow } from './rows-standing';
import { UID } from './uids';

/** The Query Engine writes behind people's standing service. */
export function standingWrites(strapi: Core.Strapi) {
  // A relation is read populated (a row) and written as the target's id.
  const users = () => tableOf<Omit<AccountRoleRow, 'role'> & { role?: number | RoleRow | null }>(strapi, UID.user);
  const roles = () => tableOf<RoleRow>(strapi, UID.role);
  const therapists = () => tableOf<TherapistStandingRow & { user?: number | { id: number } | null }>(strapi, UID.therapistProfile);
  return {
    account: (userId: number): Promise<AccountRoleRow | null> => tableOf<AccountRoleRow>(strapi, UID.user).findOne({ where: { id: userId }, select: ['id', 'blocked'], populate: { role: { select: ['id', 'type'] } } }),
    roleByType: (type: string): Promise<RoleRow | null> => roles().findOne({ where: { type }, select: ['id', 'type'] }),
    therapistOf: (userId: number): Promise<TherapistStandingRow | null> =>
      therapists().findOne({ where: { user: { id: userId } }, select: ['id', 'documentId', 'verificationStatus', 'featured'] }),
    setBlocked: (userId: number, blocked: boolean) => users().update({ where: { id: userId }, data: { blocked } }),
    setRole: (userId: number, roleId: number) => users().update({ where: { id: userId }, data: { role: roleId } }),
    updateTherapist: (profileId: number, data: Partial<Pick<TherapistStandingRow, 'featured' | 'verificationStatus'>>) => therapists().update({ where: { id: profileId }, data }),
  };
}
