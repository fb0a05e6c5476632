/**
 * Staff actions on payments in Haven's one audit log (@haven/plugin-audit): a refund, a payment marked
 * paid or waived from the admin's Payments page. Recorded after the action succeeded and before the
 * answer, awaited: a failed write answers 500 (the refund itself, sent to a provider, stays done; the
 * audit plugin logs the entry that could not be written).
 */
import { audit, type AuditDetails } from '@haven/plugin-audit/public';
import type { StaffActor } from '@haven/shared/server/strapi';
import { people } from '@haven/plugin-people/public';

export async function recordStaffAction(staff: StaffActor, action: 'refund' | 'mark-paid' | 'waive', paymentId: string, reason: string, details: AuditDetails): Promise<void> {
  await audit.record({
    actor: { kind: 'admin', id: staff.adminId, label: staff.label },
    action: `payments.${action}`,
    target: { type: 'payments.payment', id: paymentId },
    reason,
    ip: staff.ip,
    details,
  });
}

/**
 * A therapist's mark of a direct payment (paid, waived, or the undo of either) in the same log, under
 * their display name: money records changed by a person are traceable whoever changed them.
 */
export async function recordTherapistAction(userId: number, action: 'mark-paid' | 'waive' | 'undo-mark', paymentId: string, reason: string, details: AuditDetails): Promise<void> {
  const person = await people.one(userId);
  await audit.record({
    actor: { kind: 'site', id: userId, label: person.displayName },
    action: `payments.${action}`,
    target: { type: 'payments.payment', id: paymentId },
    reason,
    details,
  });
}
