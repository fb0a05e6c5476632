import type { APIRoute } from 'astro';
import { redactText } from '@haven/shared/redact';
import { cms } from '../../lib/cms';
import { readForm, text } from '../../lib/forms';
import { cookieOptions } from '../../lib/session';
import { PAYMENT_FLASH, providerRedirect, type CheckoutResult } from '../../lib/payments';

/**
 * POST /payments/checkout (the "Pay" form of a session page): starts the checkout in the CMS, then
 * sends the payer to the provider page the CMS returned (never an address from the request), or,
 * for the manual provider, to the payment's page.
 */
export const POST: APIRoute = async ({ request, locals, redirect, cookies, clientAddress }) => {
  const form = await readForm(request);
  const booking = form ? text(form, 'booking') : '';
  const back = /^[A-Za-z0-9]{1,64}$/.test(booking) ? `/sessions/${booking}` : '/sessions';
  if (!locals.user || !locals.token) return redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  const fail = (message: string) => {
    cookies.set(PAYMENT_FLASH, JSON.stringify({ message: message.slice(0, 300) }), cookieOptions(120));
    return redirect(back, 303);
  };
  if (back === '/sessions') return fail('Please choose a session to pay for.');
  const provider = form ? text(form, 'provider') : '';
  const result = await cms<{ data: CheckoutResult }>('/api/payments/checkout', {
    body: { booking, ...(provider === 'stripe' || provider === 'paypal' ? { provider } : {}) },
    token: locals.token,
    clientIp: clientAddress,
  });
  if (!result.ok) return fail(result.message);
  const { payment, url } = result.data.data;
  if (url === null) return redirect(`/payments/return?payment=${payment.id}`, 303);
  const target = providerRedirect(url);
  if (!target) {
    console.error(`[payments] refused to redirect to a provider URL outside PAYMENT_REDIRECT_ORIGINS: ${redactText(url).slice(0, 100)}`);
    return fail('We could not open the payment page. Please try again in a moment.');
  }
  return redirect(target, 303);
};
