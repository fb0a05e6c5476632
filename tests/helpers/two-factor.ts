/**
 * Two-step sign-in for tests: enrols an account through the HTTP API and computes its codes with the
 * `otpauth` library (the same RFC 6238 arithmetic an authenticator app does), from the manual key the
 * set-up shows.
 */
import { Secret, TOTP } from 'otpauth';
import { apiClient, type Haven } from './haven';

export interface Enrolled {
  /** The base32 secret (the set-up's manual key without spaces). */
  secret: string;
  recoveryCodes: string[];
}

/** The code an authenticator app shows at `at` (default now) for this secret or manual key. */
export function totpCodeFor(secretOrManualKey: string, at: Date = new Date()): string {
  const secret = Secret.fromBase32(secretOrManualKey.replace(/\s+/g, ''));
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret }).generate({ timestamp: at.getTime() });
}

/**
 * A code the server has not accepted yet: the next 30-second step (still inside its ±1 step window),
 * for a sign-in right after the set-up used the current one.
 */
export const nextTotpCode = (secret: string) => totpCodeFor(secret, new Date(Date.now() + 30_000));

/** Turns two-step sign-in on for a signed-in account (start, then confirm with the current code). */
export async function enrolTwoFactor(haven: Haven, user: { jwt: string }): Promise<Enrolled> {
  const api = apiClient(haven.url);
  const start = await api.post('/api/identity/two-factor/start', {}, user.jwt);
  if (start.status !== 200) throw new Error(`two-factor start: ${start.status} ${JSON.stringify(start.body)}`);
  const secret = String(start.body.data.manualKey).replace(/\s+/g, '');
  const confirm = await api.post('/api/identity/two-factor/confirm', { code: totpCodeFor(secret) }, user.jwt);
  if (confirm.status !== 200) throw new Error(`two-factor confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return { secret, recoveryCodes: confirm.body.data.recoveryCodes as string[] };
}
