import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser } from '../helpers/haven';
import { startStack, type Stack } from '../helpers/site';
import { hourFromNow, therapist, type User } from './booking-helpers';

/**
 * The booking promises on the BUILT site (build it first: `npm run build -w site`), over plain HTTP
 * with the site's session cookie: the therapist page shows the policy before booking and posts it with
 * the booking, a session page shows the policy that booking keeps after the therapist changed theirs,
 * and the therapist's schedule and session page decline a booking with an optional message.
 */
describe('booking promises on the site', () => {
  let stack: Stack;
  let api: ReturnType<typeof apiClient>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let client: User;

  beforeAll(async () => {
    stack = await startStack({ seedDemo: false, havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } });
    api = apiClient(stack.haven.url);
    t = await therapist(stack.haven, { rateMinor: 7000 });
    client = await createUser(stack.haven, 'client');
    await api.put('/api/booking/availability', { freeCancellationHours: 24, lateCancellationRefundPercent: 50 }, t.jwt);
  });
  afterAll(async () => stack?.close());

  /** Logs in through the site's form; returns the cookie header its pages need. */
  async function siteSession(user: User): Promise<string> {
    const form = new URLSearchParams({ identifier: user.email, password: user.password });
    const res = await fetch(`${stack.site.url}/login?next=/sessions`, { method: 'POST', body: form, headers: { origin: stack.site.url }, redirect: 'manual' });
    expect(res.status).toBe(303);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
  const page = async (path: string, cookie: string) => (await fetch(`${stack.site.url}${path}`, { headers: { cookie } })).text();
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${stack.site.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers: { cookie, origin: stack.site.url }, redirect: 'manual' });
  const decode = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

  it('shows the policy before booking, posts it with the booking, and refuses a booking when the policy changed meanwhile', async () => {
    const cookie = await siteSession(client);
    const html = decode(await page(`/therapists/${t.therapistId}`, cookie));
    expect(html).toContain('Cancellation policy:</strong> Free cancellation and rescheduling up to 24 hours before the session; later, a 50% refund');
    // The confirm step states the policy again and carries it with the booking it posts; it books nothing itself.
    const confirm = decode(await page(`/sessions/confirm?therapist=${t.therapistId}&start=${encodeURIComponent(hourFromNow(30))}`, cookie));
    expect(confirm).toContain('Free cancellation and rescheduling up to 24 hours before the session; later, a 50% refund');
    expect(confirm).toContain('name="policyHours" value="24"');
    expect(confirm).toContain('name="policyPercent" value="50"');
    expect(await stack.haven.strapi.db.query('plugin::booking.booking').count({ where: { clientUserId: client.id } })).toBe(0);

    const booked = await post('/sessions/book', cookie, { therapist: t.therapistId, start: hourFromNow(30), policyHours: '24', policyPercent: '50' });
    expect(booked.status).toBe(303);
    expect(booked.headers.get('location')).toMatch(/^\/sessions\/[A-Za-z0-9]+\?booked=1$/);

    // The therapist changes the policy while the client still has the old page open.
    await api.put('/api/booking/availability', { freeCancellationHours: 72, lateCancellationRefundPercent: 0 }, t.jwt);
    const stale = await post('/sessions/book', cookie, { therapist: t.therapistId, start: hourFromNow(31), policyHours: '24', policyPercent: '50' });
    expect(stale.headers.get('location')).toBe(`/therapists/${t.therapistId}`);
    const back = decode(await page(`/therapists/${t.therapistId}`, `${cookie}; ${stale.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')}`));
    expect(back).toContain('changed their cancellation policy since you opened the page, so nothing was booked. It is now: Free cancellation and rescheduling up to 72 hours');
    expect(back).toContain('up to 72 hours');
    expect(await stack.haven.strapi.db.query('plugin::booking.booking').count({ where: { clientUserId: client.id } })).toBe(1);

    // The session page shows the policy it was booked under, not the new one, to both of them.
    const id = booked.headers.get('location')!.split('/')[2].split('?')[0];
    for (const who of [cookie, await siteSession(t)]) {
      const session = decode(await page(`/sessions/${id}`, who));
      expect(session).toContain('up to 24 hours before the session; later, a 50% refund');
      expect(session).toContain('as shown when this session was booked');
      expect(session).not.toContain('up to 72 hours');
    }
  });

  it('the therapist declines from the schedule (with a message) and from the session page; the client cannot', async () => {
    const therapistCookie = await siteSession(t);
    const clientCookie = await siteSession(client);
    const first = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(40) }, client.jwt)).body.data[0];
    const second = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(41) }, client.jwt)).body.data[0];

    const schedule = await page('/sessions', therapistCookie);
    expect(schedule).toContain('<summary>Decline…</summary>');
    expect(schedule).toContain(`name="booking" value="${first.id}"`);
    expect(await page('/sessions', clientCookie)).not.toContain('Decline…');
    expect(await page(`/sessions/${first.id}`, clientCookie)).not.toContain('Decline this booking');

    const declined = await post('/sessions', therapistCookie, { _action: 'decline', booking: first.id, message: 'I am away that week, sorry.' });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('You declined the session. The client has been told');
    const seen = decode(await page(`/sessions/${first.id}`, clientCookie));
    expect(seen).toContain('Declined');
    expect(seen).toContain('message: “I am away that week, sorry.”');

    // A client posting the decline form is refused by the CMS, and nothing changes.
    const byClient = await post(`/sessions/${second.id}`, clientCookie, { _action: 'decline' });
    expect(decode(await byClient.text())).toContain('Only the therapist can decline a booking');
    expect((await api.get(`/api/booking/bookings/${second.id}`, client.jwt)).body.data.status).toBe('confirmed');

    const sessionPage = await page(`/sessions/${second.id}`, therapistCookie);
    expect(sessionPage).toContain('Decline this booking');
    const fromPage = await post(`/sessions/${second.id}`, therapistCookie, { _action: 'decline', message: '' });
    // The session page answers a change by going back to itself with what was done: one status message, a reload repeats nothing.
    expect(fromPage.status).toBe(303);
    expect(fromPage.headers.get('location')).toBe(`/sessions/${second.id}?done=declined`);
    expect(await page(fromPage.headers.get('location')!, therapistCookie)).toContain('You declined the session.');
    expect((await api.get(`/api/booking/bookings/${second.id}`, client.jwt)).body.data).toMatchObject({ status: 'cancelled', declined: true, cancelReason: null });
  });
});
