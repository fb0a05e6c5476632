/**
 * The identity plugin's public contract (`@haven/plugin-identity/public`): how a person proves who
 * they are (password policy, two-factor sign-in, sessions) and what they agreed to (consent).
 * Layer 1: it imports no other plugin; wellness, privacy and the CMS call it.
 */
import type { ErasureOutcome, ErasureRequest, PersonalDataHook, PersonalDataSections } from '@haven/shared/server/personal-data';
import type { ConsentHow, ConsentStatus } from '@haven/shared/consent';
import { getService } from './get-service';
import type { PasswordOwner } from './lib/password-policy';
import { onSignedIn, type SignedInHandler } from './services/two-factor-sign-in';

export type { ConsentHow, ConsentStatus, PasswordOwner, SignedInHandler };

export const identity = {
  /**
   * Why `password` cannot be this person's password (NIST SP 800-63B: length, the common-password
   * list, their own username or email name), as one sentence; null when it is acceptable.
   */
  passwordProblem: (password: unknown, owner: PasswordOwner = {}): string | null => getService('passwordPolicy').problem(password, owner),
  /** The privacy notice and terms version in force (CONSENT_VERSION). */
  consentVersion: (): string => getService('consent').currentVersion(),
  /** Records that the person agreed to the version in force (sign-up, the demo seed, test accounts). */
  recordConsent: (userId: number, how: ConsentHow = 'sign-up'): Promise<ConsentStatus> => getService('consent').accept(userId, getService('consent').currentVersion(), how),
  /** Whether the account has two-step sign-in on (wellness asks before a therapist reads shared data). */
  twoFactorEnabled: (userId: number): Promise<boolean> => getService('twoFactor').enabled(userId),
  /**
   * The CMS's log-in, after a right password: when two-step sign-in is on, a challenge (opaque, ~5
   * minutes) for POST /api/identity/sign-in/second-factor; null when the password alone completes it.
   */
  signInChallenge: async (userId: number): Promise<{ challenge: string; expiresAt: string } | null> =>
    (await getService('twoFactor').enabled(userId)) ? getService('twoFactorSignIn').begin(userId, new Date()) : null,
  /** What runs after every sign-in the second-factor route completes (the CMS registers privacy's `signedIn`). */
  onSignedIn: (handler: SignedInHandler): void => onSignedIn(handler),
  /** The person's consent history and two-factor set-up (issue 20's export and erasure). */
  personalData: {
    export: (userId: number): Promise<PersonalDataSections> => getService('personalData').export(userId),
    erase: (request: ErasureRequest): Promise<ErasureOutcome> => getService('personalData').erase(request),
  } satisfies PersonalDataHook,
};
