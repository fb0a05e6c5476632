import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paypalContract, stripeContract, stripeFixture } from '../helpers/api-contracts';
import { startPaypalStandin, type PaypalStandin } from '../helpers/paypal-standin';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';

/**
 * Issue 22: the stand-ins are held to Stripe's and PayPal's published OpenAPI documents. These tests
 * prove the check bites — a request either provider would refuse is refused by its stand-in with the
 * validator's message and changes nothing, and an answer or event of the wrong shape is caught — so a
 * mistake made twice (once in Haven, once in its stand-in) can no longer pass. No CMS is needed: the
 * requests go straight to the stand-ins, as Haven's SDKs send them.
 */
const SECRET = 'sk_test_contracts';
const PAYPAL = { clientId: 'AZ-contracts-client', clientSecret: 'EL-contracts-secret', webhookId: '5GP028458E2496506' };
const API_HOST = 'api-m.sandbox.paypal.com';

describe('payment stand-ins held to the providers\' published specifications', () => {
  let stripe: StripeStandin;
  let paypal: PaypalStandin;

  beforeAll(async () => {
    stripe = await startStripeStandin({ secretKey: SECRET, webhookSecret: 'whsec_contracts' });
    paypal = await startPaypalStandin(PAYPAL);
  });
  afterAll(async () => {
    await stripe?.close();
    await paypal?.close();
  });

  it('the trimmed documents are the ones sources.json pins, and hold every operation it lists', () => {
    const dir = path.resolve(__dirname, '..', 'contracts');
    type Source = { repository: string; commit: string; documents: { file: string; output: string; operations: [string, string][] }[]; fixtures?: { output: string } };
    const sources = JSON.parse(fs.readFileSync(path.join(dir, 'sources.json'), 'utf8')) as Record<string, Source>;
    for (const [provider, source] of Object.entries(sources)) {
      if (provider.startsWith('$')) continue;
      for (const doc of source.documents) {
        const trimmed = JSON.parse(fs.readFileSync(path.join(dir, doc.output), 'utf8')) as { 'x-haven-source': { repository: string; commit: string; file: string }; paths: Record<string, Record<string, unknown>> };
        expect(trimmed['x-haven-source']).toEqual({ repository: source.repository, commit: source.commit, file: doc.file });
        for (const [method, route] of doc.operations) expect(trimmed.paths[route]?.[method], `${doc.output}: ${method} ${route}`).toBeTruthy();
        expect(JSON.stringify(trimmed)).not.toMatch(/"description":"[^"]/);
      }
      if (source.fixtures) expect(JSON.parse(fs.readFileSync(path.join(dir, source.fixtures.output), 'utf8'))['x-haven-source'].commit).toBe(source.commit);
    }
  });

  /** A form-encoded POST as the stripe SDK sends it (a new idempotency key each time). */
  async function stripePost(path: string, form: string) {
    const res = await fetch(`${stripe.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/x-www-form-urlencoded', 'stripe-version': '2023-08-16', 'idempotency-key': crypto.randomUUID() },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { error?: { type: string; message: string } } };
  }

  const session = (extra: string) =>
    `mode=payment&line_items[0][quantity]=1&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=9000&line_items[0][price_data][product_data][name]=Session&metadata[havenPayment]=p1&expires_at=${Math.floor(Date.now() / 1000) + 3600}&success_url=https://haven.example/ok&cancel_url=https://haven.example/no${extra}`;

  it('Stripe: a well-formed Checkout Session and refund pass, answered with every field Stripe sends', async () => {
    const created = await stripePost('/v1/checkout/sessions', session(''));
    expect(created.status).toBe(200);
    // Fields Haven never reads but Stripe always sends come from Stripe's fixture of the same commit.
    expect(created.body).toHaveProperty('payment_method_types');
    expect(created.body).toHaveProperty('custom_fields');
    expect(stripe.problems).toEqual([]);
  });

  const refusedByStripe: [string, string, string, RegExp][] = [
    ['a misspelt parameter', '/v1/refunds', 'payment_intnet=pi_1&amount=100', /must NOT have additional properties \(additionalProperty: payment_intnet\)/],
    ['a wrong enum value', '/v1/refunds', 'payment_intent=pi_1&reason=because', /body\/reason must be equal to one of the allowed values \(allowedValues: "duplicate", "fraudulent", "requested_by_customer"\)/],
    ['an amount as a string where an integer is required', '/v1/refunds', 'payment_intent=pi_1&amount=ten', /body\/amount must be integer/],
    ['an amount with decimals', '/v1/refunds', 'payment_intent=pi_1&amount=12.50', /body\/amount must be integer/],
    ['a misspelt mode', '/v1/checkout/sessions', session('').replace('mode=payment', 'mode=paymnet'), /body\/mode must be equal to one of the allowed values/],
    ['a misspelt nested parameter', '/v1/checkout/sessions', session('&payment_intent_data[descripton]=x'), /body\/payment_intent_data must NOT have additional properties \(additionalProperty: descripton\)/],
    ['a unit amount as a word', '/v1/checkout/sessions', session('').replace('unit_amount]=9000', 'unit_amount]=ninety'), /unit_amount must be integer/],
    ['a required field missing in a line', '/v1/checkout/sessions', session('').replace('&line_items[0][price_data][currency]=usd', ''), /price_data must have required property 'currency'/],
    ['an expiry that is not a timestamp', '/v1/checkout/sessions', session('').replace(/expires_at=\d+/, 'expires_at=tomorrow'), /body\/expires_at must be integer/],
  ];
  it.each(refusedByStripe)('Stripe refuses %s with the validator\'s message, and nothing is written', async (_case, path, form, message) => {
    const sessionsBefore = stripe.sessions.size;
    const refundsBefore = stripe.refunds.length;
    const problemsBefore = stripe.problems.length;
    const res = await stripePost(path, form);
    expect(res.status).toBe(400);
    expect(res.body.error?.type).toBe('invalid_request_error');
    expect(res.body.error?.message).toMatch(/does not match Stripe's published API \(stripe\/openapi@63a6746\)/);
    expect(res.body.error?.message).toMatch(message);
    expect(stripe.problems.slice(problemsBefore)).toHaveLength(1);
    expect(stripe.sessions.size).toBe(sessionsBefore);
    expect(stripe.refunds.length).toBe(refundsBefore);
    stripe.problems.length = problemsBefore;
  });

  it('Stripe: an unknown query parameter on a retrieve is refused too', async () => {
    const created = await stripePost('/v1/checkout/sessions', session(''));
    const id = (created.body as { id: string }).id;
    const res = await fetch(`${stripe.base}/v1/checkout/sessions/${id}?expnad[]=line_items`, { headers: { authorization: `Bearer ${SECRET}`, 'stripe-version': '2023-08-16' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/query must NOT have additional properties \(additionalProperty: expnad\)/);
    stripe.problems.length = 0;
    const ok = await fetch(`${stripe.base}/v1/checkout/sessions/${id}?expand[]=line_items`, { headers: { authorization: `Bearer ${SECRET}`, 'stripe-version': '2023-08-16' } });
    expect(ok.status).toBe(200);
  });

  it('Stripe: answers and events of the wrong shape are caught', async () => {
    const contract = await stripeContract();
    const retrieve = { method: 'GET', path: '/v1/checkout/sessions/cs_test_1' };
    // The shape the stand-in answered with before issue 22: what we thought a session was.
    const ours = { id: 'cs_test_1', object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid', amount_total: 9000, currency: 'usd', metadata: {}, url: 'https://x', line_items: [{ name: 'Session', unit_amount: 9000, quantity: 1 }] };
    const wrong = contract.checkResponse(retrieve, 200, ours);
    expect(wrong).toEqual(expect.arrayContaining([expect.stringMatching(/must have required property 'custom_fields'/), expect.stringMatching(/line_items must be object/)]));
    expect(contract.checkResponse(retrieve, 200, { ...stripeFixture('checkout.session'), status: 'done' })).toEqual([expect.stringMatching(/\/status must be equal to one of the allowed values/)]);
    expect(contract.checkResponse(retrieve, 200, stripeFixture('checkout.session'))).toEqual([]);
    expect(contract.checkResponse({ method: 'POST', path: '/v1/refunds' }, 400, { error: { message: 'no type' } })).toEqual([expect.stringMatching(/error must have required property 'type'/)]);

    expect(() => stripe.event('checkout.session.complete', { object: 'checkout.session' })).toThrow(/type checkout.session.complete is not an event Stripe sends/);
    expect(() => stripe.event('checkout.session.completed', { object: 'checkout.session', amount_total: '9000' })).toThrow(/data.object\/amount_total must be integer/);
    expect(() => stripe.event('charge.refunded', { object: 'charge', amount_refunded: null })).toThrow(/amount_refunded must be integer/);
    expect(stripe.event('checkout.session.completed', { object: 'checkout.session', payment_status: 'paid' }).type).toBe('checkout.session.completed');
  });

  /** One request to PayPal's API host through the stand-in's CONNECT proxy, TLS verified, as the PayPal SDK sends it. */
  async function paypalRequest(method: string, path: string, headers: Record<string, string>, body: string) {
    const proxy = new URL(paypal.proxy);
    const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
      http.request({ host: proxy.hostname, port: Number(proxy.port), method: 'CONNECT', path: `${API_HOST}:443` }).on('connect', (_res, raw) => resolve(raw)).on('error', reject).end();
    });
    const secure = tls.connect({ socket, servername: API_HOST });
    return new Promise<{ status: number; body: { name?: string; message?: string; details?: { issue: string; description?: string }[]; access_token?: string } }>((resolve, reject) => {
      const req = http.request({ createConnection: () => secure, host: API_HOST, method, path, headers: { host: API_HOST, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function paypalToken() {
    const res = await paypalRequest('POST', '/v1/oauth2/token', { authorization: `Basic ${Buffer.from(`${PAYPAL.clientId}:${PAYPAL.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials');
    expect(res.status).toBe(200);
    return res.body.access_token!;
  }

  const order = (overrides: Record<string, unknown> = {}, unit: Record<string, unknown> = {}) =>
    JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ custom_id: 'p1', amount: { currency_code: 'USD', value: '90.00' }, ...unit }], payment_source: { paypal: { experience_context: { return_url: 'https://haven.example/ok', cancel_url: 'https://haven.example/no' } } }, ...overrides });

  const refusedByPaypal: [string, string, RegExp][] = [
    ['a misspelt required field', JSON.stringify({ intnet: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'USD', value: '90.00' } }] }), /body must have required property 'intent'/],
    ['a wrong enum value', order({ intent: 'SALE' }), /body\/intent must be equal to one of the allowed values \(allowedValues: "CAPTURE", "AUTHORIZE"\)/],
    ['an amount as a number where PayPal wants a decimal string', order({}, { amount: { currency_code: 'USD', value: 90 } }), /body\/purchase_units\/0\/amount\/value must be string/],
    ['a description longer than PayPal keeps', order({}, { description: 'x'.repeat(128) }), /description must NOT have more than 127 characters/],
    ['a currency code in lower case', order({}, { amount: { currency_code: 'usd', value: '90.00' } }), /currency_code must match format "ppaas_common_currency_code_v2"/],
    ['a custom id longer than PayPal keeps', order({}, { custom_id: 'x'.repeat(128) }), /custom_id must NOT have more than 127 characters/],
    ['no purchase units', order({ purchase_units: [] }), /purchase_units must NOT have fewer than 1 items/],
  ];
  it.each(refusedByPaypal)('PayPal refuses %s with the validator\'s message, and nothing is written', async (_case, body, message) => {
    const token = await paypalToken();
    const ordersBefore = paypal.orders.size;
    const problemsBefore = paypal.problems.length;
    const res = await paypalRequest('POST', '/v2/checkout/orders', { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'paypal-request-id': crypto.randomUUID(), prefer: 'return=representation' }, body);
    expect(res.status).toBe(400);
    expect(res.body.name).toBe('INVALID_REQUEST');
    const descriptions = (res.body.details ?? []).map((detail) => detail.description).join('\n');
    expect(descriptions).toMatch(message);
    expect(paypal.problems.slice(problemsBefore).join('\n')).toMatch(/does not match PayPal's published API \(paypal\/paypal-rest-api-specifications@ec4d8f3\)/);
    expect(paypal.orders.size).toBe(ordersBefore);
    paypal.problems.length = problemsBefore;
  });

  it('PayPal: a well-formed order passes and its answer, the capture refusals and the signature check are all in the specification', async () => {
    const token = await paypalToken();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'return=representation' };
    const created = await paypalRequest('POST', '/v2/checkout/orders', { ...auth, 'paypal-request-id': crypto.randomUUID() }, order());
    expect(created.status).toBe(200);
    const id = (created.body as { id: string }).id;
    const early = await paypalRequest('POST', `/v2/checkout/orders/${id}/capture`, { ...auth, 'paypal-request-id': crypto.randomUUID() }, '');
    expect(early).toMatchObject({ status: 422, body: { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_NOT_APPROVED' }] } });
    const missing = await paypalRequest('GET', '/v2/checkout/orders/NOSUCHORDER1', { authorization: `Bearer ${token}` }, '');
    expect(missing).toMatchObject({ status: 404, body: { name: 'RESOURCE_NOT_FOUND' } });
    const check = await paypalRequest('POST', '/v1/notifications/verify-webhook-signature', auth, JSON.stringify({ auth_algo: 'SHA256withRSA', cert_url: 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1', transmission_id: crypto.randomUUID(), transmission_sig: 'Sabc', transmission_time: new Date().toISOString(), webhook_id: PAYPAL.webhookId, webhook_event: { id: 'WH-1', event_type: 'PAYMENT.CAPTURE.COMPLETED' } }));
    expect(check).toMatchObject({ status: 200, body: { verification_status: 'FAILURE' } });
    // A webhook id PayPal would never issue is refused by PayPal's own check of the request.
    const oddId = await paypalRequest('POST', '/v1/notifications/verify-webhook-signature', auth, JSON.stringify({ auth_algo: 'SHA256withRSA', cert_url: 'https://x', transmission_id: 'a', transmission_sig: 'Sabc', transmission_time: new Date().toISOString(), webhook_id: 'WH-not-alphanumeric', webhook_event: {} }));
    expect(oddId.status).toBe(400);
    expect(paypal.problems.join('\n')).toMatch(/webhook_id must match pattern/);
    paypal.problems.length = 0;
  });

  it('PayPal: answers and events of the wrong shape are caught', async () => {
    const contract = await paypalContract();
    const get = { method: 'GET', path: '/v2/checkout/orders/5O190127TN364715T' };
    expect(contract.checkResponse(get, 200, { id: '5O190127TN364715T', status: 'DONE' })).toEqual([expect.stringMatching(/\/status must be equal to one of the allowed values/)]);
    expect(contract.checkResponse(get, 200, { id: '5O190127TN364715T', status: 'COMPLETED', purchase_units: [{ payments: { captures: [{ id: 'C1', status: 'COMPLETED', amount: { currency_code: 'USD', value: 90 } }] } }] })).toEqual([expect.stringMatching(/captures\/0\/amount\/value must be string/)]);
    expect(contract.checkResponse(get, 404, { name: 'NOT_FOUND', message: 'gone' })).not.toEqual([]);
    // Optional fields absent: PayPal may leave out almost everything, and that is valid.
    expect(contract.checkResponse(get, 200, { id: '5O190127TN364715T' })).toEqual([]);

    expect(() => paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'C1', status: 'DONE' })).toThrow(/resource\/status must be equal to one of the allowed values/);
    expect(() => paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'C1', amount: { currency_code: 'USD', value: 90 } })).toThrow(/resource\/amount\/value must be string/);
    expect(() => paypal.event('PAYMENT.CAPTURE.REFUNDED', { id: 'R1', status: 'REVERSED' })).toThrow(/resource\/status must be equal to one of the allowed values/);
    expect(paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'C1', status: 'COMPLETED', amount: { currency_code: 'USD', value: '90.00' } }).event_type).toBe('PAYMENT.CAPTURE.COMPLETED');
  });
});
