import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { TherapistProfileRow, UserRow } from './rows';
import { UID } from './uids';

/** The tables people reads through the Query Engine, typed by their rows; each getter asks Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get users() {
      return tableOf<UserRow>(strapi, UID.user);
    },
    get therapistProfiles() {
      return tableOf<TherapistProfileRow>(strapi, UID.therapistProfile);
    },
  };
}
