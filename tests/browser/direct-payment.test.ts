/**
 * Direct payment that says how (issue 18), through the built site in a real Chromium against a real
 * CMS with the demo data and the manual provider: Dr. Rivera writes payment instructions; Alex books
 * (through the API) and reads them on the session page and in the "How to pay" mail; Dr. Rivera sees
 * what is outstanding with its total, marks Alex's session paid with a note, undoes it, marks it
 * again; a session cancelled before payment is never offered as payable. Every page passes axe and
 * fits 360 px.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD, expectAccessible, submit, text, useBrowserSuite } from '../helpers/browser-suite';
import { apiClient } from '../helpers/haven';
import { sentTo } from '../helpers/site';
import type { PaymentView } from '@haven/shared/payments';

// The tests continue each other's pages and bookings: pages stay open until the end.
const suite = useBrowserSuite({
  stack: { havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } },
  closeAfterEach: false,
  pageTimeout: 30_000,
});
const api = () => apiClient(suite.stack.haven.url);
const ALEX = 'alex@haven.example';
const RIVERA = 'dr.rivera@haven.example';
const INSTRUCTIONS = 'Bank transfer to IBAN DE89 3704 0044 0532 0130 00 (Rivera Practice)\nReference: your name and the session date <please>';

// One log-in per person for the whole file (Strapi allows ten a minute per account and address).
const jwts = new Map<string, string>();
async function jwtOf(email: string): Promise<string> {
  if (!jwts.has(email)) jwts.set(email, (await api().post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD })).body.jwt);
  return jwts.get(email)!;
}
const pages = new Map<string, Page>();
async function pageOf(email: string, to: string): Promise<Page> {
  if (!pages.has(email)) pages.set(email, await suite.loggedIn(email, to));
  const page = pages.get(email)!;
  await page.goto(suite.stack.site.url + to);
  return page;
}

// PAYMENT_SCREENSHOTS=<folder>: each checked page is also saved at desktop and phone size, to look at.
const SHOTS = process.env.PAYMENT_SCREENSHOTS;
const shot = (page: Page, label: string, size: string) =>
  SHOTS ? page.screenshot({ path: path.join(SHOTS, `${label.replace(/[^a-z0-9]+/gi, '-')}-${size}.png`), fullPage: true }) : null;

/** The page at 360 px wide has no horizontal scroll (then back to the size it had). */
async function expectFitsPhone(page: Page, label: string) {
  const before = page.viewportSize();
  await shot(page, label, 'desktop');
  await page.setViewportSize({ width: 360, height: 780 });
  await shot(page, label, 'phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) console.log(label, await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > 360).slice(0, 8).map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)));
  expect(width, `${label} at 360 px`).toBeLessThanOrEqual(360);
  if (before) await page.setViewportSize(before);
}

/** The card of the payment for this booking on the page now. */
const paymentCard = (page: Page, bookingId: string) => page.locator('section.payment').filter({ has: page.locator(`a[href="/sessions/${bookingId}"]`) });

describe('direct payment: instructions, how to pay, outstanding, mark and undo', () => {
  let riveraId: string;
  let owed: string;
  let cancelled: string;

  it('the therapist writes payment instructions on /payments', async () => {
    const page = await pageOf(RIVERA, '/payments');
    // Outstanding is the therapist's default view.
    await page.getByRole('heading', { level: 1, name: 'Owed to you' }).waitFor();
    await page.getByRole('link', { name: 'How clients pay you' }).click();
    await page.getByRole('heading', { level: 1, name: 'How clients pay you' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Payment instructions' });
    expect(await box.getAttribute('maxlength')).toBe('1000');
    await box.fill(INSTRUCTIONS);
    await submit(page, page.getByRole('button', { name: 'Save instructions' }));
    expect(await text(page.getByRole('status'))).toContain('Saved. Your clients see these instructions');
    expect(await page.getByRole('textbox', { name: 'Payment instructions' }).inputValue()).toBe(INSTRUCTIONS);
    await expectAccessible(page, 'payment instructions');
    await expectFitsPhone(page, 'payment instructions');

    // Too long is refused with the reason, and nothing changes.
    await page.getByRole('textbox', { name: 'Payment instructions' }).evaluate((el) => el.removeAttribute('maxlength'));
    await page.getByRole('textbox', { name: 'Payment instructions' }).fill('x'.repeat(1001));
    await submit(page, page.getByRole('button', { name: 'Save instructions' }));
    expect(await text(page.locator('.field-error'))).toContain('at most 1000 characters');
    expect((await api().get('/api/payments/instructions/mine', await jwtOf(RIVERA))).body.data.instructions).toBe(INSTRUCTIONS);
  });

  it('a client books and reads how to pay on the session page and in the mail', async () => {
    const alex = await jwtOf(ALEX);
    const profile = await suite.stack.haven.strapi.db.query('api::therapist-profile.therapist-profile').findOne({ where: { user: { email: RIVERA } } });
    riveraId = profile.documentId;
    expect((await api().get(`/api/payments/how-to-pay/${riveraId}`, alex)).body.data).toMatchObject({ provider: 'manual', instructions: INSTRUCTIONS });
    const from = DateTime.utc().plus({ days: 2 });
    const free = (await api().get(`/api/booking/therapists/${riveraId}/slots?from=${from.toISODate()}&to=${from.plus({ days: 6 }).toISODate()}&tz=UTC`)).body.data.slots;
    expect(free.length).toBeGreaterThan(1);
    const first = await api().post('/api/booking/bookings', { therapist: riveraId, start: free[0].start }, alex);
    expect(first.status).toBe(201);
    owed = first.body.data[0].id;
    const second = await api().post('/api/booking/bookings', { therapist: riveraId, start: free[free.length - 1].start }, alex);
    expect(second.status).toBe(201);
    cancelled = second.body.data[0].id;

    const page = await pageOf(ALEX, `/sessions/${owed}`);
    const how = page.getByRole('region', { name: /^How to pay / });
    await how.waitFor();
    expect(await text(how)).toContain('directly; their instructions are below. They mark the session paid here when the money arrives.');
    // The therapist's text as written: its line break kept, its "<please>" shown as text, not markup.
    expect(await how.getByTestId('payment-instructions').innerText()).toBe(INSTRUCTIONS);
    await expectAccessible(page, 'session with how to pay');
    await expectFitsPhone(page, 'session with how to pay');

    const mail = await suite.stack.mailbox.waitFor((m) => sentTo(ALEX)(m) && m.subject === 'How to pay for your session' && (m.text ?? '').includes(`/sessions/${owed}`));
    expect(mail.text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    expect(mail.text).toContain('Reference: your name and the session date <please>');
    expect(mail.html).toContain('&lt;please&gt;');

    // Cancelled before payment: nothing is owed for it.
    expect((await api().post(`/api/booking/bookings/${cancelled}/cancel`, {}, alex)).status).toBe(200);
  });

  it('the therapist sees what is outstanding with its total; a cancelled unpaid session is never payable', async () => {
    const rivera = await jwtOf(RIVERA);
    const outstanding = async () => (await api().get('/api/payments?outstanding=true&pageSize=100', rivera)).body;
    // Payments follows the cancellation through booking's event, just after the cancel answered.
    await expect.poll(async () => (await outstanding()).data.some((p: PaymentView) => p.bookingId === cancelled), { timeout: 10_000 }).toBe(false);
    const all = await outstanding();
    const index = all.data.findIndex((p: PaymentView) => p.bookingId === owed);
    expect(index).toBeGreaterThanOrEqual(0);

    const page = await pageOf(RIVERA, index < 20 ? '/payments' : `/payments?page=${Math.floor(index / 20) + 1}`);
    const total = await text(page.getByTestId('owed-total'));
    expect(total).toMatch(/^Clients owe you .+ in \d+ payments?\.$/);
    for (const { amountMinor, currency } of all.meta.totals) {
      const formatted = new Intl.NumberFormat('en', { style: 'currency', currency }).format(amountMinor / 100);
      expect(total).toContain(formatted);
    }
    const card = paymentCard(page, owed);
    expect(await text(card.getByRole('heading'))).toMatch(/^.+ owes you .+ for \d{1,2} [A-Z][a-z]+( \d{4})?$/);
    await expect(card.getByRole('button', { name: /^Mark as paid/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'outstanding payments');
    await expectFitsPhone(page, 'outstanding payments');

    // Received lists everything, newest first: the cancelled session's payment is there, with no mark or waive.
    await page.goto(`${suite.stack.site.url}/payments?view=received`);
    const gone = paymentCard(page, cancelled);
    await gone.waitFor();
    expect(await gone.getByRole('button').count()).toBe(0);
    expect(await text(gone)).toContain('nothing is owed');
    await expectAccessible(page, 'payments received');
    await expectFitsPhone(page, 'payments received');
  });

  it('marks it paid with a note, undoes it, marks it again', async () => {
    const rivera = await jwtOf(RIVERA);
    const all = (await api().get('/api/payments?outstanding=true&pageSize=100', rivera)).body;
    const index = all.data.findIndex((p: PaymentView) => p.bookingId === owed);
    const listPath = index < 20 ? '/payments' : `/payments?page=${Math.floor(index / 20) + 1}`;
    const page = await pageOf(RIVERA, listPath);
    let card = paymentCard(page, owed);
    await card.getByLabel(/^Note/).fill('Bank transfer received');
    await submit(page, card.getByRole('button', { name: /^Mark as paid/ }));
    const status = page.getByRole('status');
    expect(await text(status)).toMatch(/^Marked as paid: .+ from .+\./);
    await status.getByRole('button', { name: /^Undo marking/ }).waitFor();
    await expectAccessible(page, 'marked as paid');
    await expectFitsPhone(page, 'marked as paid');
    const payment = (await api().get('/api/payments?role=client', await jwtOf(ALEX))).body.data.find((p: PaymentView) => p.bookingId === owed);
    expect(payment).toMatchObject({ status: 'succeeded', note: 'Bank transfer received' });

    await submit(page, status.getByRole('button', { name: /^Undo/ }));
    expect(await text(page.getByRole('status'))).toMatch(/^Undone: .+ is outstanding again\.$/);
    expect((await api().get(`/api/payments/${payment.id}`, rivera)).body.data).toMatchObject({ status: 'pending', note: null });

    // Undone, the session is owed again: the client's session page says how to pay once more.
    const client = await pageOf(ALEX, `/sessions/${owed}`);
    await client.getByRole('region', { name: /^How to pay / }).waitFor();

    await page.goto(suite.stack.site.url + listPath);
    card = paymentCard(page, owed);
    await card.getByLabel(/^Note/).fill('Paid in cash at the practice');
    await submit(page, card.getByRole('button', { name: /^Mark as paid/ }));
    expect(await text(page.getByRole('status'))).toContain('Marked as paid');
    expect(await paymentCard(page, owed).count()).toBe(0);
    await client.goto(`${suite.stack.site.url}/sessions/${owed}`);
    await client.getByRole('heading', { level: 1 }).waitFor();
    expect(await client.getByRole('region', { name: /^How to pay / }).count()).toBe(0);

    // The note is on the payment (the therapist's Received view and the client's) and on the receipt.
    await page.goto(`${suite.stack.site.url}/payments?view=received`);
    expect(await text(paymentCard(page, owed))).toContain('Paid in cash at the practice');
    await paymentCard(page, owed).getByRole('button', { name: /^Undo the mark/ }).waitFor();
    const alex = await pageOf(ALEX, `/payments/${payment.id}/receipt`);
    expect(await alex.content()).toContain('Paid in cash at the practice');
  });
});
