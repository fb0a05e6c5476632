/** Shared set-up of the Stripe payments suites (payments-stripe*.test.ts): Haven on a Stripe stand-in, its people, checkout. */
import { expect } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';
import { recordEvents, therapist, type User } from './booking-helpers';
import { staffUser, type Staff } from './community-helpers';
import { book, QUIET } from './payments-helpers';

export const SECRET = 'sk_test_haven_standin';
export const WHSEC = 'whsec_test_haven_standin';

export interface StripeSuite {
  haven: Haven;
  stripe: StripeStandin;
  api: ReturnType<typeof apiClient>;
  events: ReturnType<typeof recordEvents>;
  t: Awaited<ReturnType<typeof therapist>>;
  alice: User;
  bob: User;
  admin: Staff;
  editor: Staff;
  webhook: string;
  outbox: string;
}

/** Starts the Stripe stand-in and a Haven paying through it, with a priced therapist, two clients and two staff members. */
export async function startStripeSuite(): Promise<StripeSuite> {
  const stripe = await startStripeStandin({ secretKey: SECRET, webhookSecret: WHSEC });
  // One client books many sessions here: the booking limits (booking-limits.test.ts) are raised out of the way.
  const haven = await startHaven({ env: { ...QUIET, BOOKING_CREATE_LIMIT: '1000', BOOKING_MAX_UNPAID_PER_THERAPIST: '100', BOOKING_MAX_UNPAID_TOTAL: '100', ...stripe.havenEnv() } }).catch(async (err: unknown) => {
    await stripe.close();
    throw err;
  });
  const outbox = process.env.EMAIL_OUTBOX_DIR!;
  const api = apiClient(haven.url);
  const events = recordEvents(haven);
  const webhook = `${haven.url}/api/payments/stripe/webhook`;
  const t = await therapist(haven, { rateMinor: 9000, currency: 'USD' });
  const alice = await createUser(haven, 'client');
  const bob = await createUser(haven, 'client');
  const [admin, editor] = await Promise.all([staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'strapi-editor')]);
  return { haven, stripe, api, events, t, alice, bob, admin, editor, webhook, outbox };
}

/** Books a session for `client` `hours` from now and starts its Stripe checkout. */
export async function startCheckout(suite: Pick<StripeSuite, 'haven' | 'api' | 't'>, client: User, hours: number) {
  const { haven, api, t } = suite;
  const [b] = await book(haven, client, t.therapistId, hours);
  expect(b.status).toBe('pending_payment');
  const res = await api.post('/api/payments/checkout', { booking: b.id }, client.jwt);
  expect(res.status).toBe(201);
  const sessionId = res.body.data.url.split('/').pop() as string;
  return { booking: b, payment: res.body.data.payment, url: res.body.data.url as string, sessionId };
}
