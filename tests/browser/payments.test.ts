/**
 * Paying on the site, in a real Chromium: the demo client books a session with Dr. Rivera, is sent to
 * the checkout page of the Stripe stand-in (the CMS drives the official SDK against it), pays there,
 * the stand-in delivers the signed webhook, and the site's return page shows the booking confirmed;
 * then history and receipts, and a checkout left without paying. axe on every page of ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe, seriousOrWorse } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/site';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';

const DEMO_PASSWORD = 'DemoPass2026!';
const SECRET = 'sk_test_browser_standin';
const WHSEC = 'whsec_browser_standin';

let stack: Stack;
let stripe: StripeStandin;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stripe = await startStripeStandin({ secretKey: SECRET, webhookSecret: WHSEC });
  [stack, browser] = await Promise.all([
    startStack({
      seedDemo: true,
      havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000', STRIPE_SECRET_KEY: SECRET, STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: stripe.base },
      siteEnv: { PAYMENT_REDIRECT_ORIGINS: stripe.base },
    }),
    launchBrowser(),
  ]);
  stripe.deliverTo(`${stack.haven.url}/api/payments/stripe/webhook`);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
  await stripe?.close();
});

async function logIn(email: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${stack.site.url}/login?next=%2Ftherapists`);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/therapists$/);
  return page;
}

async function expectAccessible(page: Page, label: string) {
  expect(seriousOrWorse(await runAxe(page, label)), label).toEqual([]);
}

/** Books the n-th free time of next week with Dr. Rivera and lands on the session page. */
async function bookRivera(page: Page, nth: number) {
  await page.getByRole('link', { name: /Dr\. Maria Rivera/ }).first().click();
  await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
  await page.getByRole('link', { name: 'Next week →' }).click();
  await page.getByText(/free times? in the week of/).waitFor();
  await page.locator('input[name="start"]').nth(nth).check();
  await page.getByRole('button', { name: 'Book this time' }).click();
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

    await page.goto(`${stack.site.url}/sessions/${bookingId}`);
    await expect(page.locator('.facts').getByText('Confirmed').isVisible()).resolves.toBe(true);
    expect(await page.getByRole('heading', { name: 'Pay to confirm' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { name: 'Your payments' }).waitFor();
    await expect(page.getByText(/\$120\.00 to Dr\. Maria Rivera/).first().isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'payment history');
    const receiptHref = await page.getByRole('link', { name: /^Receipt/ }).first().getAttribute('href');
    const receipt = await page.request.get(`${stack.site.url}${receiptHref}`);
    expect(receipt.headers()['content-type']).toMatch(/^text\/html/);
    const html = await receipt.text();
    expect(html).toContain('Dr. Maria Rivera');
    expect(html).toContain('$120.00');
    // The receipt page allows no script at all (its CSP), so axe checks the same HTML loaded without it.
    await page.setContent(html);
    await expectAccessible(page, 'receipt page');
    const pdf = await page.request.get(`${stack.site.url}${receiptHref}?format=pdf`);
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
