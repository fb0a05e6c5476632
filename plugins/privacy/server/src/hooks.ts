/**
 * Every plugin's personal-data hook, in the order they erase (ERASURE_ORDER in
 * @haven/shared/server/personal-data). The one place the privacy plugin learns who holds data:
 * a plugin that starts keeping data about accounts adds its hook here.
 */
import { applications } from '@haven/plugin-applications/public';
import { booking } from '@haven/plugin-booking/public';
import { chat } from '@haven/plugin-chat/public';
import { community } from '@haven/plugin-community/public';
import { identity } from '@haven/plugin-identity/public';
import { library } from '@haven/plugin-library/public';
import { payments } from '@haven/plugin-payments/public';
import { people } from '@haven/plugin-people/public';
import { wellness } from '@haven/plugin-wellness/public';
import type { PersonalDataHook, PersonalDataPlugin } from '@haven/shared/server/personal-data';

export const personalDataHooks: Record<PersonalDataPlugin, PersonalDataHook> = {
  booking: booking.personalData,
  payments: payments.personalData,
  chat: chat.personalData,
  wellness: wellness.personalData,
  community: community.personalData,
  library: library.personalData,
  applications: applications.personalData,
  identity: identity.personalData,
  people: people.personalData,
};
