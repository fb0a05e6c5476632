/**
 * The personal-data tests' world (issue 20): a client and a therapist with a booking between them,
 * and one module per group of plugins (./booking-payments.ts, ./chat-wellness.ts, ./community-etc.ts)
 * that gives the client (and the therapist) activity in its plugins and knows what an export of it must
 * hold and what an erasure must leave. personal-data-export.test.ts and personal-data-erasure.test.ts
 * run every module against one booted CMS.
 */
import type { Haven } from '../../helpers/haven';
import { createUser } from '../../helpers/haven';
import { therapist as bookingTherapist, type User } from '../booking-helpers';

export type Therapist = Awaited<ReturnType<typeof bookingTherapist>>;

export interface World {
  haven: Haven;
  /** The person who exports and is erased. */
  client: User;
  /** Their therapist (verified, always open, 50-minute sessions at $90.00). */
  therapist: Therapist;
  /** Another client of the same therapist: their data must survive the client's erasure untouched. */
  bystander: User;
  /** Ids a module leaves for the others (e.g. `bookingId`), by name. */
  notes: Record<string, unknown>;
}

/** The export as the privacy plugin returns it: one entry per plugin in ERASURE_ORDER, each that plugin's sections. */
export type ExportedPlugins = Record<string, Record<string, unknown>>;

export interface PersonalDataModule {
  /** Plugins this module covers (names from ERASURE_ORDER). */
  plugins: string[];
  /** Gives the world's client (and their therapist, and the bystander) activity in those plugins. Runs in module order. */
  seed(world: World): Promise<void>;
  /** Checks that every kind of data seeded is in the export (decrypted) and that nothing secret or identifying of others is. */
  checkExport(world: World, exported: ExportedPlugins): Promise<void> | void;
  /** After the erasure: checks that nothing of the client is left in these plugins' tables and files (beyond what it keeps by law), and that the bystander's and the therapist's own data is intact. */
  checkErased(world: World): Promise<void>;
}

export async function createWorld(haven: Haven): Promise<World> {
  const therapist = await bookingTherapist(haven);
  const client = await createUser(haven, 'client');
  const bystander = await createUser(haven, 'client');
  return { haven, client, therapist, bystander, notes: {} };
}
