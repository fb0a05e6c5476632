/**
 * Responses by allow-list for the caller's own profile: the answer is picked from this one
 * definition, so a field the profile or the account grows later stays private until it is named here.
 * (Strapi loads only the known folders of an API, so this file is not taken for a controller or a route.)
 */
import { publicView, type SameFields, type ViewOf } from '@haven/shared/view';
import type { Me, Role } from '@haven/shared/profiles';
import type { ProfileEntry } from './services/profile';

/** What the caller's own profile answer is picked from: the profile, its account and the account's role. */
export interface OwnProfileRecord extends Omit<ProfileEntry, 'avatar'> {
  avatarUrl: string | null;
  /** The account's id: never handed out (these routes have no id). */
  userId: number;
  username: string;
  email: string;
  /** The site role ("client" or "therapist"), from the account's users-permissions role type. */
  role: Role | null;
}

/** GET /api/profiles/me, PUT /api/profiles/me, POST /api/profiles/me/avatar. */
export const ownProfileView = publicView<OwnProfileRecord>()('displayName', 'pronouns', 'timeZone', 'avatarUrl', 'username', 'email', 'role');

export type OwnProfileView = ViewOf<typeof ownProfileView>;

/** Compile-time proof that the definition hands out exactly what the site reads (@haven/shared/profiles). */
export const SAME_AS_SHARED: [SameFields<OwnProfileView, Me>] = [true];
