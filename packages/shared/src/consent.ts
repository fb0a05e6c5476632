/**
 * Consent to the privacy notice and terms (issue 20): what GET/POST /api/identity/consent answer,
 * read by the site's middleware (re-asking after a new version) and its /consent page.
 */

/** How an acceptance was given: ticked at sign-up, or agreed again after a new version. */
export type ConsentHow = 'sign-up' | 'renewed';

export interface ConsentStatus {
  /** The version in force (CONSENT_VERSION), as shown on /privacy and /terms. */
  currentVersion: string;
  /** The latest version this person agreed to, or null if none is recorded. */
  acceptedVersion: string | null;
  /** When they agreed to it (ISO instant), or null. */
  acceptedAt: string | null;
  /** True when the person must be asked again before using the site. */
  mustAsk: boolean;
}

/** The sign-up form's consent checkbox name and the refusal when it is not ticked. */
export const ACCEPT_TERMS_FIELD = 'acceptTerms';
export const CONSENT_REQUIRED_MESSAGE = 'Please agree to the privacy notice and terms to create an account';
