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
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import Stripe from 'stripe';

export interface StripeRecord {
  method: string;
  path: string;
  headers: Record<string, string>;
  form: any;
  status: number;
  idempotencyKey: string | null;
}

export interface StandinSession {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  customer_email: string | null;
  expires_at: number;
  success_url: string;
  cancel_url: string;
  url: string;
  payment_intent: string | null;
  line_items: { name: string; unit_amount: number; quantity: number }[];
  created: number;
}

const stripeSdk = new Stripe('sk_test_signing_only');

export async function startStripeStandin(options: { secretKey: string; webhookSecret: string }) {
  const records: StripeRecord[] = [];
  const problems: string[] = [];
  const sessions = new Map<string, StandinSession>();
  const intents = new Map<string, { id: string; amount: number; currency: string; refunded: number; metadata: Record<string, string> }>();
  const refunds: { id: string; payment_intent: string; amount: number; metadata: Record<string, string> }[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let webhookUrl: string | null = null;
  let failRefunds = false;

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
        id: id('cs'),
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: total,
        currency,
        metadata: form.metadata ?? {},
        client_reference_id: form.client_reference_id ?? null,
        customer_email: form.customer_email ?? null,
        expires_at: expiresAt,
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        url: '',
        payment_intent: null,
        line_items: lines.map((l: any) => ({ name: l.price_data.product_data.name, unit_amount: Number(l.price_data.unit_amount), quantity: Number(l.quantity ?? 1) })),
        created: now,
      };
      session.url = `${base}/pay/${session.id}`;
      sessions.set(session.id, session);
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
      const refund = { id: id('re'), object: 'refund', payment_intent: intent.id, amount, currency: intent.currency, status: 'succeeded', metadata: form.metadata ?? {} };
      refunds.push(refund);
      return { status: 200, body: refund };
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path})`);
  }

  function payPage(session: StandinSession) {
    const amount = (session.amount_total / 100).toFixed(2);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title></head><body><main>
<h1>Pay ${amount} ${session.currency.toUpperCase()}</h1>
<ul>${session.line_items.map((l) => `<li>${l.name.replace(/[<>&"]/g, '')}</li>`).join('')}</ul>
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

      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const form = raw ? qs.parse(raw, { depth: 10, arrayLimit: 100 }) : {};
      const key = headers['idempotency-key'] ?? null;
      const record: StripeRecord = { method: req.method ?? 'GET', path: url.pathname, headers, form, status: 0, idempotencyKey: key };
      records.push(record);
      const reply = (status: number, body: unknown) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(JSON.stringify(body));
      };
      if (headers.authorization !== `Bearer ${options.secretKey}`) return reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
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
    /** Where signed events go when the checkout page is used (the CMS's webhook URL). */
    deliverTo(url: string) {
      webhookUrl = url;
    },
    failRefunds(on: boolean) {
      failRefunds = on;
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
    /** A Stripe event object as Stripe sends it. */
    event(type: string, object: unknown, eventId = id('evt')) {
      return { id: eventId, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
    },
    chargeRefunded(intentId: string, extra: Record<string, unknown> = {}) {
      const intent = intents.get(intentId)!;
      return api.event('charge.refunded', { id: id('ch'), object: 'charge', amount: intent.amount, amount_refunded: intent.refunded, currency: intent.currency, payment_intent: intentId, metadata: {}, refunded: intent.refunded >= intent.amount, ...extra });
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
