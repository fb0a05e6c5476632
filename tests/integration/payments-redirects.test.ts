import { describe, expect, it } from 'vitest';
import { providerRedirect, validPaymentId } from '../../site/src/lib/payments';

/** The site sends payers only to provider pages on known origins, whatever the CMS or a visitor says. */
describe('payment redirects on the site', () => {
  it('follows Stripe Checkout and PayPal pages', () => {
    expect(providerRedirect('https://checkout.stripe.com/c/pay/cs_test_a1b2')).toBe('https://checkout.stripe.com/c/pay/cs_test_a1b2');
    expect(providerRedirect('https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T')).toBe('https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T');
    expect(providerRedirect('https://www.paypal.com/checkoutnow?token=X')).toBe('https://www.paypal.com/checkoutnow?token=X');
  });

  it('refuses every other address', () => {
    for (const url of [
      'https://checkout.stripe.com.evil.example/c/pay/x',
      'https://evil.example/?https://checkout.stripe.com',
      'http://checkout.stripe.com/c/pay/x',
      'https://checkout.stripe.com:8443/c/pay/x',
      'https://user@evil.example',
      '//checkout.stripe.com/c/pay/x',
      '/payments/return?payment=x',
      'javascript:alert(1)',
      'data:text/html,hi',
      '',
      null,
      undefined,
      `https://checkout.stripe.com/${'a'.repeat(3000)}`,
    ]) {
      expect(providerRedirect(url as string | null | undefined), String(url).slice(0, 60)).toBeNull();
    }
  });

  it('reads payment ids from addresses strictly', () => {
    expect(validPaymentId('abc123XYZ')).toBe(true);
    for (const id of ['', '../x', 'a b', 'x'.repeat(65), null]) expect(validPaymentId(id as string | null)).toBe(false);
  });
});
