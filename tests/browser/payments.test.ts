/**
 * Paying on the site, in a real Chromium: the demo client books a session with Dr. Rivera, is sent to
 * the checkout page of the Stripe stand-in (the CMS drives the official SDK against it), pays there,
 * the stand-in delivers the signed webhook, and the site's return page shows the booking confirmed;
 * then history and receipts, and a checkout left without paying. axe on every page of ours.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useBrowserSuite } from '../helpers/browser-suite';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';

const SECRET = 'sk_test_browser_standin';
const WHSEC = 'whsec_browser_standin';

let stripe: StripeStandin;
// Registered first, so that it runs last (after hooks run in reverse): the stand-in outlives the stack.
afterAll(() => stripe?.close());
const suite = useBrowserSuite({
  // The CMS drives the Stripe SDK against the stand-in, and the site may send payers to its checkout page.
  stack: async () => {
    stripe = await startStripeStandin({ secretKey: SECRET, webhookSecret: WHSEC });
    return {
      havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000', ...stripe.havenEnv() },
      siteEnv: { PAYMENT_REDIRECT_ORIGINS: stripe.base },
    };
  },
  closeAfterEach: false,
  pageTimeout: 30_000,
});
beforeAll(() => {
  stripe.deliverTo(`${suite.stack.haven.url}/api/payments/stripe/webhook`);
});
// Issue 22: every request Haven sent and every answer the stand-in gave matched the provider's published specification.
afterEach(() => expect(stripe.problems).toEqual([]));
const logIn = (email: string) => suite.loggedIn(email, '/therapists');

/** Books the n-th free time of next week with Dr. Rivera and lands on the session page. */
async function bookRivera(page: Page, nth: number) {
  await page.getByRole('link', { name: /Dr\. Maria Rivera/ }).first().click();
  await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
  // Next week as the server renders it (the link's address): no client-side fetch to wait for on a loaded machine.
  const nextWeek = await page.getByRole('link', { name: 'Next week →' }).getAttribute('href');
  await page.goto(new URL(nextWeek!, page.url()).toString());
  await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
  await page.locator('input[name="start"]').nth(nth).check();
  await page.getByRole('button', { name: 'Book this time' }).click();
  // The confirm step (time, length, price, how payment works, the policy) books nothing until confirmed.
  await page.getByRole('button', { name: 'Confirm and book' }).click();
  await page.waitForURL(/\/sessions\/[A-Za-z0-9]+\?booked=1/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('paying on the site', () => {
  it('the demo client books, pays on the Stripe checkout page and comes back to a confirmed session', async () => {
    const page = await logIn('alex@haven.example');
    const bookingId = await bookRivera(page, 2);
    await expect(page.getByText('Your time is held: complete the payment to confirm it.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: 'Pay to confirm' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/\$120\.00/).first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'session waiting for payment');

    await page.getByRole('button', { name: 'Pay with Card (Stripe)' }).click();
    await page.waitForURL((url) => url.origin === stripe.base && url.pathname.startsWith('/pay/'));
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const created = stripe.records.find((r) => r.path === '/v1/checkout/sessions' && r.status === 200 && stripe.sessions.get(sessionId)?.metadata.booking === bookingId);
    expect(created?.form.line_items[0].price_data).toMatchObject({ currency: 'usd', unit_amount: '12000' });
    expect(created?.form.line_items[0].price_data.product_data.name).toMatch(/^Therapy session with Dr\. Maria Rivera, /);
    await page.getByRole('button', { name: 'Pay now' }).click();

    await page.waitForURL(/\/payments\/return\?payment=/);
    await page.getByRole('heading', { name: 'Thank you: your payment went through' }).waitFor();
    await expect(page.getByText('Your session is confirmed.', { exact: false }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.payment-sessions').getByText('Confirmed').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'payment return page');

    await page.goto(`${suite.stack.site.url}/sessions/${bookingId}`);
    await expect(page.locator('.facts').getByText('Confirmed').isVisible()).resolves.toBe(true);
    expect(await page.getByRole('heading', { name: 'Pay to confirm' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { name: 'Your payments' }).waitFor();
    await expect(page.getByText(/\$120\.00 to Dr\. Maria Rivera/).first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'payment history');
    const receiptHref = await page.getByRole('link', { name: /^Receipt/ }).first().getAttribute('href');
    const receipt = await page.request.get(`${suite.stack.site.url}${receiptHref}`);
    expect(receipt.headers()['content-type']).toMatch(/^text\/html/);
    const html = await receipt.text();
    expect(html).toContain('Dr. Maria Rivera');
    expect(html).toContain('$120.00');
    // The receipt page allows no script at all (its CSP), so axe checks the same HTML loaded without it.
    await page.setContent(html);
    await expectAccessible(page, 'receipt page');
    const pdf = await page.request.get(`${suite.stack.site.url}${receiptHref}?format=pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('leaving the checkout without paying shows the held time and a way to try again', async () => {
    const page = await logIn('alex@haven.example');
    await bookRivera(page, 4);
    await page.getByRole('button', { name: 'Pay with Card (Stripe)' }).click();
    await page.waitForURL((url) => url.origin === stripe.base);
    await page.getByRole('link', { name: 'Cancel and go back' }).click();
    await page.waitForURL(/\/payments\/cancelled\?payment=/);
    await page.getByRole('heading', { name: 'You have not paid' }).waitFor();
    await expect(page.getByText(/Nothing was charged\. We hold your time until/).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'payment cancelled page');
    // Trying again returns to the same open checkout.
    await page.getByRole('button', { name: 'Try the payment again' }).click();
    await page.waitForURL((url) => url.origin === stripe.base && url.pathname.startsWith('/pay/'));
  });
});
