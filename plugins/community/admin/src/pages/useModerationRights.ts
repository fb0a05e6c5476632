import { useAuth, useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS, SUPER_ADMIN_CODE } from '../permissions';

/** What the signed-in admin user may do here: act on items and aliases; reveal accounts (super admins only). */
export function useModerationRights() {
  const { allowedActions, isLoading } = useRBAC([...PERMISSIONS.read, ...PERMISSIONS.act]);
  const isSuperAdmin = useAuth('community.moderation', (state) => Boolean(state.user?.roles?.some((role) => role.code === SUPER_ADMIN_CODE)));
  return { canAct: Boolean(allowedActions.canAct), isLoading, isSuperAdmin };
}
