import { describe, expect, it } from 'vitest';
import { plainText } from '../plain-text';
import { instructionsInput, markInput } from '../validation';
import { renderReceiptHtml } from '../receipt-html';
import { describeReceipt } from '../receipt';

describe('plainText (payment instructions, notes)', () => {
  it('keeps line breaks, drops invisible controls and trailing spaces, and empties to null', () => {
    expect(plainText('  IBAN DE89 3704 0044 0532 0130 00  \r\nRef: your name\t\u0007\r\n\r\n')).toBe('IBAN DE89 3704 0044 0532 0130 00\nRef: your name');
    expect(plainText('a\u202eb')).toBe('ab');
    expect(plainText(' \n\t \r\n')).toBeNull();
  });

  it('is linear on long adversarial input', () => {
    const started = performance.now();
    plainText(`${' \t'.repeat(200_000)}x${'\r\n '.repeat(200_000)}`);
    plainText(`${' '.repeat(400_000)}\n`.repeat(2));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('instructions and note validation', () => {
  it('measures the stored form and refuses more than the limit', () => {
    expect(instructionsInput.parse({ instructions: `${'x'.repeat(1000)}   ` }).instructions).toHaveLength(1000);
    expect(instructionsInput.safeParse({ instructions: 'x'.repeat(1001) }).success).toBe(false);
    expect(instructionsInput.safeParse({ instructions: 'ok', extra: 1 }).success).toBe(false);
    expect(instructionsInput.safeParse({ instructions: 'bad \ud800' }).success).toBe(false);
    expect(instructionsInput.parse({ instructions: '   ' }).instructions).toBeNull();
    expect(markInput.safeParse({ outcome: 'paid', note: 'n'.repeat(501) }).success).toBe(false);
    expect(markInput.parse({ outcome: 'paid', note: ' Bank transfer 12 March ' }).note).toBe('Bank transfer 12 March');
  });
});

describe('receipt with a note and instructions', () => {
  it('shows the note and escapes the instructions line by line', () => {
    const data = {
      paymentId: 'abc', status: 'pending' as const, provider: 'manual' as const, waived: false, amountMinor: 9000, refundedMinor: 0, currency: 'EUR',
      createdAt: '2026-03-01T10:00:00.000Z', paidAt: null, payerName: 'Alex', therapistName: 'Dr <b>Rivera</b>', sessions: [], refunds: [],
      note: 'Paid in cash', instructions: 'IBAN DE89\n<script>alert(1)</script>', timeZone: 'UTC', issuedAt: '2026-03-01T10:00:00.000Z',
    };
    expect(describeReceipt(data).facts).toContainEqual(['Note', 'Paid in cash']);
    const html = renderReceiptHtml(data);
    expect(html).toContain('IBAN DE89<br>&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('How to pay Dr &lt;b&gt;Rivera&lt;/b&gt;');
  });
});
