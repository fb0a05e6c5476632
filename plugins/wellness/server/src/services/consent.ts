/**
 * Sharing by consent. A client shares their mood and assessment trends (and, only if they say so,
 * their reflections) with a therapist they have a booking with, and revokes at any time. The current
 * state is one row per (client, therapist); every change is also written to the consent log, in the
 * same transaction, and the client can read the whole log. A therapist reaches a client's data only
 * through an active share: anything else answers exactly like a missing client. A share counts only
 * while its therapist is in good standing (verified, not suspended): when staff withdraw the
 * verification, or suspend the account, the therapist sees nothing any more, as if nobody shared,
 * while the consent itself stays recorded, so that access returns if they are verified again.
 */
import type { Core } from '@strapi/strapi';
import { type ConsentEventView, type SharingOverview, type ShareView } from '@haven/shared/wellness';
import { badRequest, forbidden, notFound } from '@haven/shared/errors';
import { booking } from '@haven/plugin-booking/public';
import { people } from '@haven/plugin-people/public';
import type { ConsentEventRow, ShareRow } from '../db/rows';
import { tables } from '../db/tables';
import { consentEventView, shareTherapistView, shareView, type NamedTherapist } from '../views';

export type { ShareRow };

export type { ConsentEventView, SharingOverview, ShareView };

const iso = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

/** A share as its client sees it: the row's record with the therapist picked, then only the fields `shareView` names. */
function toShareView(row: ShareRow, therapist: NamedTherapist): ShareView {
  return shareView.pick({
    clientUserId: row.clientUserId,
    therapistUserId: row.therapistUserId,
    therapist: shareTherapistView.pick(therapist),
    active: row.active,
    includeReflections: row.includeReflections,
    grantedAt: iso(row.grantedAt),
    revokedAt: iso(row.revokedAt),
  });
}

/** A line of the consent log, picked the same way. */
function toConsentEventView(event: ConsentEventRow, therapist: NamedTherapist): ConsentEventView {
  return consentEventView.pick({
    clientUserId: event.clientUserId,
    therapistUserId: event.therapistUserId,
    at: iso(event.at)!,
    action: event.action,
    therapist: shareTherapistView.pick(therapist),
    includeReflections: event.includeReflections,
  });
}
const HISTORY_LIMIT = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shares = () => tables(strapi).shares;
  const events = () => tables(strapi).consentEvents;

  async function therapistOrNotFound(profileId: string) {
    const therapist = await people.therapistById(profileId);
    if (!therapist) throw notFound('No such therapist.');
    return therapist;
  }

  async function record(row: ShareRow, action: ConsentEventRow['action'], at: Date) {
    await events().create({
      data: { clientUserId: row.clientUserId, therapistUserId: row.therapistUserId, therapistProfileId: row.therapistProfileId, action, includeReflections: row.includeReflections, at },
    });
  }

  const service = {
    /** The client's shares (current and past) and the log of every change, newest first. */
    async overview(clientUserId: number): Promise<SharingOverview> {
      const rows = await shares().findMany({ where: { clientUserId }, orderBy: [{ active: 'desc' }, { grantedAt: 'desc' }] });
      const log = await events().findMany({ where: { clientUserId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], limit: HISTORY_LIMIT });
      const names = await people.many([...rows.map((r) => r.therapistUserId), ...log.map((e) => e.therapistUserId)]);
      const therapist = (userId: number, id: string): NamedTherapist => ({ id, userId, displayName: names.get(userId)?.displayName ?? 'Haven therapist' });
      return {
        shares: rows.map((row) => toShareView(row, therapist(row.therapistUserId, row.therapistProfileId))),
        history: log.map((event) => toConsentEventView(event, therapist(event.therapistUserId, event.therapistProfileId))),
      };
    },

    /** Grants (or changes) consent for one therapist. Refused without a booking between the two. */
    async grant(clientUserId: number, therapistProfileId: string, includeReflections: boolean): Promise<{ share: ShareView; changed: boolean }> {
      const therapist = await therapistOrNotFound(therapistProfileId);
      if (therapist.userId === clientUserId) throw badRequest('You cannot share your wellness data with yourself.');
      if (!therapist.inGoodStanding) {
        throw forbidden(`${therapist.displayName} cannot receive shared wellness data at the moment (their listing on Haven is not active). Nothing was shared.`);
      }
      if (!(await booking.haveBooking(clientUserId, therapist.userId))) {
        throw forbidden(`You can share your wellness data only with a therapist you have a booking with. Book a session with ${therapist.displayName} first.`);
      }
      const now = new Date();
      const result = await strapi.db.transaction(async () => {
        const existing = await shares().findOne({ where: { clientUserId, therapistUserId: therapist.userId } });
        if (existing?.active && existing.includeReflections === includeReflections) return { row: existing, changed: false };
        let row: ShareRow;
        if (!existing) {
          row = await shares().create({
            data: { clientUserId, therapistUserId: therapist.userId, therapistProfileId: therapist.id, active: true, includeReflections, grantedAt: now, revokedAt: null },
          });
          await record(row, 'granted', now);
        } else if (!existing.active) {
          row = await shares().update({ where: { id: existing.id }, data: { active: true, includeReflections, grantedAt: now, revokedAt: null } });
          await record(row, 'granted', now);
        } else {
          row = await shares().update({ where: { id: existing.id }, data: { includeReflections } });
          await record(row, 'updated', now);
        }
        return { row, changed: true };
      });
      return { share: toShareView(result.row, therapist), changed: result.changed };
    },

    async revoke(clientUserId: number, therapistProfileId: string): Promise<ShareView> {
      const therapist = await therapistOrNotFound(therapistProfileId);
      const now = new Date();
      const row = await strapi.db.transaction(async () => {
        const existing = await shares().findOne({ where: { clientUserId, therapistUserId: therapist.userId, active: true } });
        if (!existing) throw notFound(`You are not sharing with ${therapist.displayName}.`);
        const updated = await shares().update({ where: { id: existing.id }, data: { active: false, revokedAt: now } });
        await record(updated, 'revoked', now);
        return updated;
      });
      return toShareView(row, therapist);
    },

    /** Active shares with a therapist in good standing, newest first (none while they are not). */
    async clientsOf(therapistUserId: number): Promise<ShareRow[]> {
      if (!(await people.inGoodStanding([therapistUserId])).has(therapistUserId)) return [];
      return shares().findMany({ where: { therapistUserId, active: true }, orderBy: [{ grantedAt: 'desc' }] });
    },

    /** The active share a therapist in good standing reads a client through; anything else is "no such client". */
    async activeShareFor(therapistUserId: number, shareId: string): Promise<ShareRow> {
      const row = await shares().findOne({ where: { documentId: shareId, therapistUserId, active: true } });
      if (!row || !(await people.inGoodStanding([therapistUserId])).has(therapistUserId)) throw notFound('No such client.');
      return row;
    },

  };
  return service;
};
