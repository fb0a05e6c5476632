/** The consent table (all of its data access): one row per acceptance, newest wins. */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { ConsentHow } from '@haven/shared/consent';

export const CONSENT_UID = 'plugin::identity.consent';

export interface ConsentRow {
  id: number;
  userId: number;
  version: string;
  /** ISO instant (Strapi hands datetimes back as strings or Dates depending on the database). */
  acceptedAt: string | Date;
  how: ConsentHow;
}

export function consentRows(strapi: Core.Strapi) {
  const table = () => tableOf<ConsentRow>(strapi, CONSENT_UID);
  return {
    /** The person's latest acceptance (by time, then id for two in the same millisecond). */
    latest: (userId: number): Promise<ConsentRow | null> => table().findOne({ where: { userId }, orderBy: [{ acceptedAt: 'desc' }, { id: 'desc' }] }),
    all: (userId: number): Promise<ConsentRow[]> => table().findMany({ where: { userId }, orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }] }),
    insert: (data: Omit<ConsentRow, 'id'>): Promise<ConsentRow> => table().create({ data }),
    deleteAll: async (userId: number): Promise<number> => (await table().deleteMany({ where: { userId } })).count,
  };
}
