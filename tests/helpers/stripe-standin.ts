/**
 * A Stripe stand-in for tests: a small HTTP server on 127.0.0.1 that speaks the part of the Stripe API
 * Haven's `stripe` provider uses (Checkout Sessions create/retrieve/expire, refunds), reached by the
 * official SDK through its own host/port/protocol options (STRIPE_API_BASE). It RECORDS every request
 * and CHECKS what Stripe would:
 *  - `Authorization: Bearer <secret key>` (401 otherwise), a `Stripe-Version` header, form encoding;
 *  - an `Idempotency-Key` on every POST; the same key with other parameters is refused (400
 *    idempotency_error), the same key with the same parameters replays the first answer;
 *  - Checkout: mode payment, integer unit amounts, a currency, a line name, `metadata.havenPayment`,
 *    `expires_at` between 30 minutes and 24 hours from now (Stripe's own bounds), success/cancel URLs;
 *  - refunds never exceed what the payment intent received.
 * For browser tests it also serves a checkout page (`/pay/<session>`): paying there completes the
 * session, delivers a signed `checkout.session.completed` webhook to Haven and redirects to success_url.
 *
 * Held to Stripe's published API (issue 22, tests/helpers/api-contracts.ts): every request is checked
 * against the pinned OpenAPI document before it is answered, and one the real API would refuse gets
 * Stripe's 400 with the validator's message (and lands in `problems`, which the suites expect empty).
 * Every answer and every event is checked too; answers and event objects start from Stripe's own
 * fixtures of the same commit, so they carry every field the real API sends.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import Stripe from 'stripe';
import { stripeContract, stripeFixture } from './api-contracts';

export interface StripeRecord {
  method: string;
  path: string;
  headers: Record<string, string>;
  form: any;
  status: number;
  idempotencyKey: string | null;
}

/** The fields of a Checkout Session the stand-in and its tests read; the rest comes from Stripe's fixture. */
export interface StandinSession {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  customer_email: string | null;
  expires_at: number;
  success_url: string;
  cancel_url: string;
  url: string | null;
  payment_intent: string | null;
  created: number;
  [field: string]: unknown;
}

/** Stripe's resources the stand-in's events may carry, by their `object` value. */
const EVENT_OBJECTS = new Set(['checkout.session', 'charge', 'payment_intent', 'refund', 'customer']);

const stripeSdk = new Stripe('sk_test_signing_only');

export async function startStripeStandin(options: { secretKey: string; webhookSecret: string }) {
  const contract = await stripeContract();
  const spec = contract.document('spec3.yaml');
  const records: StripeRecord[] = [];
  const problems: string[] = [];
  const sessions = new Map<string, StandinSession>();
  const sessionLines = new Map<string, { name: string; unit_amount: number; quantity: number }[]>();
  const intents = new Map<string, { id: string; amount: number; currency: string; refunded: number; metadata: Record<string, string> }>();
  const refunds: { id: string; payment_intent: string; amount: number; metadata: Record<string, string> }[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let webhookUrl: string | null = null;
  let failRefunds = false;
  /** The status the next refund answers with (tests of the statuses Haven does not expect). */
  let nextRefundStatus: string | null = null;

  const id = (prefix: string) => `${prefix}_test_${crypto.randomBytes(12).toString('hex')}`;
  const error = (status: number, type: string, message: string) => ({ status, body: { error: { type, message } } });

  function route(method: string, path: string, form: any): { status: number; body: unknown } {
    const now = Math.floor(Date.now() / 1000);
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const lines = Array.isArray(form.line_items) ? form.line_items : [];
      if (form.mode !== 'payment') return error(400, 'invalid_request_error', 'mode must be payment');
      if (!lines.length) return error(400, 'invalid_request_error', 'line_items required');
      let total = 0;
      let currency = '';
      for (const line of lines) {
        const amount = Number(line?.price_data?.unit_amount);
        if (!/^\d+$/.test(String(line?.price_data?.unit_amount)) || amount <= 0) return error(400, 'invalid_request_error', 'unit_amount must be a positive integer');
        if (!line?.price_data?.product_data?.name) return error(400, 'invalid_request_error', 'product_data.name required');
        if (!/^[a-z]{3}$/.test(String(line.price_data.currency))) return error(400, 'invalid_request_error', 'currency must be a lower-case ISO code');
        if (currency && currency !== line.price_data.currency) return error(400, 'invalid_request_error', 'one currency per session');
        currency = line.price_data.currency;
        total += amount * Number(line.quantity ?? 1);
      }
      const expiresAt = Number(form.expires_at);
      if (!(expiresAt >= now + 30 * 60 - 5 && expiresAt <= now + 24 * 3600)) return error(400, 'invalid_request_error', 'expires_at must be between 30 minutes and 24 hours from now');
      if (!form.metadata?.havenPayment) return error(400, 'invalid_request_error', 'test stand-in: metadata.havenPayment expected');
      if (!form.success_url || !form.cancel_url) return error(400, 'invalid_request_error', 'success_url and cancel_url required');
      const session: StandinSession = {
        ...stripeFixture('checkout.session'),
        id: id('cs'),
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: total,
        amount_subtotal: total,
        currency,
        metadata: form.metadata ?? {},
        client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null,
        expires_at: expiresAt,
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        url: '',
        payment_intent: null,
        customer_details: null,
        created: now,
      };
      session.url = `${base}/pay/${session.id}`;
      sessions.set(session.id, session);
      sessionLines.set(session.id, lines.map((l: any) => ({ name: l.price_data.product_data.name, unit_amount: Number(l.price_data.unit_amount), quantity: Number(l.quantity ?? 1) })));
      return { status: 200, body: session };
    }
    let match = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)$/.exec(path);
    if (method === 'GET' && match) {
      const session = sessions.get(match[1]);
      return session ? { status: 200, body: session } : error(404, 'invalid_request_error', 'No such checkout.session');
    }
    match = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)\/expire$/.exec(path);
    if (method === 'POST' && match) {
      const session = sessions.get(match[1]);
      if (!session) return error(404, 'invalid_request_error', 'No such checkout.session');
      if (session.status !== 'open') return error(400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This session has status "${session.status}".`);
      session.status = 'expired';
      session.url = null;
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(form.payment_intent);
      if (!intent) return error(404, 'invalid_request_error', 'No such payment_intent');
      const amount = form.amount === undefined ? intent.amount - intent.refunded : Number(form.amount);
      if (!Number.isInteger(amount) || amount <= 0) return error(400, 'invalid_request_error', 'amount must be a positive integer');
      if (intent.refunded + amount > intent.amount) return error(400, 'invalid_request_error', 'Refund amount is greater than unrefunded amount on charge');
      if (failRefunds) return error(402, 'card_error', 'The refund could not be processed (stand-in told to fail)');
      intent.refunded += amount;
      const refund = { ...stripeFixture('refund'), id: id('re'), object: 'refund', payment_intent: intent.id, charge: id('ch'), amount, currency: intent.currency, status: nextRefundStatus ?? 'succeeded', reason: form.reason ?? null, metadata: form.metadata ?? {}, created: now };
      nextRefundStatus = null;
      refunds.push(refund);
      return { status: 200, body: refund };
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path})`);
  }

  function payPage(session: StandinSession) {
    const amount = (session.amount_total / 100).toFixed(2);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title></head><body><main>
<h1>Pay ${amount} ${session.currency.toUpperCase()}</h1>
<ul>${(sessionLines.get(session.id) ?? []).map((l) => `<li>${l.name.replace(/[<>&"]/g, '')}</li>`).join('')}</ul>
<form method="post"><button type="submit">Pay now</button></form>
<p><a href="${session.cancel_url}">Cancel and go back</a></p></main></body></html>`;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://standin');
      const payMatch = /^\/pay\/([A-Za-z0-9_]+)$/.exec(url.pathname);
      if (payMatch) {
        const session = sessions.get(payMatch[1]);
        if (!session) return void res.writeHead(404).end('no such session');
        if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(payPage(session));
        if (session.status === 'open') await api.pay(session.id, { deliver: true });
        return void res.writeHead(303, { location: session.success_url }).end();
      }

      // The checkout page's browser asks for more than the page (a favicon): not the API, not recorded.
      if (!url.pathname.startsWith('/v1/')) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const form = raw ? qs.parse(raw, { depth: 10, arrayLimit: 100 }) : {};
      const key = headers['idempotency-key'] ?? null;
      const record: StripeRecord = { method: req.method ?? 'GET', path: url.pathname, headers, form, status: 0, idempotencyKey: key };
      records.push(record);
      const call = { method: record.method, path: record.path, headers, query: qs.parse(url.search.slice(1), { depth: 10 }), body: record.method === 'POST' ? structuredClone(form) : undefined };
      const reply = (status: number, body: unknown) => {
        record.status = status;
        const wrong = contract.checkResponse(call, status, body);
        if (wrong.length) problems.push(`the stand-in's answer to ${record.method} ${record.path} (${status}) is not what Stripe's specification allows: ${wrong.join('; ')}`);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(JSON.stringify(body));
      };
      if (headers.authorization !== `Bearer ${options.secretKey}`) return reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      // What Stripe would refuse, refused here with the validator's words.
      const refused = contract.checkRequest(call);
      if (refused.length) {
        const message = `${record.method} ${record.path} does not match Stripe's published API (${spec.source.repository}@${spec.source.commit.slice(0, 7)}): ${refused.join('; ')}`;
        problems.push(message);
        return reply(400, { error: { type: 'invalid_request_error', message } });
      }
      if (!headers['stripe-version']) problems.push(`${record.method} ${record.path} without Stripe-Version`);
      if (record.method === 'POST') {
        if (!headers['content-type']?.startsWith('application/x-www-form-urlencoded')) problems.push(`${record.path} not form-encoded`);
        if (!key) return reply(400, { error: { type: 'invalid_request_error', message: 'test stand-in: Idempotency-Key expected on every POST' } });
        const fingerprint = `${record.path} ${raw}`;
        const seen = idempotency.get(key);
        if (seen) {
          if (seen.fingerprint !== fingerprint) return reply(400, { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } });
          res.setHeader('idempotent-replayed', 'true');
          return reply(seen.status, seen.body);
        }
        const result = route(record.method, record.path, form);
        if (result.status < 500) idempotency.set(key, { fingerprint, ...result });
        return reply(result.status, result.body);
      }
      const result = route(record.method, record.path, form);
      reply(result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api = {
    base,
    records,
    problems,
    sessions,
    refunds,
    intents,
    /** The CMS's variables for paying through this stand-in. */
    havenEnv() {
      return { STRIPE_SECRET_KEY: options.secretKey, STRIPE_WEBHOOK_SECRET: options.webhookSecret, STRIPE_API_BASE: base };
    },
    /** Where signed events go when the checkout page is used (the CMS's webhook URL). */
    deliverTo(url: string) {
      webhookUrl = url;
    },
    failRefunds(on: boolean) {
      failRefunds = on;
    },
    /** The next refund answers with this status (Stripe documents pending, requires_action, succeeded, failed, canceled). */
    refundNextAs(status: string) {
      nextRefundStatus = status;
    },
    /** The payer pays: the session completes with a payment intent of its amount (optionally another amount). */
    async pay(sessionId: string, opts: { amount?: number; currency?: string; deliver?: boolean } = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const intent = { id: id('pi'), amount: opts.amount ?? session.amount_total, currency: opts.currency ?? session.currency, refunded: 0, metadata: session.metadata };
      intents.set(intent.id, intent);
      session.status = 'complete';
      session.payment_status = 'paid';
      session.payment_intent = intent.id;
      session.amount_total = intent.amount;
      session.currency = intent.currency;
      const event = api.event('checkout.session.completed', session);
      if (opts.deliver && webhookUrl) await api.deliver(webhookUrl, event);
      return { session, intent, event };
    },
    /**
     * A Stripe event as Stripe sends it: the object starts from Stripe's fixture of its kind with the
     * given fields over it, and the whole event must be one Stripe's specification allows (a type
     * Stripe sends, an envelope and an object of the right shape): otherwise this throws, with the
     * validator's message, in the test that built it.
     */
    event(type: string, object: { object: string; [field: string]: unknown }, eventId = id('evt')) {
      if (!EVENT_OBJECTS.has(object.object)) throw new Error(`the Stripe stand-in has no ${object.object} objects`);
      const full = { ...stripeFixture(object.object), ...object };
      const event = { ...stripeFixture('event'), id: eventId, object: 'event', api_version: '2023-08-16', created: Math.floor(Date.now() / 1000), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: full } };
      const wrong = [
        ...(spec.enumOf('eventTypes').includes(type) ? [] : [`type ${type} is not an event Stripe sends`]),
        ...spec.checkSchema('event', event),
        ...spec.checkSchema(object.object, full).map((message) => `data.object${message}`),
      ];
      if (wrong.length) throw new Error(`not an event Stripe's specification allows: ${wrong.join('; ')}`);
      return event;
    },
    chargeRefunded(intentId: string, extra: Record<string, unknown> = {}) {
      const intent = intents.get(intentId)!;
      return api.event('charge.refunded', { id: id('ch'), object: 'charge', amount: intent.amount, amount_captured: intent.amount, captured: true, amount_refunded: intent.refunded, currency: intent.currency, payment_intent: intentId, metadata: {}, refunded: intent.refunded >= intent.amount, ...extra });
    },
    /** Signs a payload exactly as Stripe does, with the SDK's own test helper. */
    sign(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
      return stripeSdk.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? options.webhookSecret, timestamp: opts.timestamp });
    },
    /** POSTs a signed event to Haven's webhook, as Stripe would. */
    async deliver(url: string, event: unknown, opts: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
      const payload = JSON.stringify(event, null, 2);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
      const signature = opts.signature === undefined ? api.sign(payload, opts) : opts.signature;
      if (signature !== null) headers['stripe-signature'] = signature;
      const res = await fetch(url, { method: 'POST', headers, body: payload });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

export type StripeStandin = Awaited<ReturnType<typeof startStripeStandin>>;
