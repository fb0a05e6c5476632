/**
 * The Payments page in the Strapi admin panel (the payments plugin's admin page), in a real Chromium
 * against a real CMS (manual provider): the super admin filters payments, marks a direct payment paid
 * and refunds part of it with a reason; the moderator does not see the page at all.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { apiClient, randomClientAddress } from '../helpers/haven';
import { seriousOrWorse } from '../helpers/browser';
import { adminToken, runAxeExcluding } from '../helpers/admin';
import { DEMO_PASSWORD, useAdminSuite } from '../helpers/admin-suite';

// The suite's admin pages (en-GB, 1366×900), as seen from Lisbon, as this file always opened them.
const suite = useAdminSuite({ context: { timezoneId: 'Europe/Lisbon' } });
const adminPage = (email: string) => suite.adminPage(email);

describe('the Payments page in the admin panel', () => {
  it('the super admin finds a direct payment, marks it paid and refunds part of it with a reason', async () => {
    // Sam books Dr. Chen (no gateway configured: confirmed at once, to be paid directly).
    const api = apiClient(suite.haven.url, { 'x-forwarded-for': randomClientAddress() });
    const sam = (await api.post('/api/auth/local', { identifier: 'sam@haven.example', password: DEMO_PASSWORD })).body.jwt;
    const chen = (await api.get('/api/therapists?q=Chen')).body.data[0];
    const start = new Date();
    start.setUTCDate(start.getUTCDate() + 9);
    const day = start.toISOString().slice(0, 10);
    const slots = await api.get(`/api/booking/therapists/${chen.id}/slots?from=${day}&to=${day}&tz=UTC`);
    const booked = await api.post('/api/booking/bookings', { therapist: chen.id, start: slots.body.data.slots[0].start }, sam);
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const payment = (await api.get('/api/payments', sam)).body.data.find((p: any) => p.bookingId === booked.body.data[0].id);
    expect(payment).toMatchObject({ status: 'pending', provider: 'manual' });

    const page = await adminPage('admin@haven.example');
    const failures: string[] = [];
    page.on('response', (res: Response) => {
      const url = new URL(res.url());
      if (url.origin === suite.haven.url && res.status() >= 400 && url.pathname !== '/favicon.ico') failures.push(`${res.status()} ${res.request().method()} ${url.pathname}`);
    });
    await page.locator('nav').first().getByRole('link', { name: 'Payments' }).click();
    await page.waitForURL(`${suite.haven.url}/admin/plugins/payments`);
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'payments page'));

    // Filter: direct payments that are not paid yet.
    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: 'Direct to therapist' }).click();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Not paid yet' }).click();
    await page.waitForURL(/provider=manual/);
    const row = page.getByRole('row').filter({ hasText: payment.id });
    await row.waitFor();
    expect(await row.textContent()).toContain('Not paid yet');
    await expect.poll(() => page.getByText(/^Totals for these filters/).textContent()).toMatch(/\(\d+ payments?\)/);

    await row.getByRole('button', { name: 'Mark paid' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Paid', exact: true }).click();
    const paidRow = page.getByRole('row').filter({ hasText: payment.id });
    await paidRow.waitFor();

    // Refund part of it: the reason is required; the amount may not exceed what was paid.
    await paidRow.getByRole('button', { name: /^Refund/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Amount').fill('1000');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByText(/At most .* can be refunded/).waitFor();
    await dialog.getByText('Please give a reason').waitFor();
    // Colours are checked once the dialog's opening animation has finished.
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'refund dialog')));
    await dialog.getByLabel('Amount').fill('20');
    await dialog.getByLabel('Reason').fill('Session started late');
    const refunded = page.waitForResponse((res) => res.url().endsWith('/refund') && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    expect((await refunded).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });

    const after = (await apiClient(suite.haven.url).get(`/api/payments/${payment.id}`, sam)).body.data;
    expect(after).toMatchObject({ status: 'partially_refunded', refunds: [{ reason: 'Session started late', status: 'succeeded' }] });
    expect(after.refundedMinor).toBe(20 * 100);
    expect(failures, 'requests of the admin panel that failed').toEqual([]);
    expect(serious, 'serious or critical accessibility problems on the payments page').toEqual([]);
  });

  it('staff without the permission do not see the page, and its API refuses them', async () => {
    const token = await adminToken(suite.haven.url, 'mod@haven.example', DEMO_PASSWORD);
    expect((await apiClient(suite.haven.url, { authorization: `Bearer ${token}` }).get('/payments/admin/payments')).status).toBe(403);
    const page = await adminPage('mod@haven.example');
    await page.locator('nav').first().getByRole('link', { name: 'Moderation' }).waitFor();
    expect(await page.locator('nav').first().getByRole('link', { name: 'Payments' }).count()).toBe(0);
    await page.goto(`${suite.haven.url}/admin/plugins/payments`);
    await page.getByText(/You don't have the permissions|do not have|not allowed/i).first().waitFor();
  });
});
