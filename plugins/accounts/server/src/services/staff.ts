/** Who acts on the Accounts page, as the audit log names them (built by the controller from the admin session). */
import { audit, type AuditDetails } from '@haven/plugin-audit/public';
import type { StaffActor } from '@haven/shared/server/strapi';

/** Records one Accounts action; awaited after the change and before the answer (a failed record fails the request). */
export async function recordAction(staff: StaffActor, action: string, target: { type: 'accounts.account' | 'admin.user'; id: number }, reason: string, details: AuditDetails = {}): Promise<void> {
  await audit.record({
    actor: { kind: 'admin', id: staff.adminId, label: staff.label },
    action: `accounts.${action}`,
    target: { type: target.type, id: String(target.id) },
    reason,
    ip: staff.ip,
    details,
  });
}
