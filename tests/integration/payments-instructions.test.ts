import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { therapist, type User } from './booking-helpers';
import { bookingRow, confirmedSession as confirmed, paymentRow, QUIET, settle } from './payments-helpers';
import type { PaymentView } from '@haven/shared/payments';

const INSTRUCTIONS_UID = 'plugin::payments.instruction';
const AUDIT_UID = 'plugin::audit.entry';

/**
 * Direct payment that says how (issue 18): a therapist's payment instructions, how a client pays a
 * therapist, the "How to pay" mail, the outstanding list with totals, and mark paid with a note and undo.
 */
describe('direct payment: instructions, outstanding, mark and undo', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ReturnType<typeof apiClient>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let other: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  let bob: User;
  let nextHour = 40;

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...QUIET, ...smtpEnv(mailbox) } });
    api = apiClient(haven.url);
    t = await therapist(haven, { rateMinor: 9000, currency: 'EUR' });
    other = await therapist(haven, { rateMinor: 5000, currency: 'USD' });
    alice = await createUser(haven, 'client');
    bob = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  const confirmedSession = (client: User, therapistId = t.therapistId) => confirmed(haven, client, therapistId, (nextHour += 2));

  const instructionRows = () => haven.strapi.db.query(INSTRUCTIONS_UID).findMany({ where: { therapistUserId: t.id } });

  it('only the therapist writes their own instructions; bad input is refused and writes nothing', async () => {
    expect((await api.get('/api/payments/instructions/mine', t.jwt)).body.data).toEqual({ instructions: null, updatedAt: null, maxLength: 1000 });
    const saved = await api.put('/api/payments/instructions/mine', { instructions: 'Bank transfer to IBAN DE89 3704 0044 0532 0130 00  \r\nReference: your name <b>please</b>\u0007' }, t.jwt);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ instructions: 'Bank transfer to IBAN DE89 3704 0044 0532 0130 00\nReference: your name <b>please</b>', maxLength: 1000 });
    expect(saved.body.data.updatedAt).toEqual(expect.any(String));
    const stored = saved.body.data.instructions;

    for (const bad of [{ instructions: 'x'.repeat(1001) }, { instructions: 42 }, { instructions: 'ok', extra: true }, {}, { instructions: 'lone \ud800 surrogate' }]) {
      const res = await api.put('/api/payments/instructions/mine', bad, t.jwt);
      expect(res.status, JSON.stringify(bad).slice(0, 60)).toBe(400);
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    expect(await instructionRows()).toMatchObject([{ text: stored }]);

    // Clients may neither read nor write "their" instructions: the routes are therapists' only.
    expect((await api.put('/api/payments/instructions/mine', { instructions: 'Pay me' }, alice.jwt)).status).toBe(403);
    expect((await api.get('/api/payments/instructions/mine', alice.jwt)).status).toBe(403);
    expect((await api.put('/api/payments/instructions/mine', { instructions: 'Pay me' })).status).toBe(403);
    // Another therapist writes their own, never t's.
    expect((await api.put('/api/payments/instructions/mine', { instructions: 'Cash at the practice' }, other.jwt)).status).toBe(200);
    expect(await instructionRows()).toMatchObject([{ text: stored }]);
    expect((await api.get('/api/payments/instructions/mine', other.jwt)).body.data.instructions).toBe('Cash at the practice');

    // Saving again updates the one row; an empty text removes the instructions.
    expect((await api.put('/api/payments/instructions/mine', { instructions: `${stored}\n` }, t.jwt)).status).toBe(200);
    expect(await instructionRows()).toHaveLength(1);
    expect((await api.put('/api/payments/instructions/mine', { instructions: '  ' }, other.jwt)).body.data.instructions).toBeNull();
    expect(await haven.strapi.db.query(INSTRUCTIONS_UID).count({ where: { therapistUserId: other.id } })).toBe(0);

    // The demo seed writes them through the public contract, checked as the form is.
    const { payments } = await import('../../plugins/payments/dist/server/public.js');
    expect(await payments.setInstructions(other.id, ' Cash at the practice \r\n')).toBe('Cash at the practice');
    await expect(payments.setInstructions(other.id, 'x'.repeat(1001))).rejects.toMatchObject({ status: 400 });
    await expect(payments.setInstructions(alice.id, 'Pay me')).rejects.toMatchObject({ status: 403 });
    expect(await payments.setInstructions(other.id, null)).toBeNull();
  });

  it('how to pay: the provider, the sentence and the instructions, for logged-in people, of listed therapists only', async () => {
    const res = await api.get(`/api/payments/how-to-pay/${t.therapistId}`, alice.jwt);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      provider: 'manual',
      sentence: expect.stringMatching(/^You pay .+ directly; their instructions are below\. They mark the session paid here when the money arrives\.$/),
      instructions: expect.stringContaining('IBAN DE89'),
    });
    // Without instructions the sentence does not point at any: it says to ask.
    expect((await api.get(`/api/payments/how-to-pay/${other.therapistId}`, alice.jwt)).body.data).toEqual({
      provider: 'manual',
      sentence: expect.stringMatching(/^You pay .+ directly; they have not written how yet, so ask them in your messages on Haven\./),
      instructions: null,
    });
    expect((await api.get(`/api/payments/how-to-pay/${t.therapistId}`)).status).toBe(403);
    expect((await api.get('/api/payments/how-to-pay/doesnotexist123', alice.jwt)).status).toBe(404);
    expect((await api.get('/api/payments/how-to-pay/bad!id', alice.jwt)).status).toBe(404);
    const unlisted = await therapist(haven, { verified: false });
    expect((await api.get(`/api/payments/how-to-pay/${unlisted.therapistId}`, alice.jwt)).status).toBe(404);
  });

  it('booking with the manual provider mails the client how to pay, with the price and the instructions', async () => {
    const { booking } = await confirmedSession(alice);
    const mail = await mailbox.waitFor((m) => m.subject === 'How to pay for your session' && (m.text ?? '').includes(`/sessions/${booking.id}`));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(alice.email);
    expect(mail.text).toContain('€90.00');
    expect(mail.text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    // The therapist's text is escaped in the HTML part, line breaks kept.
    expect(mail.html).toContain('Reference: your name &lt;b&gt;please&lt;/b&gt;');
    expect(mail.html).toContain('<br>');
    // The client's payment carries the instructions and the sentence; the therapist's view does not.
    const mine = await api.get('/api/payments?role=client', alice.jwt);
    const payment = mine.body.data.find((p: PaymentView) => p.bookingId === booking.id);
    expect(payment.instructions).toContain('IBAN DE89');
    expect(payment.notice).toMatch(/directly/);
    expect((await api.get(`/api/payments/${payment.id}`, t.jwt)).body.data.instructions).toBeNull();
    // A session page asks for the payment of its booking: the payer's own only.
    const byBooking = await api.get(`/api/payments?role=client&booking=${booking.id}`, alice.jwt);
    expect(byBooking.body.data.map((p: PaymentView) => p.id)).toEqual([payment.id]);
    expect((await api.get(`/api/payments?role=client&booking=${booking.id}`, bob.jwt)).body.data).toEqual([]);
    expect((await api.get('/api/payments?booking=not-an-id!', alice.jwt)).status).toBe(400);
    const receipt = await (await fetch(`${haven.url}/api/payments/${payment.id}/receipt`, { headers: { authorization: `Bearer ${alice.jwt}` } })).text();
    expect(receipt).toContain('IBAN DE89');
  });

  it('outstanding: what is owed to the therapist with a total per currency; cancelled unpaid sessions are never payable', async () => {
    const owed = await confirmedSession(bob);
    const cancelled = await confirmedSession(bob);
    expect((await api.post(`/api/booking/bookings/${cancelled.booking.id}/cancel`, {}, bob.jwt)).status).toBe(200);
    await settle(haven);

    const res = await api.get('/api/payments?outstanding=true', t.jwt);
    expect(res.status).toBe(200);
    const ids = res.body.data.map((p: PaymentView) => p.id);
    expect(ids).toContain(owed.payment.id);
    expect(ids).not.toContain(cancelled.payment.id);
    expect(res.body.data.every((p: PaymentView) => p.canMark && p.status === 'pending' && p.yourRole === 'therapist')).toBe(true);
    expect(res.body.meta.totals).toEqual([{ currency: 'EUR', amountMinor: 9000 * res.body.data.length, payments: res.body.data.length }]);
    expect(res.body.meta.pagination.total).toBe(res.body.data.length);

    const full = await api.get(`/api/payments/${cancelled.payment.id}`, t.jwt);
    expect(full.body.data).toMatchObject({ canMark: false, undoUntil: null });
    expect((await api.post(`/api/payments/${cancelled.payment.id}/mark`, { outcome: 'paid' }, t.jwt)).status).toBe(409);
    // A client's outstanding list holds nothing owed to them; bad filters are refused.
    expect((await api.get('/api/payments?outstanding=true', bob.jwt)).body.meta.totals).toEqual([]);
    expect((await api.get('/api/payments?outstanding=yes', t.jwt)).status).toBe(400);
  });

  it('mark paid with a note, undo within the window (audited), mark again; nobody else may undo; after the window 409', async () => {
    const { payment, booking } = await confirmedSession(bob);
    const before = await haven.strapi.db.query(AUDIT_UID).count({ where: { targetId: payment.id } });
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid', note: 'n'.repeat(501) }, t.jwt)).status).toBe(400);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'pending', note: null });

    const marked = await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid', note: ' Bank transfer received 12 March ' }, t.jwt);
    expect(marked.status).toBe(200);
    expect(marked.body.data).toMatchObject({ status: 'succeeded', note: 'Bank transfer received 12 March', canMark: false });
    expect((await bookingRow(haven, booking.id)).paidAt).not.toBeNull();
    expect(Date.parse(marked.body.data.undoUntil) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect((await api.get(`/api/payments/${payment.id}`, bob.jwt)).body.data).toMatchObject({ note: 'Bank transfer received 12 March', undoUntil: null, instructions: null });
    const receipt = await (await fetch(`${haven.url}/api/payments/${payment.id}/receipt`, { headers: { authorization: `Bearer ${bob.jwt}` } })).text();
    expect(receipt).toContain('Bank transfer received 12 March');

    expect((await api.post(`/api/payments/${payment.id}/unmark`, {}, bob.jwt)).status).toBe(403);
    expect((await api.post(`/api/payments/${payment.id}/unmark`, {}, other.jwt)).status).toBe(404);
    expect((await api.post(`/api/payments/${payment.id}/unmark`, { extra: 1 }, t.jwt)).status).toBe(400);
    const undone = await api.post(`/api/payments/${payment.id}/unmark`, {}, t.jwt);
    expect(undone.status).toBe(200);
    expect(undone.body.data).toMatchObject({ status: 'pending', note: null, paidAt: null, canMark: true, undoUntil: null });
    // The session is unpaid again in booking too (it counts toward the client's unpaid allowance), still confirmed.
    expect(await bookingRow(haven, booking.id)).toMatchObject({ paidAt: null, status: 'confirmed' });
    expect((await api.post(`/api/payments/${payment.id}/unmark`, {}, t.jwt)).status).toBe(409);

    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, t.jwt)).status).toBe(200);
    const entries = await haven.strapi.db.query(AUDIT_UID).findMany({ where: { targetId: payment.id }, orderBy: { id: 'asc' } });
    expect(entries.length - before).toBe(3);
    expect(entries.slice(-3).map((e: { action: string; actorKind: string; actorId: number }) => [e.action, e.actorKind, e.actorId])).toEqual([
      ['payments.mark-paid', 'site', t.id],
      ['payments.undo-mark', 'site', t.id],
      ['payments.mark-paid', 'site', t.id],
    ]);

    // Eleven minutes later the mark stands: 409 with a sentence saying why, nothing changed.
    await haven.strapi.db.query('plugin::payments.payment').update({ where: { documentId: payment.id }, data: { paidAt: new Date(Date.now() - 11 * 60_000) } });
    const late = await api.post(`/api/payments/${payment.id}/unmark`, {}, t.jwt);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/10 minutes to undo this mark have passed/);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'succeeded' });
    expect((await api.get(`/api/payments/${payment.id}`, t.jwt)).body.data.undoUntil).toBeNull();
  });
});
